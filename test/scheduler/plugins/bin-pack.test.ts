import { describe, expect, it } from 'vitest';
import { CycleState } from '../../../scheduler/framework.js';
import { createBinPack, fitScore } from '../../../scheduler/plugins/bin-pack.js';
import { makeNode, makePod } from '../../support/builders.js';
import { nodeInfoOf } from '../helpers.js';

// The node: 4 cpu (4000m), 4Gi (4096Mi).
const node = makeNode('n').allocatable({ cpu: '4', memory: '4Gi' }).build();

describe('fitScore (Nomad ScoreFitBinPack)', () => {
  it.each([
    // 20 - (10^0 + 10^0) = 18: a perfect fit
    { scenario: 'no room left is the best fit', freeCpu: 0, freeMem: 0, want: 18 },
    // 20 - (10^1 + 10^1) = 0
    { scenario: 'an empty node is the worst fit', freeCpu: 1, freeMem: 1, want: 0 },
    // 20 - (10^0 + 10^1) = 9
    { scenario: 'cpu full, memory empty', freeCpu: 0, freeMem: 1, want: 9 },
    // 20 - 2 * 10^-0.5 = 19.37 -> clamped to 18
    { scenario: 'overcommitted is clamped to 18', freeCpu: -0.5, freeMem: -0.5, want: 18 },
  ])('$scenario', ({ freeCpu, freeMem, want }) => {
    expect(fitScore(freeCpu, freeMem)).toBeCloseTo(want, 10);
  });
});

describe('BinPack score (rescaled to 0..100)', () => {
  it.each([
    {
      scenario: 'empty node, pod takes a quarter',
      // free 0.75 / 0.75: 20 - (10^0.75 + 10^0.75) = 20 - 11.2468 = 8.7532; 8.7532 / 18 * 100 = 48.6 -> 48
      existing: [], pod: makePod('p').requests({ cpu: '1', memory: '1Gi' }).build(), want: 48,
    },
    {
      scenario: 'half-full node scores higher',
      // used 1000m/1024Mi + pod 1000m/1024Mi -> free 0.5 / 0.5: 20 - 2 * 3.1623 = 13.6754 -> 75.97 -> 75
      existing: [makePod('e').requests({ cpu: '1', memory: '1Gi' }).build()],
      pod: makePod('p').requests({ cpu: '1', memory: '1Gi' }).build(), want: 75,
    },
    {
      scenario: 'a pod that fills the node exactly scores 100',
      // used 3000m/3072Mi + pod 1000m/1024Mi -> free 0 / 0: 20 - 2 = 18 -> 18 / 18 * 100 = 100
      existing: [makePod('e').requests({ cpu: '3', memory: '3Gi' }).build()],
      pod: makePod('p').requests({ cpu: '1', memory: '1Gi' }).build(), want: 100,
    },
    {
      scenario: 'a pod requesting nothing counts as 100m / 200Mi',
      // free 1 - 100/4000 = 0.975, 1 - 200/4096 = 0.9512: 20 - (9.4406 + 8.9366) = 1.6228 -> 9.02 -> 9
      existing: [], pod: makePod('p').build(), want: 9,
    },
  ])('$scenario', ({ existing, pod, want }) => {
    expect(createBinPack().score(new CycleState(), pod, nodeInfoOf(node, ...existing))).toBe(want);
  });
});
