/**
 * Deployment status (calculateStatus + syncRolloutStatus), pure: replica counts summed over the
 * Deployment's ReplicaSets, the Available condition, and the Progressing condition with its deadline.
 * These are exactly the fields `kubectl rollout status` reads (kubectl-wire.md §5, §8).
 */
import { deepEqual } from '../../api/equal.js';
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from '../../api/types.js';
import { AVAILABLE, findCondition, newCondition, PROGRESSING, Reason, replaceCondition, setCondition } from './conditions.js';
import { maxUnavailableOf } from './rolling.js';

/** Kubernetes' default progressDeadlineSeconds. */
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/** What the status is computed from. */
export interface DeploymentStatusInput {
  d: Deployment;
  /** Every ReplicaSet the Deployment controls, including newRs. */
  all: readonly ReplicaSet[];
  newRs?: ReplicaSet;
  nowMs: number;
  /** This pass created newRs (Progressing reason NewReplicaSetCreated). */
  createdNewRs?: boolean;
}

const sum = (rss: readonly ReplicaSet[], f: (rs: ReplicaSet) => number | undefined): number => rss.reduce((n, rs) => n + (f(rs) ?? 0), 0);

/** The counters; observedGeneration is the generation this pass acted on. */
export function computeCounts(d: Deployment, all: readonly ReplicaSet[], newRs: ReplicaSet | undefined): DeploymentStatus {
  const available = sum(all, (rs) => rs.status?.availableReplicas);
  const status: DeploymentStatus = {
    replicas: sum(all, (rs) => rs.status?.replicas),
    updatedReplicas: newRs?.status?.replicas ?? 0,
    readyReplicas: sum(all, (rs) => rs.status?.readyReplicas),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sum(all, (rs) => rs.spec.replicas) - available),
  };
  if (d.metadata.generation !== undefined) status.observedGeneration = d.metadata.generation;
  return status;
}

/** Every pod is updated and available, and the status is for the current generation (DeploymentComplete). */
export function isDeploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const want = d.spec.replicas ?? 1;
  return s.updatedReplicas === want && s.replicas === want && s.availableReplicas === want &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** Some counter moved forward since the stored status (DeploymentProgressing). */
export function isDeploymentProgressing(old: DeploymentStatus | undefined, s: DeploymentStatus): boolean {
  const oldOld = (old?.replicas ?? 0) - (old?.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old?.updatedReplicas ?? 0) || newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old?.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old?.availableReplicas ?? 0);
}

function deadlineMs(d: Deployment): number {
  return (d.spec.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS) * 1000;
}

/** The Progressing condition has gone progressDeadlineSeconds without an update (DeploymentTimedOut). */
export function hasTimedOut(d: Deployment, cond: DeploymentCondition | undefined, nowMs: number): boolean {
  if (!cond || cond.reason === Reason.NewReplicaSetAvailable) return false;
  if (cond.reason === Reason.ProgressDeadlineExceeded) return true;
  const from = Date.parse(cond.lastUpdateTime ?? '');
  return !Number.isNaN(from) && from + deadlineMs(d) < nowMs;
}

/** The full status to write: counters plus Available and Progressing. */
export function computeDeploymentStatus(input: DeploymentStatusInput): DeploymentStatus {
  const { d, newRs, nowMs } = input;
  const status = computeCounts(d, input.all, newRs);
  let conds = [...(d.status?.conditions ?? [])];
  const rsName = newRs?.metadata.name ?? '';
  conds = pausedConditions(d, conds, nowMs);
  if (input.createdNewRs) conds = setCondition(conds, newCondition(PROGRESSING, 'True', Reason.NewReplicaSetCreated, `Created new replica set "${rsName}"`, nowMs));
  else if (newRs && !findCondition(conds, PROGRESSING)) conds = setCondition(conds, newCondition(PROGRESSING, 'True', Reason.FoundNewReplicaSet, `Found new replica set "${rsName}"`, nowMs));
  conds = setCondition(conds, (status.availableReplicas ?? 0) >= (d.spec.replicas ?? 1) - maxUnavailableOf(d)
    ? newCondition(AVAILABLE, 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', nowMs)
    : newCondition(AVAILABLE, 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', nowMs));
  status.conditions = d.spec.paused ? conds : progressingConditions(d, status, conds, rsName, nowMs);
  return status;
}

/**
 * checkPausedConditions: a paused Deployment's Progressing is Unknown/DeploymentPaused (no deadline
 * runs while paused); on resume it becomes Unknown/DeploymentResumed stamped now, so the deadline
 * counts from the resume, not from the pause.
 */
function pausedConditions(d: Deployment, conds: DeploymentCondition[], nowMs: number): DeploymentCondition[] {
  const reason = findCondition(conds, PROGRESSING)?.reason;
  if (d.spec.paused && reason !== Reason.DeploymentPaused) {
    return replaceCondition(conds, newCondition(PROGRESSING, 'Unknown', Reason.DeploymentPaused, 'Deployment is paused', nowMs));
  }
  if (!d.spec.paused && reason === Reason.DeploymentPaused) {
    return replaceCondition(conds, newCondition(PROGRESSING, 'Unknown', Reason.DeploymentResumed, 'Deployment is resumed', nowMs));
  }
  return conds;
}

function progressingConditions(d: Deployment, status: DeploymentStatus, conds: DeploymentCondition[], rsName: string, nowMs: number): DeploymentCondition[] {
  const current = findCondition(conds, PROGRESSING);
  const complete = status.replicas === status.updatedReplicas && current?.reason === Reason.NewReplicaSetAvailable;
  if (complete) return conds;
  if (isDeploymentComplete(d, status)) {
    return setCondition(conds, newCondition(PROGRESSING, 'True', Reason.NewReplicaSetAvailable, `ReplicaSet "${rsName}" has successfully progressed.`, nowMs));
  }
  if (isDeploymentProgressing(d.status, status)) {
    return replaceCondition(conds, newCondition(PROGRESSING, 'True', Reason.ReplicaSetUpdated, `ReplicaSet "${rsName}" is progressing.`, nowMs));
  }
  if (hasTimedOut(d, current, nowMs)) {
    return setCondition(conds, newCondition(PROGRESSING, 'False', Reason.ProgressDeadlineExceeded, `ReplicaSet "${rsName}" has timed out progressing.`, nowMs));
  }
  return conds;
}

/** Milliseconds until the progress deadline should be re-checked; undefined when nothing is pending. */
export function progressRecheckMs(d: Deployment, status: DeploymentStatus, nowMs: number): number | undefined {
  const cond = findCondition(status.conditions ?? [], PROGRESSING);
  if (!cond || cond.status !== 'True' || cond.reason === Reason.NewReplicaSetAvailable || isDeploymentComplete(d, status)) return undefined;
  const from = Date.parse(cond.lastUpdateTime ?? '');
  if (Number.isNaN(from)) return undefined;
  return Math.max(0, from + deadlineMs(d) - nowMs) + 1000;
}

/** True when writing `next` changes the stored status. */
export function deploymentStatusChanged(current: DeploymentStatus | undefined, next: DeploymentStatus): boolean {
  return !deepEqual({ ...current }, { ...current, ...next });
}
