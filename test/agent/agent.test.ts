/**
 * The agent against an in-process API server (memory store) and FakeRuntime: registration, pod
 * lifecycle, restarts, image pull failures, graceful deletion, adoption after a restart, orphans
 * and logs through pods/log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Event, Node, Pod } from '../../api/types.js';
import { createAgent, type Agent } from '../../agent/agent.js';
import { LABEL_NODE, LABEL_POD_UID } from '../../agent/runtime/labels.js';
import type { ApiClient } from '../../client/client.js';
import { makePod } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { FakeRuntime } from '../support/fake-runtime.js';
import { waitFor } from '../support/wait.js';
import { silentLogger } from './helpers.js';

const NODE = 'node-1';
const MiB = 1024 * 1024;

interface Env { api: TestApi; rt: FakeRuntime; agent: Agent; newAgent(): Agent }
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

async function setup(rt = new FakeRuntime({ images: ['tugboat/echo:1', 'tugboat/busybox:1'] })): Promise<Env> {
  const api = await startTestApi();
  const newAgent = (): Agent => createAgent({
    client: api.client, runtime: rt, logger: silentLogger, nodeName: NODE, nodeToken: api.token,
    capacity: { cpuMillis: 2000, memoryBytes: 4096 * MiB, pods: 110 }, podCIDR: '127.1.0.0/16', labels: { zone: 'a' },
    heartbeatMs: 100, housekeepingMs: 300, backoff: { initialMs: 300, maxMs: 2000 },
    hostInfo: { osImage: 'Test Linux', kernelVersion: '6.1.0' },
  });
  const agent = newAgent();
  await agent.start();
  let current = agent;
  cleanups.push(async () => { await current.stop(); await api.close(); });
  return { api, rt, agent, newAgent: () => { current = newAgent(); return current; } };
}

/** Creates a pod and binds it to NODE, as the scheduler would. */
async function runPod(client: ApiClient, pod: Pod): Promise<Pod> {
  const { uid: _uid, ...metadata } = pod.metadata;
  const created = await client.create<Pod>({ ...pod, metadata });
  const name = created.metadata.name ?? '';
  await client.createSubresource('Pod', 'default', name, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: NODE } });
  return created;
}

const getPod = (client: ApiClient, name: string): Promise<Pod> => client.get<Pod>('Pod', 'default', name);
const echoPod = (name: string): Pod => makePod(name)
  .container({ name: 'app', image: 'tugboat/echo:1', env: [{ name: 'GREETING', value: 'hi' }], ports: [{ containerPort: 8080 }] })
  .limits({ cpu: '250m', memory: '64Mi' }).build();
const withPolicy = (pod: Pod, restartPolicy: 'Always' | 'OnFailure' | 'Never'): Pod => ({ ...pod, spec: { ...pod.spec, restartPolicy } });

async function podWhere(client: ApiClient, name: string, what: string, ok: (p: Pod) => boolean, timeoutMs = 5000): Promise<Pod> {
  return waitFor(async () => { const p = await getPod(client, name); return ok(p) ? p : undefined; }, { message: `pod ${name} ${what}`, timeoutMs });
}
const running = (p: Pod): boolean => p.status?.phase === 'Running' && p.status.containerStatuses?.every((s) => s.ready) === true;
const liveContainers = (rt: FakeRuntime, uid: string) => [...rt.containers.values()].filter((c) => c.spec.labels[LABEL_POD_UID] === uid);

/** The distinct successive waiting reasons of the pod's first container, from a watch (until `signal`). */
async function collectWaitingReasons(client: ApiClient, name: string, resourceVersion: string, signal: AbortSignal): Promise<string[]> {
  const seen: string[] = [];
  for await (const ev of client.watch<Pod>('Pod', 'default', { fieldSelector: `metadata.name=${name}`, resourceVersion, signal })) {
    const reason = ev.object.status?.containerStatuses?.[0]?.state.waiting?.reason;
    if (reason && seen[seen.length - 1] !== reason) seen.push(reason);
  }
  return seen;
}

async function eventReasons(client: ApiClient, pod: string): Promise<string[]> {
  const list = await client.list<Event>('Event', 'default');
  return list.items.filter((e) => e.involvedObject.name === pod).map((e) => `${e.reason ?? ''}: ${e.message ?? ''}`);
}

