import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../../api/types.js';
import { createBackoffBook } from '../../../agent/pods/backoff.js';
import { createExecutor } from '../../../agent/pods/executor.js';
import type { PodPlan } from '../../../agent/pods/planner.js';
import { NameConflictError } from '../../../agent/runtime/runtime.js';
import { makePod } from '../../support/builders.js';
import { FakeRuntime } from '../../support/fake-runtime.js';
import { FakeClock } from '../fake-clock.js';
import { memoryRecorder, runInstance, silentLogger, TEST_ADDRESS, TEST_SCOPE } from '../helpers.js';

const POLICY = { initialMs: 10_000, maxMs: 300_000 };

function setup(rt = new FakeRuntime()) {
  const clock = new FakeClock();
  const book = createBackoffBook();
  const recorder = memoryRecorder();
  const executor = createExecutor({ runtime: rt, recorder, book, clock, policy: POLICY, ...TEST_SCOPE, log: silentLogger });
  const apply = (pod: Pod, plan: PodPlan): ReturnType<typeof executor.apply> => executor.apply(pod, plan, TEST_ADDRESS);
  return { rt, clock, book, recorder, executor, apply };
}
const podWith = (c: Partial<Container>): Pod => makePod('web-1').container({ name: 'app', image: 'tugboat/echo:1', ...c }).build();
const startPlan = (pod: Pod, restartCount = 0): PodPlan => {
  const c = pod.spec.containers[0];
  if (!c) throw new Error('no container');
  return { actions: [{ type: 'start', container: c, restartCount }], waiting: new Map() };
};
const messages = (r: ReturnType<typeof memoryRecorder>): string[] => r.events.map((e) => `${e.type} ${e.reason}: ${e.message}`);

describe('executor', () => {
  it.each<{ name: string; policy: Container['imagePullPolicy']; present: boolean; events: string[] }>([
    { name: 'IfNotPresent, present: no pull', policy: 'IfNotPresent', present: true, events: ['Normal Pulled: Container image "tugboat/echo:1" already present on machine'] },
    { name: 'IfNotPresent, absent: pulled', policy: 'IfNotPresent', present: false, events: ['Normal Pulling: Pulling image "tugboat/echo:1"', 'Normal Pulled: Successfully pulled image "tugboat/echo:1"'] },
    { name: 'Always: pulled even when present', policy: 'Always', present: true, events: ['Normal Pulling: Pulling image "tugboat/echo:1"', 'Normal Pulled: Successfully pulled image "tugboat/echo:1"'] },
  ])('starts a container ($name) with kubelet events', async ({ policy, present, events }) => {
    const { rt, recorder, executor, apply } = setup(new FakeRuntime({ images: present ? ['tugboat/echo:1'] : [] }));
    const result = await apply(podWith({ imagePullPolicy: policy }), startPlan(podWith({ imagePullPolicy: policy })));
    expect(result).toEqual({ waiting: new Map() });
    expect(rt.created.map((s) => s.name)).toEqual(['tug_default_web-1_app_uidweb1_0']);
    const got = messages(recorder).map((m) => m.replace(/ in [\d.]+s \([\d.]+s including waiting\)$/, ''));
    expect(got).toEqual([...events, 'Normal Created: Created container app', 'Normal Started: Started container app']);
  });

  it('an unpullable image: ErrImagePull, a 10s backoff that doubles on the next failure, Failed events', async () => {
    const { rt, clock, book, recorder, executor, apply } = setup();
    rt.unpullable.add('nope:1');
    const pod = podWith({ image: 'nope:1' });
    const first = await apply(pod, startPlan(pod));
    expect(first.waiting.get('app')).toEqual({ reason: 'ErrImagePull', message: 'image "nope:1": pull failed: fake registry refused' });
    expect(first.requeueAfterMs).toBe(10_000);
    expect(messages(recorder)).toEqual([
      'Normal Pulling: Pulling image "nope:1"',
      'Warning Failed: Failed to pull image "nope:1": image "nope:1": pull failed: fake registry refused',
      'Warning Failed: Error: ErrImagePull',
    ]);
    clock.advance(10_000);
    const second = await apply(pod, startPlan(pod));
    expect(second.requeueAfterMs).toBe(20_000);
    expect(book.startFailure('uid-web-1', 'app')?.backoff).toEqual({ delayMs: 20_000, lastUpdateMs: clock.now().getTime() });
  });

  it('imagePullPolicy Never with the image absent: ErrImageNeverPull', async () => {
    const { recorder, executor, apply } = setup();
    const pod = podWith({ imagePullPolicy: 'Never' });
    const result = await apply(pod, startPlan(pod));
    const message = 'Container image "tugboat/echo:1" is not present with pull policy of Never';
    expect(result.waiting.get('app')).toEqual({ reason: 'ErrImageNeverPull', message });
    expect(messages(recorder)).toEqual([`Warning ErrImageNeverPull: ${message}`, 'Warning Failed: Error: ErrImageNeverPull']);
  });

  it('an engine error on start: RunContainerError; the next success clears it and records the crash backoff', async () => {
    const { rt, book, recorder, executor, apply } = setup(new FakeRuntime({ images: ['tugboat/echo:1'] }));
    rt.failNext('createAndStart', new Error('exec: "nope": executable file not found'));
    const pod = podWith({});
    const failed = await apply(pod, startPlan(pod));
    expect(failed.waiting.get('app')).toEqual({ reason: 'RunContainerError', message: 'exec: "nope": executable file not found' });
    expect(messages(recorder)).toContain('Warning Failed: Error: exec: "nope": executable file not found');
    const c = pod.spec.containers[0];
    if (!c) throw new Error('no container');
    await apply(pod, { actions: [{ type: 'start', container: c, restartCount: 1, crashBackoff: { delayMs: 10_000, lastUpdateMs: 5 } }], waiting: new Map() });
    expect(book.startFailure('uid-web-1', 'app')).toBeUndefined();
    expect(book.crash('uid-web-1', 'app')).toEqual({ delayMs: 10_000, lastUpdateMs: 5 });
  });

  it('a name conflict is thrown (a stale view: the queue retries and re-lists)', async () => {
    const { rt, executor, apply } = setup(new FakeRuntime({ images: ['tugboat/echo:1'] }));
    const pod = podWith({});
    await runInstance(rt, pod, 'app', 0);
    await expect(apply(pod, startPlan(pod))).rejects.toBeInstanceOf(NameConflictError);
  });

  it('killPod stops running containers with min(grace, 10s), then removes every instance', async () => {
    const { rt, recorder, executor, apply } = setup();
    const pod = { ...podWith({}), spec: { ...podWith({}).spec, terminationGracePeriodSeconds: 3 } };
    const exited = await runInstance(rt, pod, 'app', 0, { exitCode: 1 });
    const live = await runInstance(rt, pod, 'app', 1);
    await executor.killPod(pod, [exited, live]);
    expect(rt.calls.filter((c) => c.method === 'stop').map((c) => c.args)).toEqual([[live.id, 3]]);
    expect(rt.removed.sort()).toEqual([exited.id, live.id].sort());
    expect(messages(recorder)).toEqual(['Normal Killing: Stopping container app']);
  });
});
