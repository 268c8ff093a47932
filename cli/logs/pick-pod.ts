/**
 * Which pod `logs deploy/web` reads: kubectl's `ByLogging` order (assigned before unassigned,
 * Running before Unknown before Pending, ready before not ready, ready longer before ready shorter,
 * more restarts before fewer, older before newer), and which container (-c, else the
 * default-container annotation, else the first).
 */
import type { Pod } from '../../api/types.js';

export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

const PHASE_RANK: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };

function readyCondition(p: Pod): { ready: boolean; since: number } {
  const c = p.status?.conditions?.find((x) => x.type === 'Ready');
  const since = c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : Number.NaN;
  return { ready: c?.status === 'True', since };
}

const maxRestarts = (p: Pod): number => Math.max(0, ...(p.status?.containerStatuses ?? []).map((s) => s.restartCount));
const created = (p: Pod): number => (p.metadata.creationTimestamp ? Date.parse(p.metadata.creationTimestamp) : Number.POSITIVE_INFINITY);
/** Earlier first; a missing (NaN) time sorts last. */
const byTime = (a: number, b: number): number => (Number.isNaN(a) ? Infinity : a) - (Number.isNaN(b) ? Infinity : b);

/** Negative when `a` is the better pod to read logs from. */
export function compareForLogs(a: Pod, b: Pod): number {
  const assignedA = Boolean(a.spec.nodeName), assignedB = Boolean(b.spec.nodeName);
  if (assignedA !== assignedB) return assignedA ? -1 : 1;
  const phase = (PHASE_RANK[a.status?.phase ?? ''] ?? 0) - (PHASE_RANK[b.status?.phase ?? ''] ?? 0);
  if (phase !== 0) return phase;
  const ra = readyCondition(a), rb = readyCondition(b);
  if (ra.ready !== rb.ready) return ra.ready ? -1 : 1;
  if (ra.ready && ra.since !== rb.since) return byTime(ra.since, rb.since) || 0;
  const restarts = maxRestarts(b) - maxRestarts(a);
  if (restarts !== 0) return restarts;
  return byTime(created(a), created(b)) || 0;
}

/** The best pod for logs, or undefined for an empty list. */
export function pickLogPod(pods: readonly Pod[]): Pod | undefined {
  return [...pods].sort(compareForLogs)[0];
}

/** The container to read: `requested`, else the default-container annotation, else the first one. */
export function pickContainer(pod: Pod, requested: string | undefined): { name: string | undefined; defaulted: boolean } {
  if (requested) return { name: requested, defaulted: false };
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated && pod.spec.containers.some((c) => c.name === annotated)) return { name: annotated, defaulted: false };
  return { name: pod.spec.containers[0]?.name, defaulted: pod.spec.containers.length > 1 };
}
