import { describe, expect, it } from 'vitest';
import { asTable, printTable, tableFromObjects, type Table, type TableOptions } from '../../../cli/printers/table.js';

/** A Pod table as the server sends it: two priority-1 columns, rows with PartialObjectMetadata. */
const podTable: Table = {
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  metadata: { resourceVersion: '12' },
  columnDefinitions: [
    { name: 'Name', type: 'string', format: 'name', priority: 0 },
    { name: 'Ready', type: 'string', format: '', priority: 0 },
    { name: 'Status', type: 'string', format: '', priority: 0 },
    { name: 'Restarts', type: 'integer', format: '', priority: 0 },
    { name: 'IP', type: 'string', format: '', priority: 1 },
    { name: 'Node', type: 'string', format: '', priority: 1 },
  ],
  rows: [
    { cells: ['web-7d9-abcde', '1/1', 'Running', 0, '10.244.0.7', 'node-1'], object: { metadata: { name: 'web-7d9-abcde', namespace: 'default' } } },
    { cells: ['db-0', '0/1', 'ContainerCreating', 12, null, 'node-22'], object: { metadata: { name: 'db-0', namespace: 'storage' } } },
  ],
};

const base: TableOptions = { wide: false, withNamespace: false };

describe('printTable', () => {
  it.each([
    {
      scenario: 'default columns, widest cell + 3 spaces, no trailing spaces',
      opts: base,
      want: [
        'NAME            READY   STATUS              RESTARTS',
        'web-7d9-abcde   1/1     Running             0',
        'db-0            0/1     ContainerCreating   12',
      ],
    },
    {
      scenario: '-o wide shows priority-1 columns, null as <none>',
      opts: { ...base, wide: true },
      want: [
        'NAME            READY   STATUS              RESTARTS   IP           NODE',
        'web-7d9-abcde   1/1     Running             0          10.244.0.7   node-1',
        'db-0            0/1     ContainerCreating   12         <none>       node-22',
      ],
    },
    {
      scenario: '-A puts NAMESPACE first, read from the row object',
      opts: { ...base, withNamespace: true },
      want: [
        'NAMESPACE   NAME            READY   STATUS              RESTARTS',
        'default     web-7d9-abcde   1/1     Running             0',
        'storage     db-0            0/1     ContainerCreating   12',
      ],
    },
    {
      scenario: 'several kinds prefix the name column',
      opts: { ...base, namePrefix: 'pod/', noHeaders: true },
      want: [
        'pod/web-7d9-abcde   1/1   Running             0',
        'pod/db-0            0/1   ContainerCreating   12',
      ],
    },
  ])('$scenario', ({ opts, want }) => {
    expect(printTable(podTable, opts)).toBe(`${want.join('\n')}\n`);
  });

  it('prints nothing for an empty table', () => {
    expect(printTable({ ...podTable, rows: [] }, base)).toBe('');
  });
});

describe('asTable / tableFromObjects', () => {
  it('narrows a Table body and rejects a list', () => {
    expect(asTable(JSON.parse(JSON.stringify(podTable)))?.rows).toHaveLength(2);
    expect(asTable({ kind: 'PodList', items: [] })).toBeUndefined();
  });

  it('builds NAME and AGE when the server sends plain objects', () => {
    const t = tableFromObjects([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', creationTimestamp: '2024-01-01T00:00:00Z' } }], new Date('2024-01-01T00:05:30Z'));
    expect(printTable(t, base)).toBe('NAME   AGE\na      5m30s\n');
  });
});
