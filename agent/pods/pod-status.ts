/**
 * The pod status the agent reports (kubelet's generateAPIPodStatus + getPhase, reduced): phase,
 * conditions, IPs, startTime and containerStatuses, computed from the runtime's view. Pure: the
 * same inputs give the same status, and timestamps only move when something changed, so comparing
 * the result with the stored status tells whether a write is needed.
 */
import type { ContainerStateWaiting, ContainerStatus, Pod, PodCondition, PodPhase, PodStatus } from '../../api/types.js';
import { computeContainerStatus, type ContainerStatusOptions } from './container-status.js';
import { instancesOf } from './instances.js';
import { isTerminal } from './planner.js';
import { NODE_IP, podIpOfLabels } from './pod-network.js';
import type { ContainerInfo } from '../runtime/runtime.js';
import { deepEqual } from '../../api/equal.js';

/** The node's address as pods see it (agents run on this machine and publish on loopback). */
export const HOST_IP = NODE_IP;

/** PodStatus plus the fields kubelet also reports that api/types.ts does not list. */
export type AgentPodStatus = PodStatus & { hostIPs?: { ip: string }[] };

/** Condition types this agent owns; others (PodScheduled, readiness gates) are kept as they are. */
const OWN_CONDITIONS = new Set(['Initialized', 'Ready', 'ContainersReady']);

/**
 * The status of `pod` given the instances of its containers (this pod uid only), the time, and
 * the waiting states of containers held back by a backoff (planner.ts) or a failed start.
 */
export function computePodStatus(
  pod: Pod, containers: readonly ContainerInfo[], now: Date, waiting: ReadonlyMap<string, ContainerStateWaiting>, opts: ContainerStatusOptions,
): AgentPodStatus {
  const statuses = pod.spec.containers.map((c) => computeContainerStatus(pod, c, instancesOf(containers, c.name), waiting.get(c.name), opts));
  const phase = computePhase(pod, statuses);
  const podIP = podIpOfLabels(containers.map((c) => c.labels)) ?? pod.status?.podIP;
  return {
    phase,
    conditions: computeConditions(pod, statuses, phase, now),
    hostIP: HOST_IP,
    hostIPs: [{ ip: HOST_IP }],
    ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: pod.status?.startTime ?? now.toISOString(),
    containerStatuses: statuses,
  };
}

/** True when `next` differs from what the pod carries (a write is needed). */
export function podStatusChanged(pod: Pod, next: AgentPodStatus): boolean {
  return !deepEqual(pod.status ?? {}, next);
}

/** kubelet's getPhase: a container in a crash-loop backoff counts as stopped, not waiting. */
export function computePhase(pod: Pod, statuses: readonly ContainerStatus[]): PodPhase {
  const current = pod.status?.phase;
  if (isTerminal(pod) && current) return current;
  let waiting = 0, running = 0, stopped = 0, succeeded = 0;
  for (const s of statuses) {
    const ended = s.state.terminated ?? (s.state.waiting ? s.lastState?.terminated : undefined);
    if (s.state.running) running++;
    else if (ended) { stopped++; if (ended.exitCode === 0) succeeded++; }
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === 0) return 'Pending';
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (policy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  return policy === 'Never' ? 'Failed' : 'Running';
}

function computeConditions(pod: Pod, statuses: readonly ContainerStatus[], phase: PodPhase, now: Date): PodCondition[] {
  const existing = pod.status?.conditions ?? [];
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const ready: Omit<PodCondition, 'type'> = unready.length === 0
    ? { status: 'True' }
    : terminal
      ? { status: 'False', reason: 'PodCompleted' }
      : { status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
  const own: PodCondition[] = [
    { type: 'Initialized', status: 'True' },
    { type: 'Ready', ...ready },
    { type: 'ContainersReady', ...ready },
  ];
  const scheduled = existing.find((c) => c.type === 'PodScheduled') ?? { type: 'PodScheduled', status: 'True' };
  const others = existing.filter((c) => !OWN_CONDITIONS.has(c.type) && c.type !== 'PodScheduled');
  return [...own.map((c) => withTransition(c, existing, now)), withTransition(scheduled, existing, now), ...others];
}

/** Keeps lastTransitionTime while the condition's status stays the same. */
function withTransition(c: PodCondition, existing: readonly PodCondition[], now: Date): PodCondition {
  const old = existing.find((e) => e.type === c.type);
  const lastTransitionTime = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : c.lastTransitionTime ?? now.toISOString();
  return { ...c, lastProbeTime: c.lastProbeTime ?? null, lastTransitionTime };
}
