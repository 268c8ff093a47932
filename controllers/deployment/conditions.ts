/** Deployment conditions: Available and Progressing with Kubernetes' reasons and update rules. Pure. */
import type { DeploymentCondition } from '../../api/types.js';

export const AVAILABLE = 'Available';
export const PROGRESSING = 'Progressing';

/** Condition reasons, exactly as Kubernetes spells them (kubectl rollout status reads them). */
export const Reason = {
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  DeploymentPaused: 'DeploymentPaused',
  DeploymentResumed: 'DeploymentResumed',
} as const;

/** RFC 3339 with second precision, as Kubernetes writes timestamps. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function findCondition(conds: readonly DeploymentCondition[], type: string): DeploymentCondition | undefined {
  return conds.find((c) => c.type === type);
}

/** A condition stamped at `nowMs`. */
export function newCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, nowMs: number): DeploymentCondition {
  const ts = rfc3339(nowMs);
  return { type, status, lastUpdateTime: ts, lastTransitionTime: ts, reason, message };
}

/**
 * SetDeploymentCondition: an existing condition with the same status and reason is kept as is (so
 * timestamps do not churn); a same-status change keeps lastTransitionTime. Order is preserved.
 */
export function setCondition(conds: readonly DeploymentCondition[], c: DeploymentCondition): DeploymentCondition[] {
  const current = findCondition(conds, c.type);
  if (current && current.status === c.status && current.reason === c.reason) return [...conds];
  const next = current && current.status === c.status && current.lastTransitionTime ? { ...c, lastTransitionTime: current.lastTransitionTime } : c;
  return current ? conds.map((x) => (x.type === c.type ? next : x)) : [...conds, next];
}

/** Replaces a condition unconditionally, keeping lastTransitionTime when the status is unchanged. */
export function replaceCondition(conds: readonly DeploymentCondition[], c: DeploymentCondition): DeploymentCondition[] {
  const current = findCondition(conds, c.type);
  if (!current) return [...conds, c];
  const next = current.status === c.status && current.lastTransitionTime ? { ...c, lastTransitionTime: current.lastTransitionTime } : c;
  return conds.map((x) => (x.type === c.type ? next : x));
}
