import { describe, expect, it } from 'vitest';
import { LABEL_CLUSTER, LABEL_NODE, LABEL_POD_UID } from '../../../agent/runtime/labels.js';
import { inScope, listInScope, scopeLabels } from '../../../agent/runtime/scope.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

const SCOPE = { nodeName: 'node-1', clusterId: 'A' };

describe('container scope (node + cluster)', () => {
  it.each<{ scenario: string; labels: Record<string, string>; ours: boolean }>([
    { scenario: 'this node and cluster', labels: { [LABEL_NODE]: 'node-1', [LABEL_CLUSTER]: 'A' }, ours: true },
    { scenario: 'this node, no cluster label (created before the label existed)', labels: { [LABEL_NODE]: 'node-1' }, ours: true },
    { scenario: 'same node name in another cluster', labels: { [LABEL_NODE]: 'node-1', [LABEL_CLUSTER]: 'B' }, ours: false },
    { scenario: 'this cluster, another node', labels: { [LABEL_NODE]: 'node-2', [LABEL_CLUSTER]: 'A' }, ours: false },
    { scenario: 'another node without a cluster label', labels: { [LABEL_NODE]: 'node-2' }, ours: false },
    { scenario: 'no Tugboat labels at all', labels: {}, ours: false },
    { scenario: 'empty cluster label is not a wildcard', labels: { [LABEL_NODE]: 'node-1', [LABEL_CLUSTER]: '' }, ours: false },
  ])('$scenario -> ours: $ours', ({ labels, ours }) => {
    expect(inScope(labels, SCOPE)).toBe(ours);
  });

  it('labels new containers with both the node and the cluster', () => {
    expect(scopeLabels(SCOPE)).toEqual({ [LABEL_NODE]: 'node-1', [LABEL_CLUSTER]: 'A' });
    expect(inScope(scopeLabels(SCOPE), SCOPE)).toBe(true);
  });

  it('lists only containers in scope, with the extra label filter ANDed', async () => {
    const rt = new FakeRuntime({ images: ['x'] });
    const create = (name: string, labels: Record<string, string>): Promise<string> => rt.createAndStart({ name, image: 'x', labels });
    const ours = await create('ours', { ...scopeLabels(SCOPE), [LABEL_POD_UID]: 'u1' });
    const legacy = await create('legacy', { [LABEL_NODE]: 'node-1', [LABEL_POD_UID]: 'u1' });
    await create('theirs', { [LABEL_NODE]: 'node-1', [LABEL_CLUSTER]: 'B', [LABEL_POD_UID]: 'u1' });
    await create('other-pod', { ...scopeLabels(SCOPE), [LABEL_POD_UID]: 'u2' });
    const listed = await listInScope(rt, SCOPE, { [LABEL_POD_UID]: 'u1' });
    expect(listed.map((c) => c.id).sort()).toEqual([ours, legacy].sort());
  });
});
