import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from '../../../api/types.js';
import { templateHash } from '../../../controllers/deployment/hash.js';
import { buildReplicaSet, replicaSetsToCleanUp, splitNewAndOld } from '../../../controllers/deployment/replicasets.js';
import { maxRevision, newRevision, revisionOf } from '../../../controllers/deployment/revision.js';
import { makeDeployment, makeReplicaSet } from '../../support/builders.js';

const withRevision = (name: string, rev: number | undefined, replicas = 0): ReplicaSet => {
  const b = makeReplicaSet(name).replicas(replicas).status({ replicas, observedGeneration: 1 });
  return (rev === undefined ? b : b.annotations({ 'deployment.kubernetes.io/revision': String(rev) })).build();
};

describe('revisions', () => {
  it.each([
    { scenario: 'first ReplicaSet', newRs: undefined, old: [], want: 1 },
    { scenario: 'template change after two revisions', newRs: undefined, old: [withRevision('a', 1), withRevision('b', 2)], want: 3 },
    { scenario: 'current ReplicaSet keeps its number', newRs: withRevision('b', 2), old: [withRevision('a', 1)], want: 2 },
    { scenario: 'rollback: the old ReplicaSet gets a new number', newRs: withRevision('a', 1), old: [withRevision('b', 2)], want: 3 },
    { scenario: 'unannotated ReplicaSets count as 0', newRs: withRevision('x', undefined), old: [], want: 1 },
  ])('newRevision: $scenario', ({ newRs, old, want }) => {
    expect(newRevision(newRs, old)).toBe(want);
  });

  it('revisionOf and maxRevision ignore garbage', () => {
    const bad = makeReplicaSet('bad').annotations({ 'deployment.kubernetes.io/revision': 'x' }).build();
    expect(revisionOf(bad)).toBe(0);
    expect(maxRevision([bad, withRevision('a', 4), withRevision('b', 2)])).toBe(4);
  });
});

describe('buildReplicaSet', () => {
  it('names it <deployment>-<hash>, adds the hash label and selector, revision and controller ref', () => {
    const d = makeDeployment('web').uid('d-uid').replicas(3).minReadySeconds(5).build();
    const hash = templateHash(d.spec.template);
    const rs = buildReplicaSet(d, 2, 1);
    expect(rs.metadata).toMatchObject({
      name: `web-${hash}`,
      namespace: 'default',
      labels: { app: 'web', 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/revision': '2' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true, blockOwnerDeletion: true }],
    });
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.template.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec).toMatchObject({ replicas: 1, minReadySeconds: 5 });
    expect(d.spec.template.metadata?.labels).toEqual({ app: 'web' }); // the Deployment is untouched
  });

  it('its template still hashes to the same value (so the next pass finds it as the new ReplicaSet)', () => {
    const d = makeDeployment('web').build();
    const { newRs, old } = splitNewAndOld(d, [makeReplicaSet('other').build(), buildReplicaSet(d, 1, 1)]);
    expect(newRs?.metadata.name).toBe(`web-${templateHash(d.spec.template)}`);
    expect(old.map((r) => r.metadata.name)).toEqual(['other']);
  });
});

describe('replicaSetsToCleanUp', () => {
  it.each([
    { scenario: 'within the limit', limit: 3, old: [withRevision('a', 1), withRevision('b', 2)], want: [] },
    { scenario: 'beyond the limit: lowest revisions first', limit: 1, old: [withRevision('c', 3), withRevision('a', 1), withRevision('b', 2)], want: ['a', 'b'] },
    { scenario: 'limit 0 removes every scaled-down old ReplicaSet', limit: 0, old: [withRevision('a', 1)], want: ['a'] },
    { scenario: 'never one that still has replicas', limit: 0, old: [withRevision('a', 1, 2), withRevision('b', 2)], want: ['b'] },
  ])('$scenario', ({ limit, old, want }) => {
    expect(replicaSetsToCleanUp(old, limit).map((r) => r.metadata.name)).toEqual(want);
  });

  it('skips a ReplicaSet whose status has not caught up with its spec', () => {
    const rs = makeReplicaSet('a').replicas(0).generation(3).status({ replicas: 0, observedGeneration: 2 }).build();
    expect(replicaSetsToCleanUp([rs], 0)).toEqual([]);
  });
});
