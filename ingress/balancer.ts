/**
 * Pure picking decisions for the proxy: which weighted group of a route (smooth weighted round
 * robin, as nginx does), which endpoint of a backend (round robin or least outstanding requests),
 * and passive health (an endpoint whose connections fail leaves rotation for a while).
 * Time is a monotonic millisecond number passed in by the caller; nothing here reads a clock or
 * allocates.
 */
import type { Backend, BackendGroup, EndpointState } from './route-table.js';

/** How an endpoint is chosen among a backend's ready, non-ejected endpoints. */
export type BalancePolicy = 'round-robin' | 'least-outstanding';

/** How long a failing endpoint stays out of rotation. */
export interface EjectionPolicy {
  /** After the first consecutive failure. */
  baseMs: number;
  /** Doubling per further consecutive failure stops here. */
  maxMs: number;
}

/** 10 s out of rotation after a failure, doubling per consecutive failure, at most 60 s. */
export const DEFAULT_EJECTION: EjectionPolicy = { baseMs: 10_000, maxMs: 60_000 };

/**
 * Smooth weighted round robin over `groups` (nginx's algorithm): every pick adds each group's
 * weight to its running score, takes the highest score and subtracts the total from it, which
 * spreads a 90/10 split as nine stable picks around each canary pick instead of in bursts.
 * `scores` is the route's state (one slot per group), mutated in place. Groups of weight <= 0 are
 * never picked; returns null when no group has a positive weight.
 */
export function pickGroup(groups: readonly BackendGroup[], scores: Int32Array): BackendGroup | null {
  if (groups.length === 1) return groups[0]!.weight > 0 ? groups[0]! : null;
  let total = 0;
  let best = -1;
  for (let i = 0; i < groups.length; i++) {
    const w = groups[i]!.weight;
    if (w <= 0) continue;
    scores[i] = scores[i]! + w;
    total += w;
    if (best < 0 || scores[i]! > scores[best]!) best = i;
  }
  if (best < 0) return null;
  scores[best] = scores[best]! - total;
  return groups[best]!;
}

/** Whether `ep` is in rotation at `now`. */
export function isAvailable(ep: EndpointState, now: number): boolean {
  return ep.ejectedUntil <= now;
}

/**
 * Scans the endpoints from the backend's cursor and returns the index of the pick: the first
 * eligible endpoint for round robin, the eligible one with the fewest in-flight requests (first
 * after the cursor on ties) for least-outstanding. Eligible: not `exclude` (unless it is the only
 * endpoint) and, when `healthyOnly`, not ejected. -1 when none is eligible.
 */
function scan(backend: Backend, now: number, policy: BalancePolicy, exclude: EndpointState | null, healthyOnly: boolean): number {
  const eps = backend.endpoints;
  const n = eps.length;
  const start = backend.state.cursor % n;
  let best = -1;
  let bestInflight = Infinity;
  for (let k = 0; k < n; k++) {
    const i = start + k < n ? start + k : start + k - n;
    const ep = eps[i]!;
    if (ep === exclude && n > 1) continue;
    if (healthyOnly && ep.ejectedUntil > now) continue;
    if (policy === 'round-robin') return i;
    if (ep.inflight < bestInflight) { best = i; bestInflight = ep.inflight; }
  }
  return best;
}

/**
 * Picks the endpoint for the next request to `backend`, skipping `exclude` (the endpoint a retry
 * just failed on, when there is another) and ejected endpoints. When every endpoint is ejected it
 * picks among them anyway: better a chance than a certain 503. Advances the backend's cursor.
 * Returns null only when the backend has no endpoints.
 */
export function pickEndpoint(backend: Backend, now: number, policy: BalancePolicy, exclude: EndpointState | null): EndpointState | null {
  const n = backend.endpoints.length;
  if (n === 0) return null;
  let i = scan(backend, now, policy, exclude, true);
  if (i < 0) i = scan(backend, now, policy, exclude, false);
  backend.state.cursor = i + 1 < n ? i + 1 : 0;
  return backend.endpoints[i]!;
}

/**
 * Records a connection failure (refused, timed out, reset before a response): the endpoint leaves
 * rotation for baseMs, doubled for each further consecutive failure up to maxMs.
 */
export function reportFailure(ep: EndpointState, now: number, policy: EjectionPolicy = DEFAULT_EJECTION): void {
  ep.failures++;
  const factor = ep.failures > 20 ? 2 ** 20 : 2 ** (ep.failures - 1);
  ep.ejectedUntil = now + Math.min(policy.baseMs * factor, policy.maxMs);
}

/** Records a successful exchange: the endpoint is healthy again. */
export function reportSuccess(ep: EndpointState): void {
  if (ep.failures !== 0 || ep.ejectedUntil !== 0) {
    ep.failures = 0;
    ep.ejectedUntil = 0;
  }
}
