import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event, Pod } from '../../api/types.js';
import { createEventRecorder } from '../../client/events.js';
import { createSchedulerCache, type SchedulerCache } from '../../scheduler/cache.js';
import { createPodWriter, type PodWriter } from '../../scheduler/pod-writer.js';
import { createSchedulingQueue, type SchedulingQueue } from '../../scheduler/queue.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { makeNode, makePod } from '../support/builders.js';

let api: TestApi;
let cache: SchedulerCache;
let queue: SchedulingQueue;
let writer: PodWriter;
let settled = 0;
const now = new Date('2024-05-01T10:00:00Z');

beforeEach(async () => {
  api = await startTestApi();
  cache = createSchedulerCache();
  queue = createSchedulingQueue();
  settled = 0;
  const log = pino({ level: 'silent' });
  const events = createEventRecorder(api.client, 'default-scheduler', { logger: log, now: () => now });
  writer = createPodWriter({ client: api.client, log, events, cache, queue, now: () => now, onBindSettled: () => { settled++; } });
  await api.client.create(makeNode('a').allocatable({ cpu: '4' }).build());
  await api.client.create(makeNode('b').allocatable({ cpu: '4' }).build());
});
afterEach(async () => { await api.close(); });

const failedScheduling = async (): Promise<Event[]> =>
  (await api.client.list<Event>('Event', 'default')).items.filter((e) => e.reason === 'FailedScheduling');

describe('PodWriter.bind', () => {
  it('binds an assumed pod and keeps the reservation until the informer confirms it', async () => {
    const pod = await api.client.create(makePod('web').build());
    cache.assumePod(pod, 'a');
    await writer.bind(pod, 'default/web', 'a');
    expect((await api.client.get<Pod>('Pod', 'default', 'web')).spec.nodeName).toBe('a');
    expect(cache.isAssumed('default/web')).toBe(true);
    expect(writer.inFlight()).toBe(0);
    expect(settled).toBe(1);
  });

  it('treats 409 (already bound elsewhere) as expected: unreserves, backs off, records no event', async () => {
    const pod = await api.client.create(makePod('web').build());
    await api.client.createSubresource('Pod', 'default', 'web', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web' }, target: { kind: 'Node', name: 'b' } });
    cache.assumePod(pod, 'a');
    await writer.bind(pod, 'default/web', 'a');
    expect(cache.isAssumed('default/web')).toBe(false);
    expect(queue.counts()).toEqual({ active: 0, backoff: 1, unschedulable: 0 });
    expect(await failedScheduling()).toEqual([]);
  });

  it('treats 404 (pod deleted meanwhile) the same way', async () => {
    const pod = makePod('gone').build();
    cache.assumePod(pod, 'a');
    await writer.bind(pod, 'default/gone', 'a');
    expect(cache.isAssumed('default/gone')).toBe(false);
    expect(settled).toBe(1);
  });
});

describe('PodWriter.reportUnschedulable', () => {
  const message = '0/2 nodes are available: 2 Insufficient cpu.';

  it('writes the condition and one Warning event, and nothing more when the message repeats', async () => {
    const pod = await api.client.create(makePod('big').requests({ cpu: '64' }).build());
    await writer.reportUnschedulable(pod, 'default/big', message);
    const afterFirst = await api.client.get<Pod>('Pod', 'default', 'big');
    expect(afterFirst.status?.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message });

    await writer.reportUnschedulable(afterFirst, 'default/big', message);
    expect((await api.client.get<Pod>('Pod', 'default', 'big')).metadata.resourceVersion).toBe(afterFirst.metadata.resourceVersion);
    const events = await failedScheduling();
    expect(events.map((e) => [e.type, e.message])).toEqual([['Warning', message]]);
  });

  it('writes again when the message changes', async () => {
    const pod = await api.client.create(makePod('big').requests({ cpu: '64' }).build());
    await writer.reportUnschedulable(pod, 'default/big', message);
    await writer.reportUnschedulable(pod, 'default/big', '0/3 nodes are available: 3 Insufficient cpu.');
    const c = (await api.client.get<Pod>('Pod', 'default', 'big')).status?.conditions?.find((x) => x.type === 'PodScheduled');
    expect(c?.message).toBe('0/3 nodes are available: 3 Insufficient cpu.');
    expect(await failedScheduling()).toHaveLength(2);
  });
});
