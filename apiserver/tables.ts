/**
 * Server-side Table printing (meta.k8s.io/v1 Table) with each kind's printer (api/kinds/), the
 * same columns kubectl shows, so `kubectl get` and `tug get` print identical output.
 */
import { ageSince } from '../api/duration.js';
import type { Printer } from '../api/kinds/kind.js';
import { resourceByKind } from '../api/resources.js';
import { column, type Table, type TableRow } from '../api/table.js';
import type { KubeObject } from '../api/types.js';

export type { Table, TableRow, ColumnDefinition } from '../api/table.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

const generic: Printer = { columns: [column('Name', 0, 'name'), column('Age')], cells: (o, now) => [o.metadata.name, ageSince(o.metadata.creationTimestamp, now)] };

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** Builds the Table for `objects` of `kind`. */
export function toTable(kind: string, objects: KubeObject[], opts: { now: Date; include: IncludeObject; resourceVersion?: string; withColumns?: boolean }): Table {
  const printer = resourceByKind(kind)?.printer ?? generic;
  const rows = objects.map((o) => {
    const row: TableRow = { cells: printer.cells(o, opts.now) };
    const object = rowObject(o, opts.include);
    if (object !== undefined) row.object = object;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {},
    columnDefinitions: opts.withColumns === false ? [] : printer.columns,
    rows,
  };
}

/** True when the Accept header asks for a Table. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept);
}
