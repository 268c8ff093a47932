/**
 * containerStatuses[] entries from the runtime's view of a pod container (kubelet's
 * convertToAPIContainerStatuses, reduced). Pure.
 */
import type { Container, ContainerState, ContainerStateTerminated, ContainerStateWaiting, ContainerStatus, Pod } from '../../api/types.js';
import { isExited } from './instances.js';
import type { ContainerInfo } from '../runtime/runtime.js';

/** How container ids are shown and how readiness is decided. */
export interface ContainerStatusOptions {
  /** Scheme of containerID ("docker" gives "docker://<id>"). */
  runtimeScheme: string;
  /**
   * Result of the readiness probe of a running container: true ready, false not ready, undefined
   * not probed yet (not ready). When absent, probes are not evaluated and running means ready.
   */
  readiness?: (containerId: string) => boolean | undefined;
}

/**
 * The status of pod container `c`. `instances` are its instances newest first (instances.ts);
 * `waiting` overrides the state of a container held back by a backoff or a failed start.
 */
export function computeContainerStatus(
  pod: Pod, c: Container, instances: readonly ContainerInfo[], waiting: ContainerStateWaiting | undefined, opts: ContainerStatusOptions,
): ContainerStatus {
  const [current, previous] = instances;
  const known = pod.status?.containerStatuses?.find((s) => s.name === c.name);
  const restartCount = current?.restartCount ?? known?.restartCount ?? 0;
  const state = stateOf(current, known, waiting, opts);
  const running = state.running !== undefined;
  const lastState = lastStateOf(current, previous, known, waiting, restartCount, opts);
  return {
    name: c.name,
    image: c.image,
    imageID: current?.imageId ?? '',
    ...(current ? { containerID: `${opts.runtimeScheme}://${current.id}` } : {}),
    ready: running && current !== undefined && isReady(c, current, opts),
    started: running,
    restartCount,
    state,
    lastState,
  };
}

function isReady(c: Container, current: ContainerInfo, opts: ContainerStatusOptions): boolean {
  if (!c.readinessProbe || !opts.readiness) return true;
  return opts.readiness(current.id) === true;
}

function stateOf(
  current: ContainerInfo | undefined, known: ContainerStatus | undefined, waiting: ContainerStateWaiting | undefined, opts: ContainerStatusOptions,
): ContainerState {
  if (waiting) return { waiting: { ...waiting } };
  if (current && isExited(current)) return { terminated: terminatedOf(current, opts) };
  if (current && current.state !== 'created') return { running: current.startedAt ? { startedAt: current.startedAt } : {} };
  // Gone without a replacement (restartPolicy Never): keep reporting how it ended.
  if (!current && known?.state.terminated) return { terminated: { ...known.state.terminated } };
  return { waiting: { reason: 'ContainerCreating' } };
}

function lastStateOf(
  current: ContainerInfo | undefined, previous: ContainerInfo | undefined, known: ContainerStatus | undefined,
  waiting: ContainerStateWaiting | undefined, restartCount: number, opts: ContainerStatusOptions,
): ContainerState {
  // In a crash loop the current instance is the one that last terminated.
  if (waiting?.reason === 'CrashLoopBackOff' && current && isExited(current)) return { terminated: terminatedOf(current, opts) };
  if (previous && isExited(previous)) return { terminated: terminatedOf(previous, opts) };
  return restartCount > 0 && known?.lastState ? structuredClone(known.lastState) : {};
}

/** state.terminated of an exited instance; reason as kubelet reports it. */
export function terminatedOf(info: ContainerInfo, opts: ContainerStatusOptions): ContainerStateTerminated {
  const exitCode = info.exitCode ?? 128;
  const reason = info.oomKilled ? 'OOMKilled' : info.error ? 'ContainerCannotRun' : exitCode === 0 ? 'Completed' : 'Error';
  return {
    exitCode,
    reason,
    ...(info.error ? { message: info.error } : {}),
    ...(info.startedAt ? { startedAt: info.startedAt } : {}),
    ...(info.finishedAt ? { finishedAt: info.finishedAt } : {}),
    containerID: `${opts.runtimeScheme}://${info.id}`,
  };
}
