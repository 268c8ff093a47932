import { describe, expect, it } from 'vitest';
import { CycleState } from '../../../scheduler/framework.js';
import { balancedScore, createBalancedAllocation } from '../../../scheduler/plugins/balanced-allocation.js';
import { makeNode, makePod } from '../../support/builders.js';
import { nodeInfoOf } from '../helpers.js';

// The node: 4 cpu (4000m), 4Gi (4096Mi).
const node = makeNode('n').allocatable({ cpu: '4', memory: '4Gi' }).build();

describe('BalancedAllocation score', () => {
  it.each([
    {
      scenario: 'equal fractions are perfectly balanced',
      // cpu 1000/4000 = 0.25, mem 1024/4096 = 0.25; std 0 -> (1 - 0) * 100 = 100
      existing: [], pod: makePod('p').requests({ cpu: '1', memory: '1Gi' }).build(), want: 100,
    },
    {
      scenario: 'cpu-heavy pod on an empty node',
      // cpu 2000/4000 = 0.5, mem 1024/4096 = 0.25; mean 0.375; std sqrt(((0.125)^2 + (0.125)^2)/2) = 0.125
      // (1 - 0.125) * 100 = 87.5 -> 87
      existing: [], pod: makePod('p').requests({ cpu: '2', memory: '1Gi' }).build(), want: 87,
    },
    {
      scenario: 'existing pods count: a cpu-only pod evens out a memory-heavy node',
      // used 1000m/3072Mi + pod 1000m/0 -> cpu 0.5, mem 0.75; std 0.125 -> 87.5 -> 87
      existing: [makePod('e').requests({ cpu: '1', memory: '3Gi' }).build()],
      pod: makePod('p').requests({ cpu: '1', memory: '0' }).build(), want: 87,
    },
    {
      scenario: 'fractions are capped at 1',
      // cpu 8000/4000 -> capped 1, mem 1024/4096 = 0.25; std (1 - 0.25)/2 = 0.375 -> 62.5 -> 62
      existing: [], pod: makePod('p').requests({ cpu: '8', memory: '1Gi' }).build(), want: 62,
    },
  ])('$scenario', ({ existing, pod, want }) => {
    expect(createBalancedAllocation().score(new CycleState(), pod, nodeInfoOf(node, ...existing))).toBe(want);
  });

  it.each([
    { scenario: 'a pod that requests nothing is skipped', pod: makePod('p').build(), code: 'Skip' },
    { scenario: 'a pod with a cpu request is scored', pod: makePod('p').requests({ cpu: '100m' }).build(), code: 'Success' },
  ])('PreScore: $scenario', ({ pod, code }) => {
    expect(createBalancedAllocation().preScore?.(new CycleState(), pod, [])?.code).toBe(code);
  });

  it('leaves out resources the node does not report', () => {
    // only cpu has an allocatable -> one fraction, nothing to compare -> 100
    expect(balancedScore([3000, 1024], [4000, 0])).toBe(100);
  });
});
