/**
 * Acceptance on the real Docker engine, against the cluster `npm start` runs (dist/cluster/main.js)
 * plus an agent process joined with `dist/agent/main.js`: limits reach the cgroups, deleted pods are
 * replaced, cascading delete removes containers, an agent killed with SIGKILL and restarted adopts
 * its containers, and an unschedulable pod says why and is placed when a big enough node joins.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, Node, Pod } from '../../api/types.js';
import { buildTestImages, dockerCli, removeContainersByLabel, requireDocker } from '../support/docker.js';
import { startAgentProcess, startClusterProcess, tug, type AgentProcess, type ClusterProcess } from '../support/cluster-process.js';
import { waitFor } from '../support/wait.js';

const run = randomBytes(3).toString('hex');
const ns = `e2e-${run}`;
const prefix = `e2e${run}-`;
const bigNode = `${prefix}big`;

let cluster: ClusterProcess;
let agent: AgentProcess | undefined;

function deployment(name: string, replicas: number, extra: Record<string, unknown> = {}): Deployment {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { ...extra, containers: [{ name: 'echo', image: 'tugboat/echo:1', ports: [{ containerPort: 8080 }], resources: { limits: { memory: '64Mi', cpu: '250m' } } }] } },
    },
  };
}

async function runningPods(app: string): Promise<Pod[]> {
  const list = await cluster.client.list<Pod>('Pod', ns, { labelSelector: `app=${app}` });
  return list.items.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
}

/** Running containers of this test's namespace: id -> pod name. */
async function containers(extraFilter = ''): Promise<string[]> {
  const out = await dockerCli('ps', '-q', '--no-trunc', '--filter', `label=tugboat.io/pod-namespace=${ns}`, ...(extraFilter ? ['--filter', extraFilter] : []));
  return out ? out.split('\n').sort() : [];
}

beforeAll(async () => {
  await requireDocker();
  await buildTestImages();
  cluster = await startClusterProcess({ nodes: 3, nodePrefix: prefix, nodeMemory: '2Gi' });
  await cluster.client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
});

afterAll(async () => {
  await agent?.kill('SIGKILL');
  await cluster?.stop();
  await removeContainersByLabel('tugboat.io/pod-namespace', ns);
});

describe('a Deployment on real Docker', () => {
  it('runs 3 replicas spread over the 3 nodes with the memory and cpu limits in the cgroups', async () => {
    const file = join(cluster.dataDir, 'hello.yaml');
    writeFileSync(file, JSON.stringify(deployment('hello', 3)));
    const applied = await tug(cluster, ['apply', '-f', file]);
    expect(applied.stdout).toContain('deployment.apps/hello created');
    const pods = await waitFor(async () => { const p = await runningPods('hello'); return p.length === 3 && p; }, { timeoutMs: 30_000, message: '3 running hello pods' });
    expect(new Set(pods.map((p) => p.spec.nodeName)).size).toBe(3);
    const ids = await containers('label=tugboat.io/pod-name');
    expect(ids).toHaveLength(3);
    for (const id of ids) {
      expect(await dockerCli('inspect', '--format', '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}', id)).toBe('67108864 250000000');
    }
    const wide = await tug(cluster, ['get', 'pods', '-n', ns, '-o', 'wide']);
    expect(wide.code).toBe(0);
    for (const p of pods) expect(wide.stdout).toContain(p.spec.nodeName ?? 'missing');
  });

  it('replaces a deleted pod within a few seconds', async () => {
    const [victim] = await runningPods('hello');
    const t0 = Date.now();
    await cluster.client.delete('Pod', ns, victim?.metadata.name ?? '');
    await waitFor(async () => {
      const p = await runningPods('hello');
      return p.length === 3 && p.every((x) => x.metadata.name !== victim?.metadata.name);
    }, { timeoutMs: 10_000, message: 'a replacement pod Running' });
    console.log(`replacement Running ${Date.now() - t0} ms after the delete`);
    await waitFor(async () => (await containers()).length === 3, { timeoutMs: 10_000, message: 'exactly 3 containers again' });
  });

  it('serves the container log through the API server', async () => {
    const [pod] = await runningPods('hello');
    const logs = await tug(cluster, ['logs', '-n', ns, pod?.metadata.name ?? '']);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/listening/);
  });

  it('removes every container when the Deployment is deleted', async () => {
    await cluster.client.delete('Deployment', ns, 'hello');
    await waitFor(async () => (await containers()).length === 0, { timeoutMs: 30_000, message: 'no containers left' });
    await waitFor(async () => (await cluster.client.list('Pod', ns)).items.length === 0 && (await cluster.client.list('ReplicaSet', ns)).items.length === 0, { timeoutMs: 15_000, message: 'no pods or replicasets left' });
  });
});

