/**
 * LeastAllocated: prefer the node with the most room left after placing the pod, so pods spread
 * (kube-scheduler NodeResourcesFit scoring strategy LeastAllocated, `least_allocated.go`).
 *
 *   per resource: (allocatable - requested) * 100 / allocatable   (0 when allocatable is 0 or overcommitted)
 *   node score:   weighted mean over cpu and memory, integer division as in Go
 *
 * `requested` is the node's non-zero requests plus the pod's, so pods that declare nothing still spread.
 */
import type { Pod } from '../../api/types.js';
import { MAX_NODE_SCORE, type CycleState, type NodeInfo, type ScorePlugin } from '../framework.js';
import { podRequestsFrom } from './node-resources-fit.js';

export const NAME = 'LeastAllocated';

/** Per-resource weights; kube-scheduler's default is cpu 1, memory 1. */
export interface ResourceWeights { readonly cpu: number; readonly memory: number }
export const DEFAULT_RESOURCE_WEIGHTS: ResourceWeights = Object.freeze({ cpu: 1, memory: 1 });

/** (capacity - requested) * 100 / capacity, truncated; 0 when capacity is 0 or requested exceeds it. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity <= 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

export function createLeastAllocated(weights: ResourceWeights = DEFAULT_RESOURCE_WEIGHTS): ScorePlugin {
  const totalWeight = weights.cpu + weights.memory;
  return {
    name: NAME,
    score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
      const podReq = podRequestsFrom(state, pod).nonZero;
      const { allocatable, nonZeroRequested } = nodeInfo;
      const cpu = leastRequestedScore(nonZeroRequested.cpuMillis + podReq.cpuMillis, allocatable.cpuMillis);
      const mem = leastRequestedScore(nonZeroRequested.memoryBytes + podReq.memoryBytes, allocatable.memoryBytes);
      if (totalWeight <= 0) return 0;
      return Math.floor((cpu * weights.cpu + mem * weights.memory) / totalWeight);
    },
  };
}
