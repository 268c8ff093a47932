/**
 * NodeUnschedulable: a cordoned node (spec.unschedulable) takes no new pods
 * (kube-scheduler `plugins/nodeunschedulable`). Tolerations are not modelled yet.
 */
import type { Pod } from '../../api/types.js';
import { SUCCESS, unschedulable, type CycleState, type FilterPlugin, type NodeInfo, type Status } from '../framework.js';

export const NAME = 'NodeUnschedulable';

/** Kubernetes' exact wording (ErrReasonUnschedulable). */
export const REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

export function createNodeUnschedulable(): FilterPlugin {
  return {
    name: NAME,
    filter(_state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status {
      return nodeInfo.node.spec.unschedulable === true ? unschedulable(REASON_UNSCHEDULABLE) : SUCCESS;
    },
  };
}
