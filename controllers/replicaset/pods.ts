/** Pod state as the ReplicaSet controller sees it: active, ready, available. Pure. */
import type { Pod } from '../../api/types.js';

/** A pod counts as a replica: not finished (Succeeded/Failed) and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** The pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** When the pod last became Ready (ms since epoch), if it is Ready and says so. */
export function podReadySinceMs(pod: Pod): number | undefined {
  const c = pod.status?.conditions?.find((x) => x.type === 'Ready' && x.status === 'True');
  const t = c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Ready for at least `minReadySeconds` at `nowMs`. With minReadySeconds 0, Ready is enough; a
 * Ready condition without a transition time counts as ready long enough.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = podReadySinceMs(pod);
  return since === undefined || since + minReadySeconds * 1000 <= nowMs;
}

/** Milliseconds until a Ready-but-not-yet-available pod becomes available; undefined if none will. */
export function msUntilNextAvailable(pods: readonly Pod[], minReadySeconds: number, nowMs: number): number | undefined {
  if (minReadySeconds <= 0) return undefined;
  let soonest: number | undefined;
  for (const p of pods) {
    const since = podReadySinceMs(p);
    if (since === undefined || isPodAvailable(p, minReadySeconds, nowMs)) continue;
    const wait = since + minReadySeconds * 1000 - nowMs;
    soonest = soonest === undefined ? wait : Math.min(soonest, wait);
  }
  return soonest;
}
