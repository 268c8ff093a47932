/**
 * Which engine containers belong to this agent: those labelled with its node name AND its cluster
 * id (labels.ts LABEL_NODE, LABEL_CLUSTER). Every listing the agent acts on (pod sync, adoption,
 * the orphan sweep, the log server, runtime events) goes through here, so one cluster's agent
 * never removes, adopts or serves the logs of another cluster's containers on a shared engine.
 *
 * Backwards compatibility: containers created before the cluster label existed carry only the node
 * label. They count as ours, so an upgraded agent still adopts (or sweeps) what it created before.
 * The price: such a legacy container is still visible to every cluster's agent of that node name,
 * as it was before; it disappears once its pod restarts or is recreated with the label.
 */
import { LABEL_CLUSTER, LABEL_NODE } from './labels.js';
import type { ContainerRuntime, ContainerSummary } from './runtime.js';

/** An agent's identity on the engine. Deps objects carrying both fields satisfy it as they are. */
export interface ContainerScope {
  nodeName: string;
  /** The uid of the cluster's kube-system Namespace (cluster-id.ts). */
  clusterId: string;
}

/** The labels that put a new container in `scope`. */
export function scopeLabels(scope: ContainerScope): Record<string, string> {
  return { [LABEL_NODE]: scope.nodeName, [LABEL_CLUSTER]: scope.clusterId };
}

/** True when a container with `labels` belongs to `scope` (no cluster label: a legacy one of ours). Pure. */
export function inScope(labels: Readonly<Record<string, string>>, scope: ContainerScope): boolean {
  if (labels[LABEL_NODE] !== scope.nodeName) return false;
  const cluster = labels[LABEL_CLUSTER];
  return cluster === undefined || cluster === scope.clusterId;
}

/**
 * The containers in `scope` that also carry every label of `filter`. The runtime filters on the node
 * label (and `filter`); the cluster label is checked here, because "absent or equal" is not a label
 * filter an engine can express.
 */
export async function listInScope(runtime: ContainerRuntime, scope: ContainerScope, filter: Record<string, string> = {}): Promise<ContainerSummary[]> {
  const listed = await runtime.list({ ...filter, [LABEL_NODE]: scope.nodeName });
  return listed.filter((c) => inScope(c.labels, scope));
}
