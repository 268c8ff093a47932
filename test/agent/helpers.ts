/** Shared fixtures of the agent tests: container instances made through FakeRuntime, a silent logger. */
import pino from 'pino';
import type { Pod } from '../../api/types.js';
import { toContainerSpec, type PodAddress } from '../../agent/pods/container-spec.js';
import { LABEL_POD_UID } from '../../agent/runtime/labels.js';
import type { ContainerInfo } from '../../agent/runtime/runtime.js';
import type { ContainerScope } from '../../agent/runtime/scope.js';
import type { EventRecorder } from '../../client/events.js';
import { FakeRuntime } from '../support/fake-runtime.js';
import type { FakeClock } from './fake-clock.js';

/** A logger that prints nothing (TEST_LOG_LEVEL=debug shows it). */
export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** The node and cluster the unit tests' containers belong to. */
export const TEST_SCOPE: ContainerScope = { nodeName: 'node-1', clusterId: 'cluster-a' };

/** The address the unit tests' pods get (pod-network.ts's loopback mode would give node-1's first pod this one). */
export const TEST_ADDRESS: PodAddress = { podIP: '127.1.0.2', bindings: (p) => [{ hostIp: '127.1.0.2', hostPort: p.containerPort }] };

/** How a test instance ends, if it does. */
export interface InstanceEnd { exitCode: number; oomKilled?: boolean }

/**
 * Creates instance `restartCount` of pod container `name` in `rt` (as the agent of TEST_SCOPE would), optionally
 * ends it, and returns what inspect shows. The clock stamps startedAt/finishedAt.
 */
export async function runInstance(rt: FakeRuntime, pod: Pod, name: string, restartCount: number, end?: InstanceEnd): Promise<ContainerInfo> {
  const c = pod.spec.containers.find((x) => x.name === name);
  if (!c) throw new Error(`pod has no container ${name}`);
  rt.images.add(c.image);
  const id = await rt.createAndStart(toContainerSpec(pod, c, TEST_SCOPE, restartCount, TEST_ADDRESS));
  if (end) rt.exit(id, end);
  return rt.inspect(id);
}

/** Everything the runtime shows for a pod uid. */
export async function observePod(rt: FakeRuntime, uid: string): Promise<ContainerInfo[]> {
  const listed = await rt.list({ [LABEL_POD_UID]: uid });
  return Promise.all(listed.map((c) => rt.inspect(c.id)));
}

/** A FakeRuntime whose timestamps come from `clock`. */
export function fakeRuntime(clock: FakeClock, images: string[] = []): FakeRuntime {
  return new FakeRuntime({ images, now: () => clock.now() });
}

/** One recorded event. */
export interface RecordedEvent { pod: string; type: string; reason: string; message: string }

/** An EventRecorder that keeps the events in memory. */
export function memoryRecorder(): EventRecorder & { events: RecordedEvent[] } {
  const events: RecordedEvent[] = [];
  return {
    events,
    record(obj, type, reason, message) {
      events.push({ pod: obj.metadata.name ?? '', type, reason, message });
      return Promise.resolve();
    },
  };
}
