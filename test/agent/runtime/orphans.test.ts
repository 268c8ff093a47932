import { describe, expect, it } from 'vitest';
import { LABEL_CLUSTER, LABEL_NODE, LABEL_POD_UID } from '../../../agent/runtime/labels.js';
import { findOrphans, sweepOrphans } from '../../../agent/runtime/orphans.js';
import type { ContainerSummary } from '../../../agent/runtime/runtime.js';
import { FakeRuntime } from '../../support/fake-runtime.js';
import { silentLogger } from '../helpers.js';

const summary = (id: string, uid?: string): ContainerSummary => ({ id, name: id, image: 'x', state: 'running', labels: uid ? { [LABEL_POD_UID]: uid } : {} });

describe('orphans', () => {
  it.each<{ name: string; containers: ContainerSummary[]; live: string[]; orphans: string[] }>([
    { name: 'all pods alive: none', containers: [summary('a', 'u1'), summary('b', 'u2')], live: ['u1', 'u2'], orphans: [] },
    { name: 'a deleted pod: its containers', containers: [summary('a', 'u1'), summary('b', 'u2'), summary('c', 'u2')], live: ['u1'], orphans: ['b', 'c'] },
    { name: 'no uid label: orphaned too (it carries our node label)', containers: [summary('a')], live: ['u1'], orphans: ['a'] },
  ])('$name', ({ containers, live, orphans }) => {
    expect(findOrphans(containers, new Set(live)).map((c) => c.id)).toEqual(orphans);
  });

  it('sweeps only this node\'s and this cluster\'s containers (and legacy ones without a cluster label)', async () => {
    const rt = new FakeRuntime({ images: ['x'] });
    const create = (name: string, labels: Record<string, string>): Promise<string> => rt.createAndStart({ name, image: 'x', labels });
    const mine = await create('m', { [LABEL_NODE]: 'n1', [LABEL_CLUSTER]: 'A', [LABEL_POD_UID]: 'gone' });
    const legacy = await create('l', { [LABEL_NODE]: 'n1', [LABEL_POD_UID]: 'gone' });
    const kept = await create('k', { [LABEL_NODE]: 'n1', [LABEL_CLUSTER]: 'A', [LABEL_POD_UID]: 'live' });
    const otherNode = await create('o', { [LABEL_NODE]: 'n2', [LABEL_CLUSTER]: 'A', [LABEL_POD_UID]: 'gone' });
    const otherCluster = await create('c', { [LABEL_NODE]: 'n1', [LABEL_CLUSTER]: 'B', [LABEL_POD_UID]: 'gone' });
    expect(await sweepOrphans({ runtime: rt, nodeName: 'n1', clusterId: 'A', liveUids: () => new Set(['live']), log: silentLogger })).toBe(2);
    expect([...rt.removed].sort()).toEqual([mine, legacy].sort());
    expect([...rt.containers.keys()].sort()).toEqual([kept, otherNode, otherCluster].sort());
  });
});
