/**
 * The agent on the REAL Docker engine (no mocks): API server in-process, createDockerRuntime,
 * createAgent. Fails loudly, never skips, when the engine is missing. Every container the agent
 * creates carries this run's unique node name (label tugboat.io/node); afterAll removes them all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types.js';
import { createAgent, type Agent } from '../../agent/agent.js';
import { createDockerRuntime } from '../../agent/runtime/docker.js';
import { LABEL_NODE, LABEL_RESTART_COUNT } from '../../agent/runtime/labels.js';
import { makePod } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { buildTestImages, dockerCli, newTestRunId, removeContainersByLabel, requireDocker } from '../support/docker.js';
import { waitFor } from '../support/wait.js';
import { silentLogger } from './helpers.js';

const runtime = createDockerRuntime({ pullTimeoutMs: 20_000 });
const nodeName = newTestRunId('agent-docker');
const MiB = 1024 * 1024;
let api: TestApi;
let agent: Agent;

function newAgent(): Agent {
  return createAgent({
    client: api.client, runtime, logger: silentLogger, nodeName, nodeToken: api.token, labels: {},
    capacity: { cpuMillis: 2000, memoryBytes: 4096 * MiB, pods: 110 }, podCIDR: '127.1.0.0/16', heartbeatMs: 1000, backoff: { initialMs: 1000, maxMs: 5000 },
  });
}

const getPod = (name: string): Promise<Pod> => api.client.get<Pod>('Pod', 'default', name);
const nodeContainers = (): Promise<string[]> => dockerCli('ps', '-a', '--filter', `label=${LABEL_NODE}=${nodeName}`, '--format', '{{.ID}} {{.State}} {{.Label "' + LABEL_RESTART_COUNT + '"}}')
  .then((out) => out.split('\n').filter((l) => l !== ''));

async function podWhere(name: string, what: string, ok: (p: Pod) => boolean, timeoutMs = 30_000): Promise<Pod> {
  return waitFor(async () => { const p = await getPod(name); return ok(p) ? p : undefined; }, { message: `pod ${name} ${what}`, timeoutMs, intervalMs: 200 });
}
const runningReady = (restartCount: number) => (p: Pod): boolean =>
  p.status?.phase === 'Running' && p.status.containerStatuses?.[0]?.ready === true && p.status.containerStatuses[0].restartCount === restartCount;
const containerIdOf = (p: Pod): string => (p.status?.containerStatuses?.[0]?.containerID ?? '').replace('docker://', '');

beforeAll(async () => {
  await requireDocker(runtime);
  await buildTestImages();
  api = await startTestApi();
  agent = newAgent();
  await agent.start();
}, 120_000);

afterAll(async () => {
  await agent.stop();
  await api.close();
  await removeContainersByLabel(LABEL_NODE, nodeName, runtime);
  expect(await runtime.list({ [LABEL_NODE]: nodeName })).toEqual([]);
}, 60_000);

describe('agent on Docker', () => {
  it('runs a pod with limits and a readiness probe, serves its log, is adopted after an agent restart, and cleans up on delete', async () => {
    const pod = makePod('echo').container({
      name: 'app', image: 'tugboat/echo:1', ports: [{ containerPort: 8080 }],
      readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 }, // dialled on the published 127.0.0.1 port
    }).limits({ cpu: '250m', memory: '64Mi' }).build();
    const { uid: _uid, ...metadata } = pod.metadata;
    await api.client.create<Pod>({ ...pod, metadata });
    await api.client.createSubresource('Pod', 'default', 'echo', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'echo' }, target: { kind: 'Node', name: nodeName } });

    const running = await podWhere('echo', 'Running', runningReady(0));
    const id = containerIdOf(running);
    expect(running.status?.podIP).toMatch(/^127\.1\.\d+\.\d+$/);
    expect(await dockerCli('inspect', '-f', '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.Config.Hostname}}', id)).toBe(`${64 * MiB} 250000000 echo`);

    const log = await waitFor(async () => {
      let text = '';
      for await (const chunk of await api.client.logs('default', 'echo')) text += String(chunk);
      return text.includes('listening on :8080') ? text : undefined;
    }, { message: 'the echo start line through pods/log', timeoutMs: 15_000, intervalMs: 200 });
    expect(log).toContain('app=echo version=v1 host=echo listening on :8080');

    await agent.stop();
    agent = newAgent();
    await agent.start();
    expect(await nodeContainers()).toEqual([`${id.slice(0, 12)} running 0`]);
    // Crash the adopted container through its published port: the new agent must restart it as
    // instance 1 (a duplicate of instance 0 made on adoption would show up as an extra container).
    const published = (await runtime.inspect(id)).ports.find((p) => p.containerPort === 8080);
    expect(published).toMatchObject({ hostIp: running.status?.podIP, hostPort: 8080 });
    await fetch(`http://${published?.hostIp ?? ''}:${String(published?.hostPort)}/cgi-bin/crash`, { signal: AbortSignal.timeout(5000) }).then((r) => r.text()).catch(() => '');
    const restarted = await podWhere('echo', 'restarted once', runningReady(1));
    expect(restarted.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 3, reason: 'Error', containerID: `docker://${id}` });
    expect((await nodeContainers()).map((l) => l.split(' ').slice(1).join(' ')).sort()).toEqual(['exited 0', 'running 1']);

    await api.client.delete('Pod', 'default', 'echo');
    await waitFor(() => getPod('echo').then(() => false, () => true), { message: 'pod echo deleted', timeoutMs: 30_000, intervalMs: 200 });
    expect(await nodeContainers()).toEqual([]);
  });
});
