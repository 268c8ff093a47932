import { describe, expect, it } from 'vitest';
import { fromLabelSelector } from '../../../api/selector.js';
import { adoptPatch, claimDecision, controllerRefFor, releasePatch } from '../../../controllers/runtime/owners.js';
import { makePod, makeReplicaSet } from '../../support/builders.js';

const owner = makeReplicaSet('web').uid('rs-uid').labels({ app: 'web' }).build();
const other = makeReplicaSet('other').uid('other-uid').build();
const sel = fromLabelSelector(owner.spec.selector);

describe('claimDecision', () => {
  it.each([
    { scenario: 'controlled and selected', pod: makePod('p').labels({ app: 'web' }).controlledBy(owner).build(), want: 'keep' },
    { scenario: 'controlled, labels changed', pod: makePod('p').labels({ app: 'db' }).controlledBy(owner).build(), want: 'release' },
    { scenario: 'selected orphan', pod: makePod('p').labels({ app: 'web' }).build(), want: 'adopt' },
    { scenario: 'orphan being deleted', pod: makePod('p').labels({ app: 'web' }).deletionTimestamp().build(), want: 'ignore' },
    { scenario: 'controlled by someone else', pod: makePod('p').labels({ app: 'web' }).controlledBy(other).build(), want: 'ignore' },
    { scenario: 'not selected orphan', pod: makePod('p').labels({ app: 'db' }).build(), want: 'ignore' },
  ])('$scenario', ({ pod, want }) => {
    expect(claimDecision(pod, owner, sel)).toBe(want);
  });

  it('an empty selector selects nothing', () => {
    expect(claimDecision(makePod('p').labels({ app: 'web' }).build(), owner, [])).toBe('ignore');
  });

  it('an owner being deleted adopts nothing', () => {
    const dying = { ...owner, metadata: { ...owner.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } };
    expect(claimDecision(makePod('p').labels({ app: 'web' }).build(), dying, sel)).toBe('ignore');
  });
});

describe('owner patches', () => {
  it('controllerRefFor sets controller and blockOwnerDeletion', () => {
    expect(controllerRefFor(owner)).toEqual({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true });
  });

  it('adoptPatch appends to existing references and pins the resourceVersion', () => {
    const pod = makePod('p').resourceVersion('7').build();
    pod.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'cm-uid' }];
    expect(adoptPatch(pod, owner)).toEqual({
      metadata: { resourceVersion: '7', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'cm-uid' }, controllerRefFor(owner)] },
    });
  });

  it('releasePatch removes only our reference (null when none is left)', () => {
    const pod = makePod('p').controlledBy(owner).build();
    expect(releasePatch(pod, owner)).toEqual({ metadata: { ownerReferences: null } });
  });
});
