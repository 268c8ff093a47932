/**
 * NodeReady: skip nodes whose Ready condition is not True (missing, False or Unknown). Kubernetes does
 * this through the node.kubernetes.io/not-ready taint; Tugboat has no taints, so it checks the condition.
 */
import type { Node, Pod } from '../../api/types.js';
import { SUCCESS, unschedulable, type CycleState, type FilterPlugin, type NodeInfo, type Status } from '../framework.js';

export const NAME = 'NodeReady';

export const REASON_NOT_READY = 'node(s) were not ready';

/** True when the node reports Ready=True. */
export function isNodeReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function createNodeReady(): FilterPlugin {
  return {
    name: NAME,
    filter(_state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status {
      return isNodeReady(nodeInfo.node) ? SUCCESS : unschedulable(REASON_NOT_READY);
    },
  };
}
