/**
 * Applies a pod plan (planner.ts) to the runtime: pulls images, creates and starts containers,
 * stops and removes them, and records kubelet's Events (Pulling, Pulled, Created, Started, Killing,
 * Failed). A start that fails is remembered in the backoff book, so the next plan waits.
 */
import type { Logger } from 'pino';
import type { Container, ContainerStateWaiting, Pod } from '../../api/types.js';
import type { EventRecorder } from '../../client/events.js';
import { nextBackoff, type BackoffBook, type BackoffEntry, type BackoffPolicy, type StartFailure } from './backoff.js';
import type { Clock } from '../../api/clock.js';
import { toContainerSpec, type PodAddress } from './container-spec.js';
import { isExited } from './instances.js';
import { LABEL_CONTAINER_NAME } from '../runtime/labels.js';
import type { PlanAction, PodPlan } from './planner.js';
import { ImagePullError, NameConflictError, type ContainerInfo, type ContainerRuntime } from '../runtime/runtime.js';

/** What the executor works with. */
export interface ExecutorDeps {
  runtime: ContainerRuntime;
  recorder: EventRecorder;
  book: BackoffBook;
  policy: BackoffPolicy;
  clock: Clock;
  nodeName: string;
  /**
   * Labelled on every container created, with nodeName; containers of other clusters (same node
   * name, shared engine) are invisible to the agent (scope.ts).
   */
  clusterId: string;
  /** A start failed because the pod's address is held by something else (pod-network.ts conflict()). */
  onAddressConflict?(podUid: string, ip: string): void;
  log: Logger;
}

/** The outcome of applying a plan. */
export interface ApplyResult {
  /** Waiting states of containers whose start failed in this pass (ErrImagePull, RunContainerError...). */
  waiting: Map<string, ContainerStateWaiting>;
  /** Try again after this long (the backoff of a failed start). */
  requeueAfterMs?: number;
}

/** Runtime side effects of pod sync. Every method throws on unexpected runtime errors (retry). */
export interface Executor {
  /**
   * Applies `plan` to `pod`, in order, publishing started containers' ports at `address`.
   * Expected start failures are results, not throws.
   */
  apply(pod: Pod, plan: PodPlan, address: PodAddress): Promise<ApplyResult>;
  /** Stops the running containers of a pod being deleted (grace: min(terminationGracePeriodSeconds, 10)), then removes them all. */
  killPod(pod: Pod, containers: readonly ContainerInfo[]): Promise<void>;
}

/** Longest stop timeout the agent grants, whatever terminationGracePeriodSeconds says. */
export const MAX_STOP_SECONDS = 10;

