import { describe, expect, it } from 'vitest';
import type { ContainerStatus, Pod } from '../../api/types.js';
import { toTable } from '../../apiserver/tables.js';
import { makePod } from '../support/builders.js';

const NOW = new Date('2024-01-01T12:00:00Z');
const RESTARTS = 3; // column index: Name, Ready, Status, Restarts

function status(name: string, restartCount: number, lastFinishedAt?: string): ContainerStatus {
  return {
    name, image: 'busybox', ready: true, restartCount, state: { running: { startedAt: '2024-01-01T00:00:00Z' } },
    ...(lastFinishedAt !== undefined ? { lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: lastFinishedAt } } } : {}),
  };
}

function podWith(statuses: ContainerStatus[]): Pod {
  const pod = makePod('web').container({ name: 'a' }).container({ name: 'b' }).creationTimestamp('2024-01-01T00:00:00Z').phase('Running').build();
  pod.status = { ...pod.status, containerStatuses: statuses };
  return pod;
}

describe('Pod Table RESTARTS (kubectl printPod)', () => {
  it.each([
    { scenario: 'no container statuses yet', statuses: [], want: '0' },
    { scenario: 'no restarts', statuses: [status('a', 0), status('b', 0)], want: '0' },
    { scenario: 'restarted but no last termination recorded', statuses: [status('a', 2)], want: '2' },
    { scenario: 'one restart 2 s ago', statuses: [status('a', 1, '2024-01-01T11:59:58Z')], want: '1 (2s ago)' },
    {
      scenario: 'restarts summed, age of the newest termination across containers',
      statuses: [status('a', 4, '2024-01-01T11:00:00Z'), status('b', 1, '2024-01-01T11:57:30Z')],
      want: '5 (2m30s ago)',
    },
    {
      scenario: 'newest termination comes first',
      statuses: [status('a', 1, '2024-01-01T11:55:00Z'), status('b', 3, '2024-01-01T09:00:00Z')],
      want: '4 (5m ago)',
    },
    { scenario: 'unparseable finishedAt is ignored', statuses: [status('a', 1, 'soon')], want: '1' },
    { scenario: 'a termination without restarts shows no age', statuses: [status('a', 0, '2024-01-01T11:59:00Z')], want: '0' },
    { scenario: 'hours ago', statuses: [status('a', 12, '2024-01-01T02:00:00Z')], want: '12 (10h ago)' },
  ])('$scenario -> $want', ({ statuses, want }) => {
    const table = toTable('Pod', [podWith(statuses)], { now: NOW, include: 'None' });
    expect(table.columnDefinitions[RESTARTS]?.name).toBe('Restarts');
    expect(table.rows[0]?.cells[RESTARTS]).toBe(want);
  });
});

describe('ConfigMap Table DATA', () => {
  it.each([
    { scenario: 'data only', cm: { data: { a: '1', b: '2' } }, count: 2 },
    { scenario: 'binaryData only', cm: { binaryData: { f: 'AAEC' } }, count: 1 },
    { scenario: 'both', cm: { data: { a: '1' }, binaryData: { f: 'AAEC', g: 'AA==' } }, count: 3 },
    { scenario: 'neither', cm: {}, count: 0 },
  ])('$scenario -> $count', ({ cm, count }) => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', creationTimestamp: '2026-01-01T00:00:00Z' }, ...cm };
    const table = toTable('ConfigMap', [obj], { now: new Date('2026-01-01T00:00:10Z'), include: 'None' });
    expect(table.rows[0]?.cells).toEqual(['c', count, '10s']);
  });
});
