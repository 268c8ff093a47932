import { describe, expect, it } from 'vitest';
import { CycleState } from '../../../scheduler/framework.js';
import { createLeastAllocated, leastRequestedScore } from '../../../scheduler/plugins/least-allocated.js';
import { makeNode, makePod } from '../../support/builders.js';
import { nodeInfoOf } from '../helpers.js';

// Every node below: 4 cpu (4000m), 4Gi (4096Mi) unless the case says otherwise.
const node = makeNode('n').allocatable({ cpu: '4', memory: '4Gi' }).build();

describe('leastRequestedScore', () => {
  it.each([
    // (4000 - 1000) * 100 / 4000 = 75
    { scenario: 'a quarter used', requested: 1000, capacity: 4000, want: 75 },
    // (3 - 1) * 100 / 3 = 66.66 -> truncated to 66
    { scenario: 'truncates like Go integer division', requested: 1, capacity: 3, want: 66 },
    // nothing left: (4000 - 4000) * 100 / 4000 = 0
    { scenario: 'full', requested: 4000, capacity: 4000, want: 0 },
    { scenario: 'overcommitted scores 0', requested: 5000, capacity: 4000, want: 0 },
    { scenario: 'no capacity scores 0', requested: 0, capacity: 0, want: 0 },
  ])('$scenario', ({ requested, capacity, want }) => {
    expect(leastRequestedScore(requested, capacity)).toBe(want);
  });
});

describe('LeastAllocated score', () => {
  it.each([
    {
      scenario: 'empty node, pod asks a quarter of each',
      // cpu (4000-1000)*100/4000 = 75; mem (4096-1024)*100/4096 = 75; (75+75)/2 = 75
      existing: [], pod: makePod('p').requests({ cpu: '1', memory: '1Gi' }).build(), node, want: 75,
    },
    {
      scenario: 'busy node scores lower',
      // used 2000m/1024Mi + pod 1000m/1024Mi -> cpu (4000-3000)*100/4000 = 25; mem (4096-2048)*100/4096 = 50;
      // (25+50)/2 = 37.5 -> 37
      existing: [makePod('e').requests({ cpu: '2', memory: '1Gi' }).build()],
      pod: makePod('p').requests({ cpu: '1', memory: '1Gi' }).build(), node, want: 37,
    },
    {
      scenario: 'a pod requesting nothing counts as 100m / 200Mi',
      // cpu (4000-100)*100/4000 = 97.5 -> 97; mem (4096-200)*100/4096 = 95.1 -> 95; (97+95)/2 = 96
      existing: [], pod: makePod('p').build(), node, want: 96,
    },
    {
      scenario: 'no allocatable memory scores 0 for memory',
      // cpu 75; mem: capacity 0 -> 0; (75+0)/2 = 37.5 -> 37
      existing: [], pod: makePod('p').requests({ cpu: '1', memory: '1Gi' }).build(),
      node: makeNode('n').allocatable({ cpu: '4' }).build(), want: 37,
    },
  ])('$scenario', ({ existing, pod, node: n, want }) => {
    expect(createLeastAllocated().score(new CycleState(), pod, nodeInfoOf(n, ...existing))).toBe(want);
  });

  it('honours resource weights', () => {
    // used 2000m/1024Mi + pod 1000m/1024Mi -> cpu 25, mem 50; weights cpu 3, mem 1: (25*3 + 50*1)/4 = 31.25 -> 31
    const existing = makePod('e').requests({ cpu: '2', memory: '1Gi' }).build();
    const pod = makePod('p').requests({ cpu: '1', memory: '1Gi' }).build();
    expect(createLeastAllocated({ cpu: 3, memory: 1 }).score(new CycleState(), pod, nodeInfoOf(node, existing))).toBe(31);
  });
});
