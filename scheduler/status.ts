/**
 * What the scheduler writes about a pod it could not place: the PodScheduled=False condition with
 * reason Unschedulable (kubectl describe and `get pods` read it). Pure: the scheduler sends the patch.
 */
import type { Binding, Pod, PodCondition } from '../api/types.js';

export const REASON_UNSCHEDULABLE = 'Unschedulable';

/** The pod's current PodScheduled condition, if any. */
export function podScheduledCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
}

/**
 * The strategic-merge patch for the pods/status subresource that records `message`, or undefined when
 * the pod already carries exactly that condition (so repeated failures cause no write storm).
 * lastTransitionTime only moves when the status flips to False.
 */
export function unschedulableConditionPatch(pod: Pod, message: string, now: Date): { status: { conditions: PodCondition[] } } | undefined {
  const current = podScheduledCondition(pod);
  if (current?.status === 'False' && current.reason === REASON_UNSCHEDULABLE && current.message === message) return undefined;
  const lastTransitionTime = current?.status === 'False' && current.lastTransitionTime ? current.lastTransitionTime : now.toISOString();
  return { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: REASON_UNSCHEDULABLE, message, lastTransitionTime, lastProbeTime: null }] } };
}

/** The Binding posted to pods/<name>/binding. */
export function bindingFor(pod: Pod, nodeName: string): Binding {
  return {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: pod.metadata.name ?? '', namespace: pod.metadata.namespace ?? 'default', ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}) },
    target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
  };
}

/** The message of the Scheduled event, as kube-scheduler words it. */
export function scheduledMessage(pod: Pod, nodeName: string): string {
  return `Successfully assigned ${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''} to ${nodeName}`;
}
