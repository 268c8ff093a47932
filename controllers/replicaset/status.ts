/** ReplicaSet status computation (calculateStatus), pure. */
import { deepEqual } from '../../api/equal.js';
import type { Pod, ReplicaSet, ReplicaSetStatus } from '../../api/types.js';
import { isPodAvailable, isPodReady } from './pods.js';

/**
 * The status a ReplicaSet should have given the active pods it controls (terminating and finished
 * pods are not replicas). observedGeneration is the generation this pass acted on.
 */
export function computeReplicaSetStatus(rs: ReplicaSet, activePods: readonly Pod[], nowMs: number): ReplicaSetStatus {
  const templateLabels = Object.entries(rs.spec.template.metadata?.labels ?? {});
  const minReady = rs.spec.minReadySeconds ?? 0;
  const status: ReplicaSetStatus = {
    replicas: activePods.length,
    fullyLabeledReplicas: activePods.filter((p) => templateLabels.every(([k, v]) => p.metadata.labels?.[k] === v)).length,
    readyReplicas: activePods.filter(isPodReady).length,
    availableReplicas: activePods.filter((p) => isPodAvailable(p, minReady, nowMs)).length,
  };
  if (rs.metadata.generation !== undefined) status.observedGeneration = rs.metadata.generation;
  return status;
}

/** True when writing `next` would change the stored status (fields we own only). */
export function replicaSetStatusChanged(current: ReplicaSetStatus | undefined, next: ReplicaSetStatus): boolean {
  const pick = (s: ReplicaSetStatus | undefined): unknown[] => [
    s?.replicas ?? 0, s?.fullyLabeledReplicas ?? 0, s?.readyReplicas ?? 0, s?.availableReplicas ?? 0, s?.observedGeneration,
  ];
  return !deepEqual(pick(current), pick(next));
}
