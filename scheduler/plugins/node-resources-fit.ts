/**
 * NodeResourcesFit: does the node have room for the pod's cpu, memory and one more pod?
 * PreFilter sums the pod's requests once (requests default to limits, per container) and stores them in
 * the CycleState; Filter checks them against each node with the pure `fits`
 * (kube-scheduler `plugins/noderesources/fit.go`).
 */
import type { Pod } from '../../api/types.js';
import {
  SUCCESS, errorStatus, stateKey, unschedulable,
  type CycleState, type FilterPlugin, type NodeInfo, type PreFilterPlugin, type Resources, type Status,
} from '../framework.js';
import { computePodRequests, type PodRequests } from '../resources.js';

export const NAME = 'NodeResourcesFit';

export const REASON_INSUFFICIENT_CPU = 'Insufficient cpu';
export const REASON_INSUFFICIENT_MEMORY = 'Insufficient memory';
export const REASON_TOO_MANY_PODS = 'Too many pods';

/** Where PreFilter leaves the pod's requests for Filter and the resource score plugins. */
export const POD_REQUESTS_KEY = stateKey<PodRequests>(`${NAME}/requests`);

/**
 * The reasons a node cannot take `request` ([] when it fits). A resource the pod does not request is
 * never insufficient, as in Kubernetes. Reused by `describe` and controllers.
 */
export function fits(request: Resources, nodeInfo: NodeInfo): string[] {
  const { allocatable: alloc, requested: used } = nodeInfo;
  const reasons: string[] = [];
  if (used.pods + 1 > alloc.pods) reasons.push(REASON_TOO_MANY_PODS);
  if (request.cpuMillis > 0 && request.cpuMillis > alloc.cpuMillis - used.cpuMillis) reasons.push(REASON_INSUFFICIENT_CPU);
  if (request.memoryBytes > 0 && request.memoryBytes > alloc.memoryBytes - used.memoryBytes) reasons.push(REASON_INSUFFICIENT_MEMORY);
  return reasons;
}

/**
 * The pod's requests from the CycleState, worked out and stored there if PreFilter has not run
 * (a profile without NodeResourcesFit). Throws only on an unparsable quantity.
 */
export function podRequestsFrom(state: CycleState, pod: Pod): PodRequests {
  const cached = state.read(POD_REQUESTS_KEY);
  if (cached) return cached;
  const computed = computePodRequests(pod);
  state.write(POD_REQUESTS_KEY, computed);
  return computed;
}

export function createNodeResourcesFit(): PreFilterPlugin & FilterPlugin {
  return {
    name: NAME,
    preFilter(state: CycleState, pod: Pod): Status {
      try {
        state.write(POD_REQUESTS_KEY, computePodRequests(pod));
        return SUCCESS;
      } catch (err) {
        return errorStatus(`invalid resource request: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
      const reasons = fits(podRequestsFrom(state, pod).requested, nodeInfo);
      return reasons.length === 0 ? SUCCESS : unschedulable(...reasons);
    },
  };
}
