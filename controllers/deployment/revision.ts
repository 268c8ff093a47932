/**
 * Revisions: every ReplicaSet of a Deployment carries `deployment.kubernetes.io/revision`; the
 * active (new) one has the highest, and the Deployment mirrors it. Pure.
 */
import type { ReplicaSet } from '../../api/types.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/** The ReplicaSet's revision, 0 when missing or unparsable. */
export function revisionOf(obj: { metadata: { annotations?: Record<string, string> } }): number {
  const n = Number(obj.metadata.annotations?.[REVISION_ANNOTATION]);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The highest revision among `rss` (0 when empty). */
export function maxRevision(rss: readonly ReplicaSet[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

/**
 * The revision the new ReplicaSet must carry: one past every old ReplicaSet's. A new ReplicaSet
 * that already has it keeps its number; an old one brought back by a rollback gets a new number.
 */
export function newRevision(newRs: ReplicaSet | undefined, old: readonly ReplicaSet[]): number {
  const next = maxRevision(old) + 1;
  const current = newRs ? revisionOf(newRs) : 0;
  return current >= next ? current : next;
}
