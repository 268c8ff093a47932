/**
 * BalancedAllocation: prefer nodes whose cpu and memory would be used in equal proportion after placing
 * the pod, so one resource is not exhausted while the other sits idle
 * (kube-scheduler `noderesources/balanced_allocation.go`).
 *
 *   fraction_r = min(1, requested_r / allocatable_r)   (resources with allocatable 0 are left out)
 *   score      = (1 - standard deviation of the fractions) * 100, truncated
 *
 * It uses the real requests (not the non-zero defaults), and skips pods that request nothing.
 */
import type { Pod } from '../../api/types.js';
import { MAX_NODE_SCORE, SKIP, SUCCESS, type CycleState, type NodeInfo, type ScorePlugin, type Status } from '../framework.js';
import { podRequestsFrom } from './node-resources-fit.js';

export const NAME = 'BalancedAllocation';

/** (1 - population standard deviation of the capped fractions) * 100, truncated. */
export function balancedScore(requested: readonly number[], allocatable: readonly number[]): number {
  const fractions: number[] = [];
  requested.forEach((r, i) => {
    const a = allocatable[i] ?? 0;
    if (a > 0) fractions.push(Math.min(1, r / a));
  });
  if (fractions.length < 2) return MAX_NODE_SCORE;
  const mean = fractions.reduce((s, f) => s + f, 0) / fractions.length;
  const variance = fractions.reduce((s, f) => s + (f - mean) ** 2, 0) / fractions.length;
  return Math.floor((1 - Math.sqrt(variance)) * MAX_NODE_SCORE);
}

export function createBalancedAllocation(): ScorePlugin {
  return {
    name: NAME,
    preScore(state: CycleState, pod: Pod): Status {
      const r = podRequestsFrom(state, pod).requested;
      return r.cpuMillis === 0 && r.memoryBytes === 0 ? SKIP : SUCCESS;
    },
    score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
      const r = podRequestsFrom(state, pod).requested;
      const { allocatable, requested } = nodeInfo;
      return balancedScore(
        [requested.cpuMillis + r.cpuMillis, requested.memoryBytes + r.memoryBytes],
        [allocatable.cpuMillis, allocatable.memoryBytes],
      );
    },
  };
}
