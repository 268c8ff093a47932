/**
 * The instances (one per restart) of each pod container as the runtime shows them, newest first.
 * Shared by the planner and the status computation. Pure.
 */
import type { ContainerInfo } from '../runtime/runtime.js';
import { LABEL_CONTAINER_NAME } from '../runtime/labels.js';

/** True once the container's process has ended ('exited' or 'dead'). */
export function isExited(info: ContainerInfo): boolean {
  return info.state === 'exited' || info.state === 'dead';
}

/** Instances of pod container `name`, the highest restart count first. */
export function instancesOf(containers: readonly ContainerInfo[], name: string): ContainerInfo[] {
  return containers
    .filter((c) => c.labels[LABEL_CONTAINER_NAME] === name)
    .sort((a, b) => (b.restartCount ?? 0) - (a.restartCount ?? 0) || a.id.localeCompare(b.id));
}

/** Milliseconds since the epoch of an RFC 3339 time, or `fallback` when absent or unparsable. */
export function timeMs(t: string | null | undefined, fallback: number): number {
  const ms = t ? Date.parse(t) : Number.NaN;
  return Number.isNaN(ms) ? fallback : ms;
}
