/**
 * The scheduler against the in-process API server: informers, binding, the PodScheduled condition and
 * events, and the wake-ups on node add and pod delete.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event, Node, Pod } from '../../api/types.js';
import { createSeededRandom } from '../../scheduler/random.js';
import { createScheduler, type Scheduler, type SchedulerDeps } from '../../scheduler/scheduler.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { makeNode, makePod } from '../support/builders.js';
import { waitFor } from '../support/wait.js';

let api: TestApi;
let scheduler: Scheduler | undefined;

beforeEach(async () => { api = await startTestApi(); });
afterEach(async () => {
  scheduler?.stop();
  scheduler = undefined;
  await api.close();
});

async function startScheduler(extra: Partial<SchedulerDeps> = {}): Promise<void> {
  scheduler = createScheduler({
    client: api.client,
    logger: pino({ level: 'silent' }),
    random: createSeededRandom(1),
    queue: { initialBackoffMs: 20, maxBackoffMs: 100, unschedulableRetryMs: 4000, unschedulableRetryMaxMs: 4000 },
    flushIntervalMs: 25,
    ...extra,
  });
  await scheduler.start();
}

const createNode = (n: Node): Promise<Node> => api.client.create(n);
const createPod = (p: Pod): Promise<Pod> => api.client.create(p);
const getPod = (name: string): Promise<Pod> => api.client.get<Pod>('Pod', 'default', name);
const node = (name: string, memory = '4Gi'): Node => makeNode(name).allocatable({ cpu: '4', memory, pods: '110' }).build();

async function waitBound(name: string, timeoutMs = 5000): Promise<string> {
  return waitFor(async () => (await getPod(name)).spec.nodeName, { message: `pod ${name} bound`, timeoutMs });
}

async function waitUnschedulable(name: string): Promise<string> {
  return waitFor(async () => {
    const c = (await getPod(name)).status?.conditions?.find((x) => x.type === 'PodScheduled');
    return c?.status === 'False' && c.reason === 'Unschedulable' ? c.message : undefined;
  }, { message: `pod ${name} PodScheduled=False` });
}

async function events(reason: string): Promise<Event[]> {
  return (await api.client.list<Event>('Event', 'default')).items.filter((e) => e.reason === reason);
}

describe('scheduler (in-process API server)', () => {
  it('binds pods created before and after start, spreads them, and records Scheduled events', async () => {
    for (const n of ['a', 'b', 'c']) await createNode(node(n));
    const pod = (i: number): Pod => makePod(`web-${i}`).requests({ cpu: '1', memory: '512Mi' }).build();
    for (let i = 0; i < 3; i++) await createPod(pod(i));
    await startScheduler();
    for (let i = 3; i < 6; i++) await createPod(pod(i));

    const placed = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => waitBound(`web-${i}`)));
    const perNode = placed.reduce<Record<string, number>>((acc, n) => ({ ...acc, [n]: (acc[n] ?? 0) + 1 }), {});
    expect(perNode).toEqual({ a: 2, b: 2, c: 2 });

    const first = await getPod('web-0');
    expect(first.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True');
    const scheduled = await waitFor(async () => (await events('Scheduled')).find((e) => e.involvedObject.name === 'web-0'));
    expect(scheduled.message).toBe(`Successfully assigned default/web-0 to ${first.spec.nodeName ?? ''}`);
    expect(scheduled.source?.component).toBe('default-scheduler');
  });

  it('keeps a pod too large for every node Pending with the aggregated message, then binds it to a big enough new node', async () => {
    for (const n of ['a', 'b', 'c']) await createNode(node(n));
    await startScheduler();
    await createPod(makePod('huge').requests({ memory: '16Gi' }).build());

    expect(await waitUnschedulable('huge')).toBe('0/3 nodes are available: 3 Insufficient memory.');
    const pending = await getPod('huge');
    expect(pending.spec.nodeName).toBeUndefined();
    expect(pending.status?.phase).toBe('Pending');
    const failed = await waitFor(async () => (await events('FailedScheduling')).find((e) => e.involvedObject.name === 'huge'));
    expect(failed.type).toBe('Warning');
    expect(failed.message).toBe('0/3 nodes are available: 3 Insufficient memory.');

    await createNode(node('big', '32Gi'));
    // Well under the periodic retry (4 s): the node-added event must wake the pod.
    expect(await waitBound('huge', 3000)).toBe('big');
  });

  it('reports the issue example and schedules once a matching node joins', async () => {
    await createNode(makeNode('a').labels({ disk: 'ssd' }).allocatable({ cpu: '4', memory: '1Gi' }).build());
    await createNode(makeNode('b').labels({ disk: 'ssd' }).allocatable({ cpu: '4', memory: '1Gi' }).build());
    await createNode(makeNode('c').labels({ disk: 'hdd' }).allocatable({ cpu: '4', memory: '8Gi' }).build());
    await startScheduler();
    await createPod(makePod('db').nodeSelector({ disk: 'ssd' }).requests({ memory: '2Gi' }).build());

    expect(await waitUnschedulable('db')).toBe("0/3 nodes are available: 2 Insufficient memory, 1 node(s) didn't match node selector.");
    await createNode(makeNode('d').labels({ disk: 'ssd' }).allocatable({ cpu: '4', memory: '4Gi' }).build());
    expect(await waitBound('db', 3000)).toBe('d');
  });

  it('retries an unschedulable pod when a bound pod is deleted', async () => {
    await createNode(makeNode('only').allocatable({ cpu: '1', memory: '1Gi' }).build());
    await startScheduler();
    await createPod(makePod('first').requests({ cpu: '1' }).build());
    expect(await waitBound('first')).toBe('only');
    await createPod(makePod('second').requests({ cpu: '1' }).build());
    expect(await waitUnschedulable('second')).toBe('0/1 nodes are available: 1 Insufficient cpu.');

    await api.client.delete('Pod', 'default', 'first', { gracePeriodSeconds: 0 });
    expect(await waitBound('second', 3000)).toBe('only');
  });

  it('leaves pods for another scheduler alone', async () => {
    await createNode(node('a'));
    await startScheduler();
    await createPod(makePod('theirs').schedulerName('other-scheduler').build());
    await createPod(makePod('ours').build());
    expect(await waitBound('ours')).toBe('a');
    // The queue is FIFO, so "theirs" was looked at before "ours" was bound.
    const theirs = await getPod('theirs');
    expect(theirs.spec.nodeName).toBeUndefined();
    expect(theirs.status?.conditions?.find((c) => c.type === 'PodScheduled')).toBeUndefined();
  });

  it('packs with the bin-packing profile', async () => {
    for (const n of ['a', 'b', 'c']) await createNode(node(n));
    await startScheduler({ scoring: 'bin-packing' });
    for (let i = 0; i < 4; i++) await createPod(makePod(`batch-${i}`).requests({ cpu: '1', memory: '1Gi' }).build());
    const placed = await Promise.all([0, 1, 2, 3].map((i) => waitBound(`batch-${i}`)));
    expect(new Set(placed).size).toBe(1);
  });
});
