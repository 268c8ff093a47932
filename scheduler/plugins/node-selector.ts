/**
 * NodeSelector: the node's labels must carry every key=value of the pod's spec.nodeSelector
 * (the nodeSelector half of kube-scheduler's NodeAffinity plugin).
 */
import type { Pod } from '../../api/types.js';
import { SKIP, SUCCESS, unschedulable, type CycleState, type FilterPlugin, type NodeInfo, type PreFilterPlugin, type Status } from '../framework.js';

export const NAME = 'NodeSelector';

/**
 * The wording of the example (`1 node(s) didn't match node selector`); Kubernetes 1.32 itself
 * prints "node(s) didn't match Pod's node affinity/selector".
 */
export const REASON_NODE_SELECTOR_MISMATCH = "node(s) didn't match node selector";

/** True when `labels` carry every entry of `selector`. */
export function matchesNodeSelector(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector)) {
    if (labels?.[key] !== value) return false;
  }
  return true;
}

export function createNodeSelector(): PreFilterPlugin & FilterPlugin {
  return {
    name: NAME,
    preFilter(_state: CycleState, pod: Pod): Status {
      // No selector: nothing to check on any node, so skip Filter for this pod.
      return Object.keys(pod.spec.nodeSelector ?? {}).length === 0 ? SKIP : SUCCESS;
    },
    filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
      return matchesNodeSelector(pod.spec.nodeSelector, nodeInfo.node.metadata.labels) ? SUCCESS : unschedulable(REASON_NODE_SELECTOR_MISMATCH);
    },
  };
}
