import { describe, expect, it } from 'vitest';
import { LABEL_NODE, LABEL_POD_UID } from '../../agent/labels.js';
import { findOrphans, sweepOrphans } from '../../agent/orphans.js';
import type { ContainerSummary } from '../../agent/runtime.js';
import { FakeRuntime } from '../support/fake-runtime.js';
import { silentLogger } from './helpers.js';

const summary = (id: string, uid?: string): ContainerSummary => ({ id, name: id, image: 'x', state: 'running', labels: uid ? { [LABEL_POD_UID]: uid } : {} });

describe('orphans', () => {
  it.each<{ name: string; containers: ContainerSummary[]; live: string[]; orphans: string[] }>([
    { name: 'all pods alive: none', containers: [summary('a', 'u1'), summary('b', 'u2')], live: ['u1', 'u2'], orphans: [] },
    { name: 'a deleted pod: its containers', containers: [summary('a', 'u1'), summary('b', 'u2'), summary('c', 'u2')], live: ['u1'], orphans: ['b', 'c'] },
    { name: 'no uid label: orphaned too (it carries our node label)', containers: [summary('a')], live: ['u1'], orphans: ['a'] },
  ])('$name', ({ containers, live, orphans }) => {
    expect(findOrphans(containers, new Set(live)).map((c) => c.id)).toEqual(orphans);
  });

  it('sweeps only this node\'s containers', async () => {
    const rt = new FakeRuntime({ images: ['x'] });
    const mine = await rt.createAndStart({ name: 'm', image: 'x', labels: { [LABEL_NODE]: 'n1', [LABEL_POD_UID]: 'gone' } });
    const kept = await rt.createAndStart({ name: 'k', image: 'x', labels: { [LABEL_NODE]: 'n1', [LABEL_POD_UID]: 'live' } });
    const other = await rt.createAndStart({ name: 'o', image: 'x', labels: { [LABEL_NODE]: 'n2', [LABEL_POD_UID]: 'gone' } });
    expect(await sweepOrphans({ runtime: rt, nodeName: 'n1', liveUids: () => new Set(['live']), log: silentLogger })).toBe(1);
    expect(rt.removed).toEqual([mine]);
    expect([...rt.containers.keys()].sort()).toEqual([kept, other].sort());
  });
});
