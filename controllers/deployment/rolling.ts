/**
 * Rolling-update arithmetic (deployment/util and rolling.go), pure: resolve maxSurge and
 * maxUnavailable, decide how far to scale the new ReplicaSet up and the old ones down.
 */
import type { Deployment } from '../../api/types.js';

/** The slice of a ReplicaSet the rollout math reads. */
export interface ReplicaSetCounts {
  name: string;
  /** spec.replicas */
  replicas: number;
  /** status.availableReplicas */
  availableReplicas: number;
  /** metadata.creationTimestamp (ms), for oldest-first ordering. */
  createdMs: number;
}

/** A decision to set one ReplicaSet's spec.replicas. */
export interface ScaleAction { name: string; replicas: number }

/** Resolved rolling-update bounds, in pods. */
export interface Fenceposts { maxSurge: number; maxUnavailable: number }

/**
 * Resolves an int-or-percent against `total`. Percentages round up or down as asked; plain numbers
 * (or numeric strings) are taken as is. Anything unparsable counts as 0.
 */
export function resolveIntOrPercent(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v.trim());
  if (!m) { const n = Number(v); return Number.isInteger(n) ? n : 0; }
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * maxSurge rounds up, maxUnavailable rounds down (defaults 25%/25%); if both come out 0,
 * maxUnavailable becomes 1 so the rollout can make progress (Kubernetes ResolveFenceposts).
 */
export function resolveFenceposts(d: Deployment): Fenceposts {
  const replicas = d.spec.replicas ?? 1;
  const ru = d.spec.strategy?.rollingUpdate;
  const maxSurge = resolveIntOrPercent(ru?.maxSurge ?? '25%', replicas, true);
  const maxUnavailable = resolveIntOrPercent(ru?.maxUnavailable ?? '25%', replicas, false);
  return maxSurge === 0 && maxUnavailable === 0 ? { maxSurge: 0, maxUnavailable: 1 } : { maxSurge, maxUnavailable };
}

/** The deployment's maxUnavailable in pods (0 for Recreate), capped at spec.replicas. */
export function maxUnavailableOf(d: Deployment): number {
  const replicas = d.spec.replicas ?? 1;
  if (d.spec.strategy?.type === 'Recreate' || replicas === 0) return 0;
  return Math.min(resolveFenceposts(d).maxUnavailable, replicas);
}

const sum = (rss: readonly ReplicaSetCounts[], f: (r: ReplicaSetCounts) => number): number => rss.reduce((n, r) => n + f(r), 0);

/**
 * The new ReplicaSet's next spec.replicas (NewRSNewReplicas): scale up as far as
 * spec.replicas + maxSurge allows across all ReplicaSets, never past spec.replicas; scale down
 * at once when it has more than spec.replicas. `all` includes `newRs`.
 */
export function newReplicaSetReplicas(d: Deployment, newRs: ReplicaSetCounts, all: readonly ReplicaSetCounts[]): number {
  const desired = d.spec.replicas ?? 1;
  if (newRs.replicas >= desired) return desired;
  const maxTotal = desired + resolveFenceposts(d).maxSurge;
  const current = sum(all, (r) => r.replicas);
  if (current >= maxTotal) return newRs.replicas;
  return newRs.replicas + Math.min(maxTotal - current, desired - newRs.replicas);
}

const oldestFirst = (a: ReplicaSetCounts, b: ReplicaSetCounts): number => a.createdMs - b.createdMs || a.name.localeCompare(b.name);

/**
 * How to scale old ReplicaSets down (reconcileOldReplicaSets): first remove unavailable old pods,
 * then available ones, never dropping below spec.replicas - maxUnavailable available pods
 * (counting the new ReplicaSet's unavailable pods against the budget). Oldest ReplicaSets first.
 */
export function planOldReplicaSetsScaleDown(d: Deployment, newRs: ReplicaSetCounts, old: readonly ReplicaSetCounts[]): ScaleAction[] {
  if (sum(old, (r) => r.replicas) === 0) return [];
  const desired = d.spec.replicas ?? 1;
  const minAvailable = desired - maxUnavailableOf(d);
  const allPods = sum(old, (r) => r.replicas) + newRs.replicas;
  const newUnavailable = Math.max(0, newRs.replicas - newRs.availableReplicas);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return [];
  const { actions, current } = cleanupUnhealthy(old, maxScaledDown);
  return mergeActions(actions, scaleDownAvailable(d, newRs, current));
}

/** Scales old ReplicaSets down by their unavailable pods, up to `budget` pods in total. */
function cleanupUnhealthy(old: readonly ReplicaSetCounts[], budget: number): { actions: ScaleAction[]; current: ReplicaSetCounts[] } {
  let done = 0;
  const actions: ScaleAction[] = [];
  const current = [...old].sort(oldestFirst).map((rs) => {
    if (done >= budget || rs.replicas === 0 || rs.replicas <= rs.availableReplicas) return rs;
    const down = Math.min(budget - done, rs.replicas - rs.availableReplicas);
    done += down;
    actions.push({ name: rs.name, replicas: rs.replicas - down });
    return { ...rs, replicas: rs.replicas - down };
  });
  return { actions, current };
}

/** Scales old ReplicaSets down while more than minAvailable pods are available. */
function scaleDownAvailable(d: Deployment, newRs: ReplicaSetCounts, old: readonly ReplicaSetCounts[]): ScaleAction[] {
  const minAvailable = (d.spec.replicas ?? 1) - maxUnavailableOf(d);
  const available = sum(old, (r) => Math.min(r.availableReplicas, r.replicas)) + newRs.availableReplicas;
  const total = available - minAvailable;
  let done = 0;
  const actions: ScaleAction[] = [];
  for (const rs of [...old].sort(oldestFirst)) {
    if (done >= total) break;
    if (rs.replicas === 0) continue;
    const down = Math.min(rs.replicas, total - done);
    done += down;
    actions.push({ name: rs.name, replicas: rs.replicas - down });
  }
  return actions;
}

/** Later actions on the same ReplicaSet win. */
function mergeActions(first: ScaleAction[], second: ScaleAction[]): ScaleAction[] {
  const byName = new Map<string, number>();
  for (const a of [...first, ...second]) byName.set(a.name, a.replicas);
  return [...byName].map(([name, replicas]) => ({ name, replicas }));
}
