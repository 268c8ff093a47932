/**
 * How many feasible nodes a cycle looks for before it stops filtering and scores what it found.
 * Fewer means cheaper cycles on big clusters and a slightly worse pick.
 */
import type { NodesToScore } from './framework.js';

/** Filter and score every node (the default; best placement). */
export const allNodes: NodesToScore = (n) => Math.max(1, n);

/** Nomad's limit: max(2, ceil(log2 n)) candidates (`scheduler/feasible/stack.go`, LimitIterator). */
export const log2Nodes: NodesToScore = (n) => {
  if (n <= 2) return Math.max(1, n);
  return Math.max(2, Math.ceil(Math.log2(n)));
};

/**
 * kube-scheduler's percentageOfNodesToScore: `percent`% of the nodes but at least 100
 * (`minFeasibleNodesToFind`), or all of them when there are fewer.
 */
export function percentageOfNodes(percent: number): NodesToScore {
  return (n) => Math.min(Math.max(1, n), Math.max(100, Math.floor((n * percent) / 100)));
}
