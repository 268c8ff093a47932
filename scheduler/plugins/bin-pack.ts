/**
 * BinPack: prefer the fullest node that still fits, so whole nodes stay free for big pods
 * (Nomad `structs.ScoreFitBinPack`, the best-fit variant of "Bin Packing with Multiple Resources").
 *
 *   free_r = 1 - used_r / allocatable_r           (after placing the pod; 0 when allocatable is 0)
 *   fit    = 20 - (10^free_cpu + 10^free_mem)     (2 at 0% free .. 20 at 100% free, inverted)
 *   fit    = clamp(fit, 0, 18)                    (18 is a perfect fit)
 *   score  = fit / 18 * 100, truncated
 *
 * `used` counts non-zero requests, so pods that declare nothing still pack.
 */
import type { Pod } from '../../api/types.js';
import { MAX_NODE_SCORE, type CycleState, type NodeInfo, type ScorePlugin } from '../framework.js';
import { podRequestsFrom } from './node-resources-fit.js';

export const NAME = 'BinPack';

/** Nomad's binPackingMaxFitScore. */
export const MAX_FIT_SCORE = 18;

function freeFraction(used: number, allocatable: number): number {
  return allocatable > 0 ? 1 - used / allocatable : 0;
}

/** Nomad's best-fit score, 0..18. */
export function fitScore(freeCpu: number, freeMem: number): number {
  const fit = 20 - (10 ** freeCpu + 10 ** freeMem);
  return Math.min(MAX_FIT_SCORE, Math.max(0, fit));
}

export function createBinPack(): ScorePlugin {
  return {
    name: NAME,
    score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
      const p = podRequestsFrom(state, pod).nonZero;
      const { allocatable, nonZeroRequested: used } = nodeInfo;
      const freeCpu = freeFraction(used.cpuMillis + p.cpuMillis, allocatable.cpuMillis);
      const freeMem = freeFraction(used.memoryBytes + p.memoryBytes, allocatable.memoryBytes);
      return Math.floor((fitScore(freeCpu, freeMem) / MAX_FIT_SCORE) * MAX_NODE_SCORE);
    },
  };
}