describe('scheduling and agents that come and go', () => {
  it('keeps a pod too large for every node Pending with the reason, and places it when a big node joins', async () => {
    await cluster.client.create<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'huge', namespace: ns }, spec: { containers: [{ name: 'echo', image: 'tugboat/echo:1', resources: { limits: { memory: '8Gi', cpu: '100m' } } }] } });
    const pending = await waitFor(async () => {
      const p = await cluster.client.get<Pod>('Pod', ns, 'huge');
      return p.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False') && p;
    }, { timeoutMs: 15_000, message: 'PodScheduled=False' });
    const cond = pending.status?.conditions?.find((c) => c.type === 'PodScheduled');
    expect(cond?.reason).toBe('Unschedulable');
    expect(cond?.message).toBe('0/3 nodes are available: 3 Insufficient memory.');
    expect(pending.status?.phase).toBe('Pending');

    agent = startAgentProcess(cluster.kubeconfig, ['--node', bigNode, '--cpu', '4', '--memory', '16Gi']);
    const placed = await waitFor(async () => {
      const p = await cluster.client.get<Pod>('Pod', ns, 'huge');
      return p.status?.phase === 'Running' && p;
    }, { timeoutMs: 30_000, message: `huge Running on ${bigNode}` });
    expect(placed.spec.nodeName).toBe(bigNode);
    await cluster.client.delete('Pod', ns, 'huge');
    await waitFor(async () => (await containers()).length === 0, { timeoutMs: 20_000, message: 'huge removed' });
  });

  it('an agent killed with SIGKILL and restarted adopts its containers: no duplicates, no orphans', async () => {
    const big = { nodeSelector: { 'kubernetes.io/hostname': bigNode } };
    await cluster.client.create(deployment('pinned', 2, big));
    await waitFor(async () => (await runningPods('pinned')).length === 2, { timeoutMs: 30_000, message: '2 pinned pods Running' });
    const before = await containers();
    expect(before).toHaveLength(2);
    const addresses = new Map((await runningPods('pinned')).map((p) => [p.metadata.name ?? '', p.status?.podIP ?? '']));
    expect(new Set(addresses.values()).size).toBe(2);

    await agent?.kill('SIGKILL');
    // While the agent is dead: scale down, so one pod waits (Terminating) for its agent.
    await cluster.client.patch('Deployment', ns, 'pinned', { spec: { replicas: 1 } }, 'merge', 'scale');
    await waitFor(async () => (await cluster.client.list<Pod>('Pod', ns, { labelSelector: 'app=pinned' })).items.some((p) => p.metadata.deletionTimestamp), { timeoutMs: 10_000, message: 'a pod Terminating' });
    expect(await containers()).toEqual(before);

    agent = startAgentProcess(cluster.kubeconfig, ['--node', bigNode, '--cpu', '4', '--memory', '16Gi']);
    await waitFor(async () => {
      const pods = (await cluster.client.list<Pod>('Pod', ns, { labelSelector: 'app=pinned' })).items;
      return pods.length === 1 && pods[0]?.status?.phase === 'Running';
    }, { timeoutMs: 30_000, message: 'one pinned pod left, Running' });
    const after = await waitFor(async () => { const c = await containers(); return c.length === 1 && c; }, { timeoutMs: 15_000, message: 'one container left' });
    // The surviving container is one of the originals: adopted, not recreated, with its address.
    expect(before).toContain(after[0]);
    const [survivor] = await runningPods('pinned');
    expect(survivor?.status?.podIP).toBe(addresses.get(survivor?.metadata.name ?? ''));
    expect(await fetch(`http://${survivor?.status?.podIP ?? ''}:8080/still`).then((r) => r.text())).toMatch(/path=\/still/);
    const node = await cluster.client.get<Node>('Node', undefined, bigNode);
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    await cluster.client.delete('Deployment', ns, 'pinned');
    await waitFor(async () => (await containers()).length === 0, { timeoutMs: 20_000, message: 'pinned removed' });
  });
});
