import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../../api/resources.js';
import type { Namespace } from '../../../api/types.js';
import { deletionOrder, isTerminating, stillTerminating } from '../../../controllers/namespace/plan.js';

const ns = (extra: Partial<Namespace['metadata']>, phase?: 'Active' | 'Terminating'): Namespace =>
  ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', ...extra }, ...(phase ? { status: { phase } } : {}) });

describe('isTerminating', () => {
  it.each([
    { scenario: 'active', n: ns({}, 'Active'), want: false },
    { scenario: 'no status', n: ns({}), want: false },
    { scenario: 'phase Terminating', n: ns({}, 'Terminating'), want: true },
    { scenario: 'deletionTimestamp set', n: ns({ deletionTimestamp: '2024-01-01T00:00:00Z' }), want: true },
  ])('$scenario', ({ n, want }) => {
    expect(isTerminating(n)).toBe(want);
  });
});

describe('deletionOrder', () => {
  it('covers every namespaced kind and no cluster-scoped one', () => {
    const kinds = deletionOrder().map((r) => r.kind);
    expect(new Set(kinds)).toEqual(new Set(RESOURCES.filter((r) => r.namespaced).map((r) => r.kind)));
    expect(kinds).not.toContain('Namespace');
    expect(kinds).not.toContain('Node');
  });

  it('deletes controllers before what they manage, and Events last', () => {
    const kinds = deletionOrder().map((r) => r.kind);
    expect(kinds.slice(0, 2)).toEqual(['Deployment', 'ReplicaSet']);
    expect(kinds.indexOf('ReplicaSet')).toBeLessThan(kinds.indexOf('Pod'));
    expect(kinds[kinds.length - 1]).toBe('Event');
  });
});

describe('stillTerminating', () => {
  it.each([
    { scenario: 'graceful: object with deletionTimestamp', answer: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', deletionTimestamp: '2024-01-01T00:00:00Z' } }, want: true },
    { scenario: 'immediate: last state', answer: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, want: false },
    { scenario: 'Status answer', answer: { kind: 'Status' }, want: false },
  ])('$scenario', ({ answer, want }) => {
    expect(stillTerminating(answer)).toBe(want);
  });
});
