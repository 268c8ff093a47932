/**
 * The scheduler's view of the cluster (kube-scheduler `internal/cache`): nodes and the resources that
 * bound pods use on them, fed by the Pod and Node informers, plus *assumed* pods — pods this scheduler
 * has placed but whose binding the informer has not shown yet. Assuming makes the next cycle see the
 * placement at once, so binds can run in the background while scheduling goes on.
 *
 * Life of an assumed pod: assumePod (reserve) -> the informer shows it bound (confirmed, replaced by the
 * real pod) or it is deleted; or the bind fails -> forgetPod (unreserve, idempotent).
 */
import { objectKey, type Node, type Pod } from '../api/types.js';
import type { NodeInfo, Resources } from './framework.js';
import { ZERO, addResources, computePodRequests, nodeAllocatable, subtractResources, type PodRequests } from './resources.js';

/** The cache the scheduler reads snapshots from. Not thread-safe by design: Node runs one cycle at a time. */
export interface SchedulerCache {
  /** Adds or replaces a node (informer add/update). */
  upsertNode(node: Node): void;
  /** Removes a node; its pods stay accounted until they are removed, as in kube-scheduler. */
  removeNode(name: string): void;
  /**
   * Adds, replaces or drops a pod from the informer. A pod bound to a node and not finished
   * (phase Succeeded/Failed) uses resources there; one that is unbound or finished uses none.
   * A pod that was assumed is confirmed once the informer shows it bound.
   */
  upsertPod(pod: Pod): void;
  /** Drops a pod the informer deleted (assumed or not). */
  removePod(pod: Pod): void;
  /** Reserve: counts `pod` on `nodeName` until the informer confirms it or forgetPod is called. */
  assumePod(pod: Pod, nodeName: string): void;
  /** Unreserve: drops an assumed pod. Idempotent; a no-op for confirmed or unknown pods. */
  forgetPod(key: string): void;
  /** True while `key` is assumed and not yet confirmed by the informer. */
  isAssumed(key: string): boolean;
  /** The node the pod is counted on (bound or assumed), if any. */
  nodeOf(key: string): string | undefined;
  /** Immutable NodeInfos of the known nodes, in the order they were added; valid until the next change. */
  snapshot(): readonly NodeInfo[];
}

interface PodEntry {
  readonly nodeName: string;
  readonly requests: PodRequests;
  readonly assumed: boolean;
}

interface Usage { requested: Resources; nonZero: Resources }

function isFinished(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Requests of a pod; a pod whose quantities do not parse (an API validation bug) counts as one pod. */
function safeRequests(pod: Pod): PodRequests {
  try {
    return computePodRequests(pod);
  } catch {
    const one = { ...ZERO, pods: 1 };
    return { requested: one, nonZero: one };
  }
}

export function createSchedulerCache(): SchedulerCache {
  const nodes = new Map<string, { node: Node; allocatable: Resources }>();
  const usage = new Map<string, Usage>();
  const pods = new Map<string, PodEntry>();
  const infos = new Map<string, NodeInfo>();
  let snap: readonly NodeInfo[] | undefined;

  function refresh(name: string): void {
    snap = undefined;
    const n = nodes.get(name);
    if (!n) { infos.delete(name); return; }
    const u = usage.get(name);
    infos.set(name, { name, node: n.node, allocatable: n.allocatable, requested: u?.requested ?? ZERO, nonZeroRequested: u?.nonZero ?? ZERO });
  }

  function account(nodeName: string, r: PodRequests, sign: 1 | -1): void {
    const u = usage.get(nodeName) ?? { requested: ZERO, nonZero: ZERO };
    const op = sign === 1 ? addResources : subtractResources;
    const next = { requested: op(u.requested, r.requested), nonZero: op(u.nonZero, r.nonZero) };
    if (next.requested.pods <= 0) usage.delete(nodeName); else usage.set(nodeName, next);
    refresh(nodeName);
  }

  function drop(key: string): void {
    const e = pods.get(key);
    if (!e) return;
    pods.delete(key);
    account(e.nodeName, e.requests, -1);
  }

  function put(key: string, entry: PodEntry): void {
    drop(key);
    pods.set(key, entry);
    account(entry.nodeName, entry.requests, 1);
  }

  return {
    upsertNode(node) {
      const name = node.metadata.name ?? '';
      const existing = nodes.get(name);
      if (existing && existing.node.metadata.resourceVersion !== undefined && existing.node.metadata.resourceVersion === node.metadata.resourceVersion) return;
      nodes.set(name, { node, allocatable: nodeAllocatable(node) });
      refresh(name);
    },
    removeNode(name) { nodes.delete(name); refresh(name); },
    upsertPod(pod) {
      const key = objectKey(pod);
      const nodeName = pod.spec.nodeName;
      const current = pods.get(key);
      if (nodeName && !isFinished(pod)) put(key, { nodeName, requests: safeRequests(pod), assumed: false });
      // Unbound but assumed: the informer has not caught up with our bind yet; keep the reservation.
      else if (!(current?.assumed && !nodeName && !isFinished(pod))) drop(key);
    },
    removePod(pod) { drop(objectKey(pod)); },
    assumePod(pod, nodeName) { put(objectKey(pod), { nodeName, requests: safeRequests(pod), assumed: true }); },
    forgetPod(key) { if (pods.get(key)?.assumed) drop(key); },
    isAssumed: (key) => pods.get(key)?.assumed ?? false,
    nodeOf: (key) => pods.get(key)?.nodeName,
    snapshot() {
      snap ??= [...infos.values()];
      return snap;
    },
  };
}
