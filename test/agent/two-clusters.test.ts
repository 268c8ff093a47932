/**
 * Two clusters on one container engine, each with an agent for a node called node-1 (a developer's
 * `npm start` cluster next to the e2e tests' clusters). Each agent must keep the other's containers
 * alive: its orphan sweep, pod sync (same pod name in both clusters) and adoption after a restart
 * only touch containers labelled with its own cluster id (kube-system's uid).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Namespace, Pod } from '../../api/types.js';
import { createAgent, type Agent } from '../../agent/agent.js';
import { LABEL_CLUSTER, LABEL_NODE, LABEL_POD_NAME, LABEL_POD_UID } from '../../agent/runtime/labels.js';
import type { ContainerRuntime } from '../../agent/runtime/runtime.js';
import type { ApiClient } from '../../client/client.js';
import { makePod } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { FakeRuntime } from '../support/fake-runtime.js';
import { waitFor } from '../support/wait.js';
import { silentLogger } from './helpers.js';

const NODE = 'node-1';
const MiB = 1024 * 1024;

interface Counts { sweeps: number; syncs: number }
/** One cluster: its API server, and its agent seeing the shared runtime through a counting view. */
interface Cluster { api: TestApi; counts: Counts; restart(): Promise<void> }

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/** Delegates to `rt`; counts orphan sweeps (list by node label only) and syncs of pod "web". */
function countingView(rt: FakeRuntime, counts: Counts): ContainerRuntime {
  return {
    ensureImage: (image, policy) => rt.ensureImage(image, policy),
    createAndStart: (spec) => rt.createAndStart(spec),
    stop: (id, timeoutSeconds) => rt.stop(id, timeoutSeconds),
    remove: (id) => rt.remove(id),
    list: (filter) => {
      if (Object.keys(filter).length === 1 && filter[LABEL_NODE] === NODE) counts.sweeps++;
      if (filter[LABEL_POD_NAME] === 'web') counts.syncs++;
      return rt.list(filter);
    },
    inspect: (id) => rt.inspect(id),
    logs: (id, options) => rt.logs(id, options),
    events: (labelKey) => rt.events(labelKey),
    version: () => rt.version(),
  };
}

async function startCluster(rt: FakeRuntime): Promise<Cluster> {
  const api = await startTestApi();
  const newAgent = (runtime: ContainerRuntime): Agent => createAgent({
    client: api.client, runtime, logger: silentLogger, nodeName: NODE, nodeToken: api.token,
    capacity: { cpuMillis: 2000, memoryBytes: 4096 * MiB, pods: 110 }, podCIDR: '127.1.0.0/16', labels: {},
    heartbeatMs: 1000, housekeepingMs: 100, hostInfo: { osImage: 'Test Linux', kernelVersion: '6.1.0' },
  });
  const counts: Counts = { sweeps: 0, syncs: 0 };
  let agent = newAgent(countingView(rt, counts));
  await agent.start();
  cleanups.push(async () => { await agent.stop(); await api.close(); });
  return {
    api, counts,
    async restart() {
      await agent.stop();
      agent = newAgent(countingView(rt, counts));
      await agent.start();
    },
  };
}

/** Creates pod "web" and binds it to node-1, as the scheduler would. */
async function runWeb(client: ApiClient): Promise<Pod> {
  const pod = await client.create<Pod>(makePod('web').container({ name: 'app', image: 'tugboat/echo:1' }).build());
  await client.createSubresource('Pod', 'default', 'web', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web' }, target: { kind: 'Node', name: NODE } });
  return pod;
}

const running = async (client: ApiClient): Promise<Pod | undefined> => {
  const p = await client.get<Pod>('Pod', 'default', 'web');
  return p.status?.phase === 'Running' && p.status.containerStatuses?.[0]?.ready === true ? p : undefined;
};
const clusterId = async (client: ApiClient): Promise<string> => (await client.get<Namespace>('Namespace', undefined, 'kube-system')).metadata.uid ?? '';
const containersOf = (rt: FakeRuntime, uid: string) => [...rt.containers.values()].filter((c) => c.spec.labels[LABEL_POD_UID] === uid);

describe('two clusters sharing one engine and a node name', () => {
  it('each agent keeps the other cluster\'s containers alive through sweeps, syncs and a restart', async () => {
    const rt = new FakeRuntime({ images: ['tugboat/echo:1'] });
    const a = await startCluster(rt);
    const b = await startCluster(rt);
    const [idA, idB] = [await clusterId(a.api.client), await clusterId(b.api.client)];
    expect(idA).not.toBe(idB);

    const [podA, podB] = [await runWeb(a.api.client), await runWeb(b.api.client)];
    await waitFor(() => running(a.api.client), { message: 'web Running in cluster A' });
    await waitFor(() => running(b.api.client), { message: 'web Running in cluster B' });
    const [[cA], [cB]] = [containersOf(rt, podA.metadata.uid ?? ''), containersOf(rt, podB.metadata.uid ?? '')];
    expect([cA?.spec.labels[LABEL_CLUSTER], cB?.spec.labels[LABEL_CLUSTER]]).toEqual([idA, idB]);

    // Both containers exist now: let each agent sweep twice and sync its "web" (same name as the other's).
    const [markA, markB] = [{ ...a.counts }, { ...b.counts }];
    const worked = (now: Counts, mark: Counts): boolean => now.sweeps >= mark.sweeps + 2 && now.syncs > mark.syncs;
    await waitFor(() => worked(a.counts, markA) && worked(b.counts, markB), { message: 'two sweeps and a sync of web by each agent' });
    await a.restart(); // start() adopts and sweeps before it resolves
    await b.restart();

    expect(rt.removed).toEqual([]);
    expect(rt.created).toHaveLength(2);
    expect([cA?.state, cB?.state]).toEqual(['running', 'running']);
    for (const cluster of [a, b]) {
      const pod = await waitFor(() => running(cluster.api.client), { message: 'still Running' });
      expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    }
  });

  it('a container without the cluster label (made before it existed) is still this node\'s: swept when orphaned', async () => {
    const rt = new FakeRuntime({ images: ['tugboat/echo:1'] });
    const a = await startCluster(rt);
    const legacy = await rt.createAndStart({ name: 'tug_default_gone_app_deadbeef_0', image: 'tugboat/echo:1', labels: { [LABEL_NODE]: NODE, [LABEL_POD_UID]: 'gone' } });
    const foreign = await rt.createAndStart({ name: 'tug_default_gone_app_cafebabe_0', image: 'tugboat/echo:1', labels: { [LABEL_NODE]: NODE, [LABEL_CLUSTER]: 'another-cluster', [LABEL_POD_UID]: 'gone' } });
    await waitFor(() => rt.removed.includes(legacy), { message: 'the sweep removes the legacy orphan' });
    const after = a.counts.sweeps;
    await waitFor(() => a.counts.sweeps > after, { message: 'one more sweep' });
    expect(rt.removed).toEqual([legacy]);
    expect(rt.containers.has(foreign)).toBe(true);
  });
});