describe('agent (FakeRuntime, in-process API server)', () => {
  it('registers its Node with capacity, labels, Ready, addresses, log endpoint and nodeInfo, then heartbeats', async () => {
    const { api, agent } = await setup();
    const node = await api.client.get<Node>('Node', undefined, NODE);
    expect(node.metadata.labels).toEqual({ 'kubernetes.io/hostname': NODE, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', zone: 'a' });
    expect(node.status).toMatchObject({
      capacity: { cpu: '2', memory: '4Gi', pods: '110' }, allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
      addresses: [{ type: 'InternalIP', address: '127.0.0.1' }, { type: 'Hostname', address: NODE }],
      daemonEndpoints: { kubeletEndpoint: { Port: agent.logPort() } },
      nodeInfo: { kubeletVersion: 'v1.32.0-tugboat', containerRuntimeVersion: 'fake://0.1.0', osImage: 'Test Linux', kernelVersion: '6.1.0', operatingSystem: 'linux', architecture: 'amd64' },
    });
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'tugboat agent is posting ready status' });
    await waitFor(async () => {
      const later = (await api.client.get<Node>('Node', undefined, NODE)).status?.conditions?.find((c) => c.type === 'Ready');
      return later?.lastHeartbeatTime !== ready?.lastHeartbeatTime && later?.lastTransitionTime === ready?.lastTransitionTime;
    }, { message: 'a heartbeat that keeps lastTransitionTime' });
  });

  it('runs a bound pod: container with labels and limits, status Running, kubelet events', async () => {
    const { api, rt } = await setup();
    const pod = await runPod(api.client, echoPod('web-1'));
    const uid = pod.metadata.uid ?? '';
    const ok = await podWhere(api.client, 'web-1', 'Running', running);
    const [c] = liveContainers(rt, uid);
    expect(c?.spec).toMatchObject({
      image: 'tugboat/echo:1', memoryBytes: 64 * MiB, nanoCpus: 250_000_000, env: { GREETING: 'hi' }, hostname: 'web-1',
      ports: [{ containerPort: 8080, protocol: 'tcp', bindings: [{ hostIp: '127.1.0.2', hostPort: 8080 }] }], name: `tug_default_web-1_app_${uid.replace(/-/g, '').slice(0, 8)}_0`,
      labels: { [LABEL_NODE]: NODE, [LABEL_POD_UID]: uid, 'tugboat.io/pod-name': 'web-1', 'tugboat.io/container-name': 'app', 'tugboat.io/restart-count': '0', 'tugboat.io/managed': 'true', 'tugboat.io/pod-ip': '127.1.0.2' },
    });
    expect(ok.status).toMatchObject({
      hostIP: '127.0.0.1', podIP: '127.1.0.2', podIPs: [{ ip: '127.1.0.2' }],
      containerStatuses: [{ name: 'app', ready: true, started: true, restartCount: 0, containerID: `fake://${c?.id ?? ''}`, state: { running: {} } }],
    });
    expect(ok.status?.conditions?.map((x) => `${x.type}=${x.status}`)).toEqual(['Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    await waitFor(async () => (await eventReasons(api.client, 'web-1')).length >= 3, { message: 'events' });
    expect(await eventReasons(api.client, 'web-1')).toEqual(expect.arrayContaining([
      'Pulled: Container image "tugboat/echo:1" already present on machine', 'Created: Created container app', 'Started: Started container app',
    ]));
  });

  it('deletes gracefully: stops and removes the containers, then the pod is gone', async () => {
    const { api, rt } = await setup();
    const pod = await runPod(api.client, echoPod('web-2'));
    await podWhere(api.client, 'web-2', 'Running', running);
    await api.client.delete('Pod', 'default', 'web-2');
    await waitFor(() => getPod(api.client, 'web-2').then(() => false, () => true), { message: 'pod deleted' });
    expect(liveContainers(rt, pod.metadata.uid ?? '')).toEqual([]);
    expect(rt.stopped).toHaveLength(1);
    expect(rt.calls.find((c) => c.method === 'stop')?.args[1]).toBe(10); // min(30, 10)
    expect(await eventReasons(api.client, 'web-2')).toContain('Killing: Stopping container app');
  });

  it('restarts a crashed container as instance 1 and reports lastState', async () => {
    const { api, rt } = await setup();
    const pod = await runPod(api.client, echoPod('web-3'));
    await podWhere(api.client, 'web-3', 'Running', running);
    const [first] = liveContainers(rt, pod.metadata.uid ?? '');
    rt.exit(first?.id ?? '', { exitCode: 1 });
    const restarted = await podWhere(api.client, 'web-3', 'restarted', (p) => p.status?.containerStatuses?.[0]?.restartCount === 1 && running(p));
    expect(restarted.status?.containerStatuses?.[0]?.lastState).toMatchObject({ terminated: { exitCode: 1, reason: 'Error', containerID: `fake://${first?.id ?? ''}` } });
    expect(liveContainers(rt, pod.metadata.uid ?? '').map((c) => [c.spec.labels['tugboat.io/restart-count'], c.state])).toEqual([['0', 'exited'], ['1', 'running']]);
  });

  it('a second crash waits in CrashLoopBackOff, then restarts as instance 2', async () => {
    const { api, rt } = await setup();
    const pod = await runPod(api.client, echoPod('web-4'));
    await podWhere(api.client, 'web-4', 'Running', running);
    rt.exit(liveContainers(rt, pod.metadata.uid ?? '')[0]?.id ?? '', { exitCode: 1 });
    await podWhere(api.client, 'web-4', 'restarted', (p) => p.status?.containerStatuses?.[0]?.restartCount === 1 && running(p));
    rt.exit(liveContainers(rt, pod.metadata.uid ?? '')[1]?.id ?? '', { exitCode: 2 });
    const looping = await podWhere(api.client, 'web-4', 'CrashLoopBackOff', (p) => p.status?.containerStatuses?.[0]?.state.waiting?.reason === 'CrashLoopBackOff');
    expect(looping.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(2);
    await podWhere(api.client, 'web-4', 'restarted twice', (p) => p.status?.containerStatuses?.[0]?.restartCount === 2 && running(p));
    expect(liveContainers(rt, pod.metadata.uid ?? '')).toHaveLength(2); // instance 0 removed, 1 kept as previous
    expect(await eventReasons(api.client, 'web-4')).toContain(`BackOff: Back-off restarting failed container app in pod web-4_default(${pod.metadata.uid ?? ''})`);
  });

  it('restartPolicy Never: the pod ends Failed and nothing restarts', async () => {
    const { api, rt } = await setup();
    const pod = await runPod(api.client, withPolicy(echoPod('job-1'), 'Never'));
    await podWhere(api.client, 'job-1', 'Running', running);
    rt.exit(liveContainers(rt, pod.metadata.uid ?? '')[0]?.id ?? '', { exitCode: 3 });
    const failed = await podWhere(api.client, 'job-1', 'Failed', (p) => p.status?.phase === 'Failed');
    expect(failed.status?.containerStatuses?.[0]).toMatchObject({ ready: false, restartCount: 0, state: { terminated: { exitCode: 3, reason: 'Error' } } });
    expect(rt.created).toHaveLength(1);
  });

  it('an unpullable image: ErrImagePull, then ImagePullBackOff, with Failed events', async () => {
    const rt = new FakeRuntime();
    rt.unpullable.add('nope:1');
    const { api } = await setup(rt);
    // ErrImagePull lasts only until the next sync, so collect every state from a watch.
    const from = (await api.client.list<Pod>('Pod', 'default')).metadata.resourceVersion;
    const abort = new AbortController();
    const reasons = collectWaitingReasons(api.client, 'bad-1', from, abort.signal);
    await runPod(api.client, makePod('bad-1').container({ name: 'app', image: 'nope:1' }).build());
    const backoff = await podWhere(api.client, 'bad-1', 'ImagePullBackOff', (p) => p.status?.containerStatuses?.[0]?.state.waiting?.reason === 'ImagePullBackOff');
    expect(backoff.status?.phase).toBe('Pending');
    expect(backoff.status?.containerStatuses?.[0]?.state.waiting?.message).toBe('Back-off pulling image "nope:1": image "nope:1": pull failed: fake registry refused');
    abort.abort();
    // Kubelet's sequence: ContainerCreating before the pull, the failed pull, then the backoff.
    expect((await reasons).slice(0, 3)).toEqual(['ContainerCreating', 'ErrImagePull', 'ImagePullBackOff']);
    const events = await eventReasons(api.client, 'bad-1');
    expect(events).toEqual(expect.arrayContaining(['Pulling: Pulling image "nope:1"', 'Failed: Error: ErrImagePull', 'BackOff: Back-off pulling image "nope:1"']));
    expect(events.some((r) => r.startsWith('Failed: Failed to pull image "nope:1": '))).toBe(true);
    rt.unpullable.delete('nope:1'); // the registry recovers: the next retry after the backoff succeeds
    await podWhere(api.client, 'bad-1', 'Running after the retry', running);
  });

  it('after a restart, a new agent adopts the running containers (same Node uid, no duplicates)', async () => {
    const env = await setup();
    const pod = await runPod(env.api.client, echoPod('web-5'));
    await podWhere(env.api.client, 'web-5', 'Running', running);
    const nodeUid = (await env.api.client.get<Node>('Node', undefined, NODE)).metadata.uid;
    const startTime = (await getPod(env.api.client, 'web-5')).status?.startTime;
    await env.agent.stop();
    const second = env.newAgent();
    await second.start();
    expect((await env.api.client.get<Node>('Node', undefined, NODE)).metadata.uid).toBe(nodeUid);
    // The work queue syncs a pod key once at a time, so the restart below comes after the new
    // agent's first sync of web-5: a duplicate made there would show as a third creation.
    const [adopted] = liveContainers(env.rt, pod.metadata.uid ?? '');
    env.rt.exit(adopted?.id ?? '', { exitCode: 1 });
    await podWhere(env.api.client, 'web-5', 'restarted by the new agent', (p) => p.status?.containerStatuses?.[0]?.restartCount === 1 && running(p));
    expect(env.rt.created.map((c) => c.labels['tugboat.io/restart-count'])).toEqual(['0', '1']);
    expect(liveContainers(env.rt, pod.metadata.uid ?? '').map((c) => c.state)).toEqual(['exited', 'running']);
    expect((await getPod(env.api.client, 'web-5')).status?.startTime).toBe(startTime);
  });

  it('removes orphaned containers of pods that no longer exist', async () => {
    const rt = new FakeRuntime({ images: ['tugboat/echo:1'] });
    const orphan = await rt.createAndStart({ name: 'tug_default_gone_app_deadbeef_0', image: 'tugboat/echo:1', labels: { [LABEL_NODE]: NODE, [LABEL_POD_UID]: 'gone' } });
    const foreign = await rt.createAndStart({ name: 'other-node', image: 'tugboat/echo:1', labels: { [LABEL_NODE]: 'node-2', [LABEL_POD_UID]: 'gone' } });
    const { api } = await setup(rt);
    await runPod(api.client, echoPod('web-6'));
    await podWhere(api.client, 'web-6', 'Running', running);
    expect(rt.removed).toContain(orphan);
    expect(rt.containers.has(foreign)).toBe(true); // another node's container is not ours to touch
    const late = await rt.createAndStart({ name: 'late', image: 'tugboat/echo:1', labels: { [LABEL_NODE]: NODE, [LABEL_POD_UID]: 'gone-too' } });
    await waitFor(() => rt.removed.includes(late), { message: 'the periodic sweep removes a new orphan' });
    expect(rt.containers.size).toBe(2); // web-6 and the foreign one
  });

  it('serves logs to the API server (pods/log proxies to the agent)', async () => {
    const { api, rt } = await setup();
    const pod = await runPod(api.client, echoPod('web-7'));
    await podWhere(api.client, 'web-7', 'Running', running);
    const id = liveContainers(rt, pod.metadata.uid ?? '')[0]?.id ?? '';
    rt.writeLog(id, 'app=echo version=v1 listening on :8080');
    rt.writeLog(id, 'GET /');
    let text = '';
    for await (const chunk of await api.client.logs('default', 'web-7', { tailLines: 1 })) text += String(chunk);
    expect(text).toBe('GET /\n');
  });
});
