import { describe, expect, it } from 'vitest';
import type { ContainerStateWaiting, Pod } from '../../../api/types.js';
import { computePodStatus, podStatusChanged } from '../../../agent/pods/pod-status.js';
import type { ContainerInfo } from '../../../agent/runtime/runtime.js';
import { makePod } from '../../support/builders.js';
import { FakeClock } from '../fake-clock.js';
import { fakeRuntime, runInstance, type InstanceEnd } from '../helpers.js';

const T0 = '2024-01-01T00:00:00.000Z';
const NOW = '2024-01-01T00:05:00.000Z';
const scheduled = { type: 'PodScheduled', status: 'True' as const, lastTransitionTime: T0, lastProbeTime: null };

interface Instance { container: string; restart: number; end?: InstanceEnd }
interface Case {
  name: string;
  pod: Pod;
  instances?: Instance[];
  waiting?: Record<string, ContainerStateWaiting>;
  readiness?: (id: string) => boolean | undefined;
  expected: Record<string, unknown>;
}

const web = (policy: 'Always' | 'OnFailure' | 'Never' = 'Always'): Pod => {
  const pod = makePod('web').container({ name: 'app', image: 'tugboat/echo:1' }).condition(scheduled).build();
  return { ...pod, spec: { ...pod.spec, restartPolicy: policy } };
};
const twoContainers = (policy: 'Always' | 'Never' = 'Always'): Pod => {
  const pod = web(policy);
  return { ...pod, spec: { ...pod.spec, containers: [...pod.spec.containers, { name: 'side', image: 'tugboat/busybox:1' }] } };
};
const notReady = (names: string) => ({ status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${names}]` });

const cases: Case[] = [
  {
    name: 'nothing created yet: Pending, ContainerCreating, not ready, PodScheduled kept',
    pod: web(),
    expected: {
      phase: 'Pending', hostIP: '127.0.0.1', startTime: NOW,
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: NOW },
        { type: 'Ready', ...notReady('app') }, { type: 'ContainersReady', ...notReady('app') }, scheduled,
      ],
      containerStatuses: [{ name: 'app', ready: false, started: false, restartCount: 0, imageID: '', state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} }],
    },
  },
  {
    name: 'running: Running and Ready, containerID/imageID/podIP from the runtime',
    pod: web(), instances: [{ container: 'app', restart: 0 }],
    expected: {
      phase: 'Running', podIP: '127.1.0.2', podIPs: [{ ip: '127.1.0.2' }], hostIPs: [{ ip: '127.0.0.1' }],
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }, { type: 'ContainersReady', status: 'True' }, scheduled],
      containerStatuses: [{
        name: 'app', image: 'tugboat/echo:1', imageID: 'sha256:fake-tugboat/echo:1', containerID: expect.stringMatching(/^fake:\/\/fake0+2$/),
        ready: true, started: true, restartCount: 0, state: { running: { startedAt: T0 } }, lastState: {},
      }],
    },
  },
  {
    name: 'restarted once: restartCount 1, lastState.terminated is the previous exit',
    pod: web(), instances: [{ container: 'app', restart: 0, end: { exitCode: 2 } }, { container: 'app', restart: 1 }],
    expected: {
      phase: 'Running',
      containerStatuses: [{ restartCount: 1, ready: true, state: { running: {} }, lastState: { terminated: { exitCode: 2, reason: 'Error', finishedAt: T0 } } }],
    },
  },
  {
    name: 'crash loop: waiting CrashLoopBackOff, lastState is the current exit, phase stays Running',
    pod: web(), instances: [{ container: 'app', restart: 0, end: { exitCode: 137, oomKilled: true } }],
    waiting: { app: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } },
    expected: {
      phase: 'Running',
      containerStatuses: [{ restartCount: 0, ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }],
    },
  },
  {
    name: 'Never, exited 0: Succeeded, Completed, Ready False PodCompleted',
    pod: web('Never'), instances: [{ container: 'app', restart: 0, end: { exitCode: 0 } }],
    expected: {
      phase: 'Succeeded',
      conditions: [{ type: 'Initialized' }, { type: 'Ready', status: 'False', reason: 'PodCompleted' }, { type: 'ContainersReady', reason: 'PodCompleted' }, scheduled],
      containerStatuses: [{ state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    },
  },
  {
    name: 'Never, one of two failed: Failed',
    pod: twoContainers('Never'), instances: [{ container: 'app', restart: 0, end: { exitCode: 0 } }, { container: 'side', restart: 0, end: { exitCode: 1 } }],
    expected: { phase: 'Failed', containerStatuses: [{ state: { terminated: { reason: 'Completed' } } }, { state: { terminated: { exitCode: 1, reason: 'Error' } } }] },
  },
  {
    name: 'Never, one exited one running: Running',
    pod: twoContainers('Never'), instances: [{ container: 'app', restart: 0, end: { exitCode: 1 } }, { container: 'side', restart: 0 }],
    expected: { phase: 'Running', conditions: [{ type: 'Initialized' }, { type: 'Ready', ...notReady('app') }, { type: 'ContainersReady' }, scheduled] },
  },
  {
    name: 'OnFailure, failed and in backoff: Running',
    pod: web('OnFailure'), instances: [{ container: 'app', restart: 0, end: { exitCode: 1 } }],
    waiting: { app: { reason: 'CrashLoopBackOff' } }, expected: { phase: 'Running' },
  },
  {
    name: 'image pull failed: Pending with the ErrImagePull reason and message',
    pod: web(), waiting: { app: { reason: 'ErrImagePull', message: 'image "x": pull failed' } },
    expected: { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ErrImagePull', message: 'image "x": pull failed' } } }] },
  },
  {
    name: 'one of two containers still creating: Pending, podIP from the running one',
    pod: twoContainers(), instances: [{ container: 'app', restart: 0 }],
    expected: { phase: 'Pending', podIP: '127.1.0.2', containerStatuses: [{ ready: true }, { ready: false, state: { waiting: { reason: 'ContainerCreating' } } }] },
  },
  {
    name: 'a Failed pod stays Failed when its containers are gone, keeping their terminated state',
    pod: { ...web('Never'), status: { ...web('Never').status, phase: 'Failed', containerStatuses: [{ name: 'app', image: 'tugboat/echo:1', ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } }] } },
    expected: { phase: 'Failed', containerStatuses: [{ state: { terminated: { exitCode: 3 } } }] },
  },
  {
    name: 'readiness probe not passed yet: running but not ready',
    pod: { ...web(), spec: { ...web().spec, containers: [{ name: 'app', image: 'tugboat/echo:1', readinessProbe: { httpGet: { path: '/healthz', port: 8080 } } }] } },
    instances: [{ container: 'app', restart: 0 }], readiness: () => undefined,
    expected: { phase: 'Running', conditions: [{ type: 'Initialized' }, { type: 'Ready', ...notReady('app') }, { type: 'ContainersReady' }, scheduled], containerStatuses: [{ ready: false, started: true }] },
  },
  {
    name: 'readiness probe passed: ready',
    pod: { ...web(), spec: { ...web().spec, containers: [{ name: 'app', image: 'tugboat/echo:1', readinessProbe: { tcpSocket: { port: 8080 } } }] } },
    instances: [{ container: 'app', restart: 0 }], readiness: () => true,
    expected: { containerStatuses: [{ ready: true }] },
  },
];

async function instances(clock: FakeClock, pod: Pod, list: Instance[] = []): Promise<ContainerInfo[]> {
  const rt = fakeRuntime(clock);
  await runInstance(rt, makePod('other').build(), 'c0', 0); // shifts ids/IPs so they are not trivially the first
  return Promise.all(list.map((i) => runInstance(rt, pod, i.container, i.restart, i.end)));
}

describe('computePodStatus', () => {
  it.each(cases)('$name', async (c) => {
    const clock = new FakeClock(T0);
    const infos = await instances(clock, c.pod, c.instances);
    clock.set(Date.parse(NOW));
    const status = computePodStatus(c.pod, infos, clock.now(), new Map(Object.entries(c.waiting ?? {})), {
      runtimeScheme: 'fake', ...(c.readiness ? { readiness: c.readiness } : {}),
    });
    expect(status).toMatchObject(c.expected);
  });

  it('is stable: recomputing over its own result later changes nothing (no write needed)', async () => {
    const clock = new FakeClock(T0);
    const pod = web();
    const infos = await instances(clock, pod, [{ container: 'app', restart: 0 }]);
    const first = computePodStatus(pod, infos, clock.now(), new Map(), { runtimeScheme: 'fake' });
    expect(podStatusChanged(pod, first)).toBe(true);
    clock.advance(60_000);
    const again = computePodStatus({ ...pod, status: first }, infos, clock.now(), new Map(), { runtimeScheme: 'fake' });
    expect(podStatusChanged({ ...pod, status: first }, again)).toBe(false);
    expect(again.startTime).toBe(T0);
  });

  it('moves lastTransitionTime only for conditions whose status changed', async () => {
    const clock = new FakeClock(T0);
    const pod = web();
    const pending = computePodStatus(pod, [], clock.now(), new Map(), { runtimeScheme: 'fake' });
    clock.advance(30_000);
    const infos = await instances(clock, pod, [{ container: 'app', restart: 0 }]);
    const running = computePodStatus({ ...pod, status: pending }, infos, clock.now(), new Map(), { runtimeScheme: 'fake' });
    const times = Object.fromEntries((running.conditions ?? []).map((c) => [c.type, c.lastTransitionTime]));
    expect(times).toEqual({ Initialized: T0, Ready: clock.iso(), ContainersReady: clock.iso(), PodScheduled: T0 });
  });
});
