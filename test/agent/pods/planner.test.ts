import { describe, expect, it } from 'vitest';
import type { ContainerStatus, Pod } from '../../../api/types.js';
import { createBackoffBook, type BackoffEntry, type StartFailure } from '../../../agent/pods/backoff.js';
import { planPod, type PlanAction } from '../../../agent/pods/planner.js';
import type { ContainerInfo } from '../../../agent/runtime/runtime.js';
import { makePod } from '../../support/builders.js';
import { FakeClock } from '../fake-clock.js';
import { fakeRuntime, runInstance, type InstanceEnd } from '../helpers.js';

const POLICY = { initialMs: 10_000, maxMs: 300_000 };
const NOW = Date.parse('2024-01-01T01:00:00Z');
const SEC = 1000;
const MIN = 60 * SEC;

/** One container instance that exists before planning; `endedAgoMs`: when it ended (or started), before NOW. */
interface Instance { container: string; restart: number; end?: InstanceEnd; endedAgoMs?: number }

interface Case {
  name: string;
  pod: Pod;
  instances?: Instance[];
  crash?: Record<string, BackoffEntry>;
  failure?: Record<string, StartFailure>;
  actions: string[];
  crashBackoff?: BackoffEntry;
  waiting?: Record<string, { reason: string; message?: string }>;
  requeueAfterMs?: number;
}

const web = (build: (b: ReturnType<typeof makePod>) => ReturnType<typeof makePod> = (b) => b): Pod =>
  build(makePod('web').container({ name: 'app', image: 'tugboat/echo:1' })).build();
const withPolicy = (policy: 'Always' | 'OnFailure' | 'Never', pod = web()): Pod => ({ ...pod, spec: { ...pod.spec, restartPolicy: policy } });
const crashed = { exitCode: 1 };
const withStoredStatus = (pod: Pod, ...containerStatuses: ContainerStatus[]): Pod => ({ ...pod, status: { ...pod.status, containerStatuses } });

