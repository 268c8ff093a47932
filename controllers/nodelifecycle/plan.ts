/**
 * The node lifecycle controller's decisions, pure (Kubernetes' tryUpdateNodeHealth and
 * MarkPodsNotReady, reduced): a node whose agent has not heartbeat for longer than the grace period
 * gets its Ready and pressure conditions set to Unknown, and the pods bound to a node whose Ready
 * condition is not True get Ready=False. No taints, no eviction.
 */
import type { Node, NodeCondition, Pod, PodCondition } from '../../api/types.js';

/** Kubernetes' node-monitor-grace-period default. */
export const DEFAULT_GRACE_PERIOD_MS = 40_000;

/** The conditions the agent posts and this controller turns Unknown (NetworkUnavailable is not ours). */
export const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

export const REASON_STATUS_UNKNOWN = 'NodeStatusUnknown';
export const MESSAGE_STATUS_UNKNOWN = 'Kubelet stopped posting node status.';
export const REASON_NEVER_UPDATED = 'NodeStatusNeverUpdated';
export const MESSAGE_NEVER_UPDATED = 'Kubelet never posted node status.';

/** When a node was last heard from, and whether it is overdue. */
export interface NodeHealth {
  /** True when more than the grace period has passed since `lastSeenMs`. */
  stale: boolean;
  /** Milliseconds until the node goes stale without another heartbeat; undefined once stale (or never knowable). */
  staleInMs?: number;
}

/** A time in ms since the epoch, or undefined when absent or not a date. */
function parseTime(ts: string | undefined): number | undefined {
  if (!ts) return undefined;
  const ms = Date.parse(ts);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The node's Ready condition, if it has one. */
export function readyCondition(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready');
}

/**
 * When the node last proved alive: its Ready condition's lastHeartbeatTime, else (no Ready condition,
 * or one without a heartbeat) its creationTimestamp; never earlier than `notBeforeMs`, so a controller
 * that just started gives every node a full grace period first (Kubernetes assumes "now" for a node
 * it has not seen before). Undefined when no time is known at all.
 */
export function lastSeenMs(node: Node, notBeforeMs?: number): number | undefined {
  const seen = parseTime(readyCondition(node)?.lastHeartbeatTime) ?? parseTime(node.metadata.creationTimestamp);
  if (seen === undefined) return notBeforeMs;
  return notBeforeMs === undefined ? seen : Math.max(seen, notBeforeMs);
}

/** Whether the node is overdue at `nowMs`: strictly more than `graceMs` since it was last seen. */
export function nodeHealth(node: Node, nowMs: number, graceMs: number, notBeforeMs?: number): NodeHealth {
  const seen = lastSeenMs(node, notBeforeMs);
  if (seen === undefined) return { stale: false };
  const overdueAt = seen + graceMs;
  // Kubernetes: now.After(probeTimestamp + grace); exactly at the deadline the node is still fine.
  if (nowMs > overdueAt) return { stale: true };
  return { stale: false, staleInMs: overdueAt - nowMs + 1 };
}

/**
 * The conditions of a stale node: each monitored condition that is not already Unknown becomes
 * Unknown (reason NodeStatusUnknown, lastTransitionTime now, lastHeartbeatTime kept); a monitored
 * condition the node never reported is added (NodeStatusNeverUpdated, heartbeat = creation time);
 * other conditions stay as they are. Returns undefined when nothing changes (already all Unknown).
 */
export function unknownConditions(node: Node, now: Date): NodeCondition[] | undefined {
  const ts = now.toISOString();
  const current = node.status?.conditions ?? [];
  let changed = false;
  const next = current.map((c): NodeCondition => {
    if (!isMonitored(c.type) || c.status === 'Unknown') return c;
    changed = true;
    return { ...c, status: 'Unknown', reason: REASON_STATUS_UNKNOWN, message: MESSAGE_STATUS_UNKNOWN, lastTransitionTime: ts };
  });
  for (const type of MONITORED_CONDITIONS) {
    if (current.some((c) => c.type === type)) continue;
    changed = true;
    const created = node.metadata.creationTimestamp;
    next.push({
      type, status: 'Unknown', reason: REASON_NEVER_UPDATED, message: MESSAGE_NEVER_UPDATED,
      ...(created && parseTime(created) !== undefined ? { lastHeartbeatTime: created } : {}), lastTransitionTime: ts,
    });
  }
  return changed ? next : undefined;
}

function isMonitored(type: string): boolean {
  return (MONITORED_CONDITIONS as readonly string[]).includes(type);
}

/**
 * Whether the pods bound to this node must be marked not ready: the node has a Ready condition and
 * it is not True (Unknown after a missed heartbeat, or False). A node that never reported Ready is
 * left alone until it goes stale and gets one (Kubernetes' processPod does the same).
 */
export function podsMustBeNotReady(node: Node): boolean {
  const ready = readyCondition(node);
  return ready !== undefined && ready.status !== 'True';
}

/**
 * MarkPodsNotReady for one pod: its Ready condition becomes False (lastTransitionTime now, reason and
 * message kept, other conditions untouched: Kubernetes leaves ContainersReady to the kubelet). A pod
 * without a Ready condition, or already Ready=False, needs no write: undefined.
 */
export function notReadyConditions(pod: Pod, now: Date): PodCondition[] | undefined {
  const conditions = pod.status?.conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready');
  if (!ready || ready.status === 'False') return undefined;
  const ts = now.toISOString();
  return conditions.map((c) => (c === ready ? { ...c, status: 'False', lastTransitionTime: ts } : c));
}

/** Pods (from a cache) bound to `nodeName` that notReadyConditions would change. */
export function podsToMarkNotReady(pods: readonly Pod[], nodeName: string, now: Date): { pod: Pod; conditions: PodCondition[] }[] {
  const out: { pod: Pod; conditions: PodCondition[] }[] = [];
  for (const pod of pods) {
    if (pod.spec.nodeName !== nodeName) continue;
    const conditions = notReadyConditions(pod, now);
    if (conditions) out.push({ pod, conditions });
  }
  return out;
}
