/**
 * Events that mark a container entering a backoff (kubelet's "BackOff" events). They are derived
 * from the change between the stored and the new status, so each entry is reported once instead of
 * on every sync. Pure.
 */
import type { ContainerStatus, Pod, PodStatus } from '../../api/types.js';

/** One Event to record about the pod. */
export interface PodEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** BackOff events for containers whose waiting reason became CrashLoopBackOff or ImagePullBackOff. */
export function backoffEvents(pod: Pod, next: PodStatus): PodEvent[] {
  const before = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  const out: PodEvent[] = [];
  for (const s of next.containerStatuses ?? []) {
    const reason = s.state.waiting?.reason;
    if (reason === undefined || before.get(s.name)?.state.waiting?.reason === reason) continue;
    const event = backoffEvent(pod, s, reason);
    if (event) out.push(event);
  }
  return out;
}

function backoffEvent(pod: Pod, s: ContainerStatus, reason: string): PodEvent | undefined {
  const { name, namespace, uid } = pod.metadata;
  if (reason === 'CrashLoopBackOff') {
    return { type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container ${s.name} in pod ${name ?? ''}_${namespace ?? ''}(${uid ?? ''})` };
  }
  if (reason === 'ImagePullBackOff') return { type: 'Normal', reason: 'BackOff', message: `Back-off pulling image "${s.image}"` };
  return undefined;
}