const cases: Case[] = [
  {
    name: 'first sync of a two-container pod: start both at restart 0',
    pod: makePod('web').container({ name: 'app', image: 'tugboat/echo:1' }).container({ name: 'side', image: 'tugboat/busybox:1' }).build(),
    actions: ['start app#0', 'start side#0'],
  },
  { name: 'running container: nothing to do', pod: web(), instances: [{ container: 'app', restart: 0 }], actions: [] },
  {
    name: 'first crash (Always): restart at once as #1, backoff 10s starts at the exit',
    pod: web(), instances: [{ container: 'app', restart: 0, end: crashed, endedAgoMs: 2 * SEC }],
    actions: ['start app#1'], crashBackoff: { delayMs: 10_000, lastUpdateMs: NOW - 2 * SEC },
  },
  {
    // Backoff 10s from the exit 4s ago: 10 - 4 = 6s left.
    name: 'second crash inside the 10s backoff: CrashLoopBackOff, requeue in 6s',
    pod: web(), instances: [{ container: 'app', restart: 0, end: crashed, endedAgoMs: 30 * SEC }, { container: 'app', restart: 1, end: crashed, endedAgoMs: 4 * SEC }],
    crash: { app: { delayMs: 10_000, lastUpdateMs: NOW - 30 * SEC } },
    actions: [], requeueAfterMs: 6000,
    waiting: { app: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=app pod=web_default(uid-web)' } },
  },
  {
    name: 'second crash after the 10s backoff: restart as #2, backoff doubles to 20s',
    pod: web(), instances: [{ container: 'app', restart: 0, end: crashed, endedAgoMs: 40 * SEC }, { container: 'app', restart: 1, end: crashed, endedAgoMs: 11 * SEC }],
    crash: { app: { delayMs: 10_000, lastUpdateMs: NOW - 40 * SEC } },
    actions: ['start app#2'], crashBackoff: { delayMs: 20_000, lastUpdateMs: NOW - 11 * SEC },
  },
  {
    // 300s doubled is 600s, capped at maxMs = 300s.
    name: 'a long crash loop: backoff capped at 5 min',
    pod: web(), instances: [{ container: 'app', restart: 7, end: crashed, endedAgoMs: 301 * SEC }],
    crash: { app: { delayMs: 300_000, lastUpdateMs: NOW - 8 * MIN } },
    actions: ['start app#8'], crashBackoff: { delayMs: 300_000, lastUpdateMs: NOW - 301 * SEC },
  },
  {
    // The exit came 11 min after the last backoff update (> 2 x 5 min): the entry expired.
    name: 'a container that ran 11 min before crashing: restart at once, backoff back to 10s',
    pod: web(), instances: [{ container: 'app', restart: 3, end: crashed, endedAgoMs: 1 * SEC }],
    crash: { app: { delayMs: 160_000, lastUpdateMs: NOW - 11 * MIN - 1 * SEC } },
    actions: ['start app#4'], crashBackoff: { delayMs: 10_000, lastUpdateMs: NOW - 1 * SEC },
  },
  { name: 'restartPolicy Never: a failed container stays exited', pod: withPolicy('Never'), instances: [{ container: 'app', restart: 0, end: crashed }], actions: [] },
  { name: 'restartPolicy OnFailure: exit 0 stays exited', pod: withPolicy('OnFailure'), instances: [{ container: 'app', restart: 0, end: { exitCode: 0 } }], actions: [] },
  { name: 'restartPolicy OnFailure: exit 1 restarts', pod: withPolicy('OnFailure'), instances: [{ container: 'app', restart: 0, end: crashed }], actions: ['start app#1'], crashBackoff: { delayMs: 10_000, lastUpdateMs: NOW } },
  { name: 'restartPolicy Always: even exit 0 restarts', pod: web(), instances: [{ container: 'app', restart: 0, end: { exitCode: 0 } }], actions: ['start app#1'], crashBackoff: { delayMs: 10_000, lastUpdateMs: NOW } },
  { name: 'a Succeeded pod starts nothing, even with its container gone', pod: web((b) => b.phase('Succeeded')), actions: [] },
  {
    name: 'three instances: the oldest is removed, the previous (exited) one kept',
    pod: web(),
    instances: [{ container: 'app', restart: 0, end: crashed }, { container: 'app', restart: 1, end: crashed }, { container: 'app', restart: 2 }],
    actions: ['remove app#0'],
  },
  {
    name: 'an old instance still running next to a newer one is removed',
    pod: web(), instances: [{ container: 'app', restart: 0 }, { container: 'app', restart: 1 }], actions: ['remove app#0'],
  },
  {
    // Pull failed 3s ago with a 10s backoff: 7s left.
    name: 'image pull failed 3s ago: ImagePullBackOff, requeue in 7s',
    pod: web(), failure: { app: { reason: 'ErrImagePull', message: 'pull failed: no registry', backoff: { delayMs: 10_000, lastUpdateMs: NOW - 3 * SEC } } },
    actions: [], requeueAfterMs: 7000,
    waiting: { app: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "tugboat/echo:1": pull failed: no registry' } },
  },
  {
    name: 'image pull backoff over: try again',
    pod: web(), failure: { app: { reason: 'ErrImagePull', message: 'x', backoff: { delayMs: 10_000, lastUpdateMs: NOW - 10 * SEC } } },
    actions: ['start app#0'],
  },
  {
    name: 'image changed in the spec: stop the running instance, start #1',
    pod: web((b) => b.container({ name: 'app', image: 'tugboat/echo:2' })),
    instances: [{ container: 'app', restart: 0 }], actions: ['stop app#0', 'start app#1'],
  },
  {
    name: 'a container that vanished after it ran (status has its id): recreated as restart+1',
    pod: withStoredStatus(web(), { name: 'app', image: 'tugboat/echo:1', ready: false, restartCount: 2, containerID: 'fake://gone', state: { running: {} } }),
    actions: ['start app#3'],
  },
];

describe('planPod', () => {
  it.each(cases)('$name', async (c) => {
    const clock = new FakeClock();
    const rt = fakeRuntime(clock);
    const pod = c.pod;
    const infos: ContainerInfo[] = [];
    const label = new Map<string, string>();
    for (const i of c.instances ?? []) {
      clock.set(NOW - (i.endedAgoMs ?? 0));
      const info = await runInstance(rt, pod, i.container, i.restart, i.end);
      infos.push(info);
      label.set(info.id, `${i.container}#${i.restart}`);
    }
    clock.set(NOW);
    const book = createBackoffBook();
    for (const [name, e] of Object.entries(c.crash ?? {})) book.setCrash('uid-web', name, e);
    for (const [name, f] of Object.entries(c.failure ?? {})) book.setStartFailure('uid-web', name, f);

    const plan = planPod({ pod, containers: infos, now: clock.now(), book, policy: POLICY });

    const describeAction = (a: PlanAction): string =>
      a.type === 'start' ? `start ${a.container.name}#${a.restartCount}` : `${a.type} ${label.get(a.containerId) ?? a.containerId}`;
    expect(plan.actions.map(describeAction)).toEqual(c.actions);
    const start = plan.actions.find((a) => a.type === 'start');
    expect(start?.type === 'start' ? start.crashBackoff : undefined).toEqual(c.crashBackoff);
    expect(Object.fromEntries(plan.waiting)).toEqual(c.waiting ?? {});
    expect(plan.requeueAfterMs).toBe(c.requeueAfterMs);
  });
});
