/**
 * The ReplicaSet controller's plan, as pure functions (STYLE habit 6): how many pods to create or
 * delete, which pods to delete, and the pod to create from the template.
 */
import type { Pod, ReplicaSet } from '../../api/types.js';
import { controllerRefFor } from '../runtime/owners.js';
import { isPodReady, podReadySinceMs } from './pods.js';

/** The most pods one pass may create or delete (the ReplicaSet controller's burstReplicas). */
export const BURST_REPLICAS = 500;

/** What one manage pass should do; at most one of the two is non-zero. */
export interface ReplicaDiff { create: number; delete: number }

/** Compares desired and active replica counts, capping the change at `burst`. */
export function diffReplicas(desired: number, active: number, burst = BURST_REPLICAS): ReplicaDiff {
  const diff = active - desired;
  if (diff < 0) return { create: Math.min(-diff, burst), delete: 0 };
  return { create: 0, delete: Math.min(diff, burst) };
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function creationMs(pod: Pod): number {
  const t = pod.metadata.creationTimestamp ? Date.parse(pod.metadata.creationTimestamp) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/**
 * Orders pods from "delete first" to "delete last": unscheduled before scheduled, Pending before
 * Unknown before Running, not ready before ready, pods on the node crowded with the most of these
 * pods first, then the most recently ready, then the newest. Ties break by name (deterministic).
 */
export function compareForDeletion(a: Pod, b: Pod, podsPerNode: ReadonlyMap<string, number>): number {
  const steps: number[] = [
    Number(Boolean(a.spec.nodeName)) - Number(Boolean(b.spec.nodeName)),
    (PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0) - (PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0),
    Number(isPodReady(a)) - Number(isPodReady(b)),
    (podsPerNode.get(b.spec.nodeName ?? '') ?? 0) - (podsPerNode.get(a.spec.nodeName ?? '') ?? 0),
    (podReadySinceMs(b) ?? 0) - (podReadySinceMs(a) ?? 0),
    creationMs(b) - creationMs(a),
  ];
  const first = steps.find((s) => s !== 0);
  return first ?? (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** Picks `count` pods to delete from `pods` (the owner's active pods), best victims first. */
export function podsToDelete(pods: readonly Pod[], count: number): Pod[] {
  const podsPerNode = new Map<string, number>();
  for (const p of pods) {
    if (p.spec.nodeName) podsPerNode.set(p.spec.nodeName, (podsPerNode.get(p.spec.nodeName) ?? 0) + 1);
  }
  return [...pods].sort((a, b) => compareForDeletion(a, b, podsPerNode)).slice(0, Math.max(0, count));
}

/**
 * The pod a ReplicaSet creates: generateName "<rs>-", the template's labels and annotations, the
 * template's spec, and a controller reference to the ReplicaSet.
 */
export function podFromTemplate(rs: ReplicaSet): Pod {
  const tmeta = rs.spec.template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${rs.metadata.name ?? ''}-`,
      ...(rs.metadata.namespace ? { namespace: rs.metadata.namespace } : {}),
      labels: { ...tmeta.labels },
      ...(tmeta.annotations ? { annotations: { ...tmeta.annotations } } : {}),
      ownerReferences: [controllerRefFor(rs)],
    },
    spec: structuredClone(rs.spec.template.spec),
  };
}
