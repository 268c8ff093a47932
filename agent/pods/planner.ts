/**
 * Pod sync planning (kubelet's computePodActions, much reduced). Given a pod bound to this node and
 * the container instances the runtime shows for it, decide what to start, stop and remove, and which
 * waiting reason (CrashLoopBackOff, ImagePullBackOff, ...) to report for containers that are not
 * running. Pure: time and remembered backoffs come in as arguments; the executor applies the plan.
 *
 * Per pod container, the newest instance is the current one and the one before it is kept (exited)
 * as the "previous" container, for `lastState` and `logs --previous`; older ones are removed.
 */
import type { Container, ContainerStateWaiting, Pod } from '../../api/types.js';
import { backoffRemainingMs, formatDuration, nextBackoff, type BackoffBook, type BackoffEntry, type BackoffPolicy } from './backoff.js';
import { instancesOf, isExited, timeMs } from './instances.js';
import type { ContainerInfo } from '../runtime/runtime.js';

/** One step of a plan. `start` creates instance `restartCount` (pulling its image first). */
export type PlanAction =
  | { type: 'remove'; containerId: string; containerName: string }
  | { type: 'stop'; containerId: string; containerName: string; reason: string }
  | { type: 'start'; container: Container; restartCount: number; crashBackoff?: BackoffEntry };

/** The result of planning one pod. */
export interface PodPlan {
  /** In order: removals, stops, then starts. */
  actions: PlanAction[];
  /** Waiting states of containers held back by a backoff, by container name. */
  waiting: Map<string, ContainerStateWaiting>;
  /** Sync again after this long (a backoff ends); undefined: only when something changes. */
  requeueAfterMs?: number;
}

/** Everything planning looks at. */
export interface PlanInput {
  pod: Pod;
  /** Observed instances of this pod's containers (this pod uid only). */
  containers: readonly ContainerInfo[];
  now: Date;
  book: Pick<BackoffBook, 'crash' | 'startFailure'>;
  policy: BackoffPolicy;
}

interface ContainerPlan { actions: PlanAction[]; waiting?: ContainerStateWaiting; requeueAfterMs?: number }

/** Plans one sync of `input.pod`. */
export function planPod(input: PlanInput): PodPlan {
  const plan: PodPlan = { actions: [], waiting: new Map() };
  for (const c of input.pod.spec.containers) {
    const p = planContainer(input, c);
    plan.actions.push(...p.actions);
    if (p.waiting) plan.waiting.set(c.name, p.waiting);
    if (p.requeueAfterMs !== undefined) plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, p.requeueAfterMs);
  }
  const rank = { remove: 0, stop: 1, start: 2 } as const;
  plan.actions.sort((a, b) => rank[a.type] - rank[b.type]);
  return plan;
}

/** True when the pod reached Succeeded or Failed: nothing is (re)started any more. */
export function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function planContainer(input: PlanInput, c: Container): ContainerPlan {
  const [current, previous, ...older] = instancesOf(input.containers, c.name);
  const cleanup: PlanAction[] = older.map((i) => removeAction(i, c.name));
  // An old instance still running is a leftover (e.g. an interrupted restart): it must go.
  if (previous && !isExited(previous)) cleanup.push(removeAction(previous, c.name));
  const rest = !current ? planMissing(input, c) : isExited(current) ? planExited(input, c, current) : planAlive(input, c, current);
  return { ...rest, actions: [...cleanup, ...rest.actions] };
}

function removeAction(i: ContainerInfo, containerName: string): PlanAction {
  return { type: 'remove', containerId: i.id, containerName };
}

/** No instance yet: the first start, or a container that vanished (counts as a restart). */
function planMissing(input: PlanInput, c: Container): ContainerPlan {
  if (isTerminal(input.pod)) return { actions: [] };
  const known = input.pod.status?.containerStatuses?.find((s) => s.name === c.name);
  const existedBefore = Boolean(known?.containerID);
  if (existedBefore && input.pod.spec.restartPolicy === 'Never') return { actions: [] };
  const restartCount = existedBefore ? (known?.restartCount ?? 0) + 1 : (known?.restartCount ?? 0);
  return startOrWait(input, c, restartCount);
}

/** Running (or about to): replace it only when its image changed in the spec. */
function planAlive(input: PlanInput, c: Container, current: ContainerInfo): ContainerPlan {
  if (current.image === c.image) return { actions: [] };
  const stop: PlanAction = { type: 'stop', containerId: current.id, containerName: c.name, reason: `Container ${c.name} definition changed, will be restarted` };
  const start = startOrWait(input, c, (current.restartCount ?? 0) + 1);
  return { ...start, actions: [stop, ...start.actions] };
}

/** Exited: restart it per restartPolicy, after the crash-loop backoff. */
function planExited(input: PlanInput, c: Container, current: ContainerInfo): ContainerPlan {
  const policy = input.pod.spec.restartPolicy ?? 'Always';
  const failed = current.exitCode !== 0;
  if (isTerminal(input.pod) || policy === 'Never' || (policy === 'OnFailure' && !failed)) return { actions: [] };
  const uid = input.pod.metadata.uid ?? '';
  const nowMs = input.now.getTime();
  const finishedMs = timeMs(current.finishedAt, nowMs);
  const entry = input.book.crash(uid, c.name);
  const remaining = backoffRemainingMs(entry, finishedMs, nowMs, input.policy);
  if (entry && remaining > 0) {
    const { name, namespace } = input.pod.metadata;
    const message = `back-off ${formatDuration(entry.delayMs)} restarting failed container=${c.name} pod=${name ?? ''}_${namespace ?? ''}(${uid})`;
    return { actions: [], waiting: { reason: 'CrashLoopBackOff', message }, requeueAfterMs: remaining };
  }
  return startOrWait(input, c, (current.restartCount ?? 0) + 1, nextBackoff(entry, finishedMs, input.policy));
}

/** Start now, unless the last start attempt failed and its backoff has not ended. */
function startOrWait(input: PlanInput, c: Container, restartCount: number, crashBackoff?: BackoffEntry): ContainerPlan {
  const failure = input.book.startFailure(input.pod.metadata.uid ?? '', c.name);
  const remaining = failure ? backoffRemainingMs(failure.backoff, failure.backoff.lastUpdateMs, input.now.getTime(), input.policy) : 0;
  if (failure && remaining > 0) {
    const waiting = failure.reason === 'ErrImagePull'
      ? { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}": ${failure.message}` }
      : { reason: failure.reason, message: failure.message };
    return { actions: [], waiting, requeueAfterMs: remaining };
  }
  return { actions: [{ type: 'start', container: c, restartCount, ...(crashBackoff ? { crashBackoff } : {}) }] };
}
