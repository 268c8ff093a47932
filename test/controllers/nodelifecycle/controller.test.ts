/**
 * The node lifecycle controller against an in-process API server, with a fake clock for heartbeat
 * ages: a node whose heartbeat is older than the grace period goes Ready=Unknown and its pods
 * Ready=False; the agent's next heartbeat (the real agent code) brings it back and is left alone.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Node, Pod, PodCondition } from '../../../api/types.js';
import { postNodeStatus } from '../../../agent/node/node-registration.js';
import type { NodeParams } from '../../../agent/node/node-status.js';
import type { ApiClient } from '../../../client/index.js';
import { createControllerManager } from '../../../controllers/manager.js';
import { createNodeLifecycleController } from '../../../controllers/nodelifecycle/controller.js';
import type { Controller } from '../../../controllers/runtime/controller.js';
import { createInformerFactory, type InformerFactory } from '../../../controllers/runtime/informers.js';
import { CycleState } from '../../../scheduler/framework.js';
import { createNodeReady, REASON_NOT_READY } from '../../../scheduler/plugins/node-ready.js';
import { startTestApi, type TestApi } from '../../support/api.js';
import { makeNode, makePod } from '../../support/builders.js';
import { waitFor } from '../../support/wait.js';
import { nodeInfoOf } from '../../scheduler/helpers.js';

const GRACE_MS = 40_000;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A clock the test moves; starts at the real time so the server's creationTimestamps fit in. */
interface FakeClock { now(): Date; advance(ms: number): void }
function fakeClock(): FakeClock {
  let ms = Date.now();
  return { now: () => new Date(ms), advance: (d) => { ms += d; } };
}

/** Creates a Node whose agent last heartbeat at `heartbeat`. */
async function createNode(client: ApiClient, name: string, heartbeat: Date): Promise<Node> {
  const node = makeNode(name).build();
  delete node.metadata.uid;
  const ts = heartbeat.toISOString();
  node.status = { conditions: [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', lastHeartbeatTime: ts, lastTransitionTime: ts },
    { type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: ts, lastTransitionTime: ts },
  ] };
  const created = await client.create(node);
  return client.updateStatus<Node>({ ...created, status: node.status });
}

/** Creates a pod bound to `nodeName` and reports it Running and Ready, as its agent would. */
async function createReadyPod(client: ApiClient, name: string, nodeName: string): Promise<Pod> {
  const pod = makePod(name).nodeName(nodeName).build();
  delete pod.metadata.uid;
  const created = await client.create(pod);
  const since = new Date().toISOString();
  const conditions: PodCondition[] = [
    { type: 'Ready', status: 'True', lastTransitionTime: since }, { type: 'ContainersReady', status: 'True', lastTransitionTime: since },
  ];
  return client.updateStatus<Pod>({ ...created, status: { phase: 'Running', conditions } });
}

const nodeReady = async (client: ApiClient, name: string): Promise<string | undefined> =>
  (await client.get<Node>('Node', undefined, name)).status?.conditions?.find((c) => c.type === 'Ready')?.status;
const podCondition = async (client: ApiClient, name: string, type: string): Promise<PodCondition | undefined> =>
  (await client.get<Pod>('Pod', 'default', name)).status?.conditions?.find((c) => c.type === type);

