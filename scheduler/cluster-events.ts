/**
 * Which informer events matter to the scheduler (kube-scheduler `framework/events.go`, simplified).
 * Pure predicates, so the wiring in scheduler.ts stays thin and the rules are tested on their own.
 * Filtering matters: node agents heartbeat often, and waking every unschedulable pod on each heartbeat
 * would be a retry storm.
 */
import type { Node, Pod } from '../api/types.js';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

function isFinished(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** True when `schedulerName` should place this pod now: unbound, not being deleted, not finished, ours. */
export function needsScheduling(pod: Pod, schedulerName: string): boolean {
  if (pod.spec.nodeName || pod.metadata.deletionTimestamp || isFinished(pod)) return false;
  return (pod.spec.schedulerName || DEFAULT_SCHEDULER_NAME) === schedulerName;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const readyStatus = (n: Node): string | undefined => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;

/**
 * True when a node update could let a pod fit that did not before: allocatable, labels, cordon or
 * readiness changed. Heartbeats (condition timestamps only) return false.
 */
export function nodeUpdateMayHelp(oldNode: Node, newNode: Node): boolean {
  return !same(oldNode.status?.allocatable ?? oldNode.status?.capacity, newNode.status?.allocatable ?? newNode.status?.capacity)
    || !same(oldNode.metadata.labels, newNode.metadata.labels)
    || (oldNode.spec.unschedulable ?? false) !== (newNode.spec.unschedulable ?? false)
    || readyStatus(oldNode) !== readyStatus(newNode);
}

/** True when an update to a pod bound to a node frees resources there (it finished, or moved). */
export function assignedPodUpdateMayHelp(oldPod: Pod, newPod: Pod): boolean {
  if (!oldPod.spec.nodeName) return false;
  return (isFinished(newPod) && !isFinished(oldPod)) || oldPod.spec.nodeName !== newPod.spec.nodeName;
}

/**
 * True when an unscheduled pod changed in a way that could change the cycle's answer (spec or labels).
 * Status-only updates — including the PodScheduled condition the scheduler writes itself — return false.
 */
export function unscheduledPodChanged(oldPod: Pod, newPod: Pod): boolean {
  return !same(oldPod.spec, newPod.spec) || !same(oldPod.metadata.labels, newPod.metadata.labels);
}