/** Creates the executor. */
export function createExecutor(deps: ExecutorDeps): Executor {
  const { runtime, recorder } = deps;
  const event = (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void => {
    void recorder.record(pod, type, reason, message);
  };
  const stopSeconds = (pod: Pod): number => Math.min(pod.spec.terminationGracePeriodSeconds ?? 30, MAX_STOP_SECONDS);

  async function applyAction(pod: Pod, action: PlanAction, address: PodAddress, result: ApplyResult): Promise<void> {
    if (action.type === 'remove') return runtime.remove(action.containerId);
    if (action.type === 'stop') {
      event(pod, 'Normal', 'Killing', action.reason);
      return runtime.stop(action.containerId, stopSeconds(pod));
    }
    const failure = await startContainer(deps, event, pod, { container: action.container, restartCount: action.restartCount, address }, action.crashBackoff);
    if (!failure) return;
    result.waiting.set(action.container.name, { reason: failure.reason, message: failure.message });
    result.requeueAfterMs = Math.min(result.requeueAfterMs ?? Infinity, failure.backoff.delayMs);
  }

  return {
    async apply(pod, plan, address) {
      const result: ApplyResult = { waiting: new Map() };
      for (const action of plan.actions) await applyAction(pod, action, address, result);
      return result;
    },
    async killPod(pod, containers) {
      await Promise.all(containers.filter((c) => !isExited(c)).map(async (c) => {
        const name = c.labels[LABEL_CONTAINER_NAME] ?? c.name;
        event(pod, 'Normal', 'Killing', `Stopping container ${name}`);
        await runtime.stop(c.id, stopSeconds(pod));
      }));
      await Promise.all(containers.map((c) => runtime.remove(c.id)));
    },
  };
}

type EmitEvent = (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string) => void;

/** Pulls, creates and starts one instance. Returns the failure (also kept in the book), or undefined. */
async function startContainer(
  deps: ExecutorDeps, event: EmitEvent, pod: Pod, what: { container: Container; restartCount: number; address: PodAddress }, crashBackoff: BackoffEntry | undefined,
): Promise<StartFailure | undefined> {
  const { container: c, restartCount, address } = what;
  const uid = pod.metadata.uid ?? '';
  if (crashBackoff) deps.book.setCrash(uid, c.name, crashBackoff);
  try {
    await pullImage(deps, event, pod, c);
    const id = await deps.runtime.createAndStart(toContainerSpec(pod, c, deps, restartCount, address));
    deps.log.info({ pod: `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`, container: c.name, restartCount, id: id.slice(0, 12) }, 'started container');
  } catch (err) {
    if (err instanceof NameConflictError) throw err; // a stale view: the retry re-lists
    // Another process (another cluster's pod on this engine) holds the address: pick another next time.
    if (/address already in use/i.test(err instanceof Error ? err.message : '')) deps.onAddressConflict?.(uid, address.podIP);
    return recordFailure(deps, event, pod, c, err);
  }
  deps.book.setStartFailure(uid, c.name, undefined);
  event(pod, 'Normal', 'Created', `Created container ${c.name}`);
  event(pod, 'Normal', 'Started', `Started container ${c.name}`);
  return undefined;
}

/**
 * Makes the image present per imagePullPolicy. A presence check first (ensureImage with 'Never')
 * tells "already present" from a real pull, so the Pulled event says which one happened.
 */
async function pullImage(deps: ExecutorDeps, event: EmitEvent, pod: Pod, c: Container): Promise<void> {
  const policy = c.imagePullPolicy ?? 'IfNotPresent';
  if (policy !== 'Always') {
    try {
      await deps.runtime.ensureImage(c.image, 'Never');
      event(pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`);
      return;
    } catch (err) {
      if (!(err instanceof ImagePullError) || policy === 'Never') throw err;
    }
  }
  event(pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`);
  const started = Date.now();
  await deps.runtime.ensureImage(c.image, policy);
  const seconds = ((Date.now() - started) / 1000).toFixed(3);
  event(pod, 'Normal', 'Pulled', `Successfully pulled image "${c.image}" in ${seconds}s (${seconds}s including waiting)`);
}

function recordFailure(deps: ExecutorDeps, event: EmitEvent, pod: Pod, c: Container, err: unknown): StartFailure {
  const uid = pod.metadata.uid ?? '';
  const reason = failureReason(err);
  const message = reason === 'ErrImageNeverPull'
    ? `Container image "${c.image}" is not present with pull policy of Never`
    : err instanceof Error ? err.message : String(err);
  const nowMs = deps.clock.now().getTime();
  const failure: StartFailure = { reason, message, backoff: nextBackoff(deps.book.startFailure(uid, c.name)?.backoff, nowMs, deps.policy) };
  deps.book.setStartFailure(uid, c.name, failure);
  if (reason === 'ErrImagePull') {
    event(pod, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${message}`);
    event(pod, 'Warning', 'Failed', 'Error: ErrImagePull');
  } else if (reason === 'ErrImageNeverPull') {
    event(pod, 'Warning', 'ErrImageNeverPull', message);
    event(pod, 'Warning', 'Failed', 'Error: ErrImageNeverPull');
  } else {
    event(pod, 'Warning', 'Failed', `Error: ${message}`);
  }
  deps.log.warn({ pod: `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`, container: c.name, reason, err: message }, 'container start failed');
  return failure;
}

function failureReason(err: unknown): StartFailure['reason'] {
  if (!(err instanceof ImagePullError)) return 'RunContainerError';
  return err.reason === 'ErrImageNeverPull' ? 'ErrImageNeverPull' : 'ErrImagePull';
}