describe('node lifecycle controller (in-process API server, fake clock)', () => {
  let api: TestApi;
  let informers: InformerFactory;
  let controller: Controller;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = fakeClock();
    api = await startTestApi();
    informers = createInformerFactory(api.client, logger);
    // A short real-time monitor period, so each advance of the fake clock is looked at within ~50 ms.
    controller = createNodeLifecycleController({ client: api.client, informers, logger, clock, gracePeriodMs: GRACE_MS, monitorPeriodMs: 50 });
  });
  afterEach(async () => { controller.stop(); informers.stop(); await api.close(); });

  async function start(): Promise<void> {
    await informers.start();
    controller.start();
    await controller.idle();
  }

  it('marks a silent node Unknown and its pods not ready; the agent\'s heartbeat restores Ready and is left alone', async () => {
    await createNode(api.client, 'dead', new Date(clock.now().getTime() - 300_000));
    // The live node's heartbeat lands just before the deadline the test jumps to.
    await createNode(api.client, 'alive', new Date(clock.now().getTime() + GRACE_MS));
    await createReadyPod(api.client, 'on-dead', 'dead');
    await createReadyPod(api.client, 'on-alive', 'alive');
    await start();

    // Just started: even a 5-minute-old heartbeat gets a full grace period first.
    clock.advance(GRACE_MS);
    await new Promise((r) => setTimeout(r, 200));
    expect(await nodeReady(api.client, 'dead')).toBe('True');

    clock.advance(1);
    await waitFor(async () => (await nodeReady(api.client, 'dead')) === 'Unknown', { message: 'dead node Ready=Unknown' });
    const dead = await api.client.get<Node>('Node', undefined, 'dead');
    expect(dead.status?.conditions?.map((c) => `${c.type}=${c.status}/${c.reason ?? ''}`)).toEqual([
      'MemoryPressure=Unknown/NodeStatusUnknown', 'Ready=Unknown/NodeStatusUnknown',
      'DiskPressure=Unknown/NodeStatusNeverUpdated', 'PIDPressure=Unknown/NodeStatusNeverUpdated',
    ]);
    await waitFor(async () => (await podCondition(api.client, 'on-dead', 'Ready'))?.status === 'False', { message: 'pod on the dead node Ready=False' });
    expect((await podCondition(api.client, 'on-dead', 'Ready'))?.lastTransitionTime).toBe(clock.now().toISOString());
    expect((await podCondition(api.client, 'on-dead', 'ContainersReady'))?.status).toBe('True');
    expect(await nodeReady(api.client, 'alive')).toBe('True');
    expect((await podCondition(api.client, 'on-alive', 'Ready'))?.status).toBe('True');

    // The scheduler's NodeReady filter now skips the dead node and keeps the live one.
    const filter = createNodeReady();
    const pod = makePod('next').build();
    expect(filter.filter(new CycleState(), pod, nodeInfoOf(dead))).toEqual({ code: 'Unschedulable', reasons: [REASON_NOT_READY] });
    expect(filter.filter(new CycleState(), pod, nodeInfoOf(await api.client.get<Node>('Node', undefined, 'alive'))).code).toBe('Success');

    // A pod bound to the node while it is Unknown is marked too (Kubernetes' processPod).
    await createReadyPod(api.client, 'late', 'dead');
    await waitFor(async () => (await podCondition(api.client, 'late', 'Ready'))?.status === 'False', { message: 'late pod Ready=False' });

    // The agent comes back: its real heartbeat code overwrites every condition.
    const params: NodeParams = {
      nodeName: 'dead', capacity: { cpuMillis: 2000, memoryBytes: 2 ** 32, pods: 110 }, labels: {},
      logPort: 10250, runtimeVersion: 'docker://test', osImage: 'Test Linux', kernelVersion: '6.1.0',
    };
    const back = await postNodeStatus(api.client, params, clock);
    expect(back.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False', 'Ready=True']);
    await new Promise((r) => setTimeout(r, 300));
    const after = await api.client.get<Node>('Node', undefined, 'dead');
    expect(after.metadata.resourceVersion).toBe(back.metadata.resourceVersion);
    expect(filter.filter(new CycleState(), pod, nodeInfoOf(after)).code).toBe('Success');
  });

  it('a node that never posted a Ready condition goes Unknown once it is older than the grace period', async () => {
    const node = makeNode('silent').ready(undefined).build();
    delete node.metadata.uid;
    await api.client.create(node);
    await start();
    await new Promise((r) => setTimeout(r, 150));
    expect(await nodeReady(api.client, 'silent')).toBeUndefined();
    // The server stamped creationTimestamp with the wall clock, a little after this fake clock's start.
    clock.advance(GRACE_MS + 5_000);
    await waitFor(async () => (await nodeReady(api.client, 'silent')) === 'Unknown', { message: 'silent node Ready=Unknown' });
    const ready = (await api.client.get<Node>('Node', undefined, 'silent')).status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' });
  });
});

describe('controller manager wiring (wall clock)', () => {
  it('nodeGracePeriodMs reaches the controller, which requeues itself for the exact deadline', async () => {
    const api = await startTestApi();
    const manager = createControllerManager({ client: api.client, logger, nodeGracePeriodMs: 1_000 });
    try {
      await createNode(api.client, 'n1', new Date());
      await manager.start();
      expect(await nodeReady(api.client, 'n1')).toBe('True');
      // Well before the 5 s monitor period: the requeueAfter for the deadline does it.
      await waitFor(async () => (await nodeReady(api.client, 'n1')) === 'Unknown', { timeoutMs: 3_000, message: 'n1 Unknown after 1 s' });
    } finally {
      manager.stop();
      await api.close();
    }
  });
});
