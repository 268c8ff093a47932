/**
 * The real kubectl (v1.32) against the cluster `npm start` runs, with the kubeconfig it writes:
 * every everyday command of the acceptance list must work and exit 0.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, Pod } from '../../api/types.js';
import { buildTestImages, removeContainersByLabel, requireDocker } from '../support/docker.js';
import { kubectl, startClusterProcess, type ClusterProcess, type CommandResult } from '../support/cluster-process.js';
import { waitFor } from '../support/wait.js';

const run = randomBytes(3).toString('hex');
const ns = `kubectl-${run}`;
let cluster: ClusterProcess;
let stackFile: string;

/** manifests/web-stack.yaml moved into this run's namespace. */
function stack(changes: (text: string) => string = (t) => t): string {
  return changes(readFileSync(join(import.meta.dirname, '..', '..', 'manifests', 'web-stack.yaml'), 'utf8').replaceAll('shop', ns));
}

async function ok(args: string[], timeoutMs?: number): Promise<CommandResult> {
  const res = await kubectl(cluster, args, timeoutMs);
  if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${res.code}: ${res.stderr}${res.stdout}`);
  return res;
}

const runningPods = async (): Promise<Pod[]> => (await cluster.client.list<Pod>('Pod', ns, { labelSelector: 'app=web' })).items.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);

beforeAll(async () => {
  await requireDocker();
  await buildTestImages();
  cluster = await startClusterProcess({ nodes: 2, nodePrefix: `k${run}-` });
  stackFile = join(cluster.dataDir, 'stack.yaml');
});

afterAll(async () => {
  await cluster?.stop();
  await removeContainersByLabel('tugboat.io/pod-namespace', ns);
});

describe('kubectl against tugboat', () => {
  it('applies Namespace + Deployment + Service + Ingress, then a changed re-apply keeps unchanged fields', async () => {
    writeFileSync(stackFile, stack());
    const created = await ok(['apply', '-f', stackFile]);
    expect(created.stdout).toContain(`namespace/${ns} created`);
    expect(created.stdout).toContain('deployment.apps/web created');
    expect(created.stdout).toContain('service/web created');
    expect(created.stdout).toContain('ingress.networking.k8s.io/web created');

    writeFileSync(stackFile, stack((t) => t.replace('value: hello', 'value: bonjour').replace('replicas: 2', 'replicas: 3')));
    const changed = await ok(['apply', '-f', stackFile]);
    expect(changed.stdout).toContain('deployment.apps/web configured');
    expect(changed.stdout).toContain('service/web unchanged');
    const d = await cluster.client.get<Deployment>('Deployment', ns, 'web');
    const c = d.spec.template.spec.containers[0];
    expect(d.spec.replicas).toBe(3);
    expect(c?.env).toEqual([{ name: 'GREETING', value: 'bonjour' }]);
    expect(c?.image).toBe('tugboat/echo:1');
    expect(c?.ports?.[0]?.containerPort).toBe(8080);
    expect(c?.resources?.limits?.memory).toBe('64Mi');
  });

  it('rollout status waits for the rollout and get shows pods, nodes and READY', async () => {
    const status = await ok(['rollout', 'status', 'deploy/web', '-n', ns, '--timeout=90s'], 100_000);
    expect(status.stdout).toContain('successfully rolled out');
    const deploy = await ok(['get', 'deploy', '-n', ns]);
    expect(deploy.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
    expect(deploy.stdout).toMatch(/web\s+3\/3\s+3\s+3/);
    const wide = await ok(['get', 'pods', '-o', 'wide', '-n', ns]);
    expect(wide.stdout).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/);
    expect(wide.stdout).toContain(`k${run}-`);
    expect((wide.stdout.match(/Running/g) ?? []).length).toBe(3);
    const all = await ok(['get', 'all', '-n', ns]);
    for (const kind of ['pod/web-', 'service/web', 'deployment.apps/web', 'replicaset.apps/web-']) expect(all.stdout).toContain(kind);
  });

  it('describe pod, logs and get -w', async () => {
    const [pod] = await runningPods();
    const name = pod?.metadata.name ?? '';
    const described = await ok(['describe', 'pod', name, '-n', ns]);
    expect(described.stdout).toContain(`Node:`);
    expect(described.stdout).toContain('Controlled By:  ReplicaSet/web-');
    expect(described.stdout).toMatch(/Scheduled/);
    const logs = await ok(['logs', name, '-n', ns]);
    expect(logs.stdout).toMatch(/listening/);
    const watched = await ok(['get', 'pods', '-w', '-n', ns, '--request-timeout=3s']);
    expect(watched.stdout).toContain(name);
  });

  it('set image rolls the pods over to v2; rollout history and undo bring v1 back', async () => {
    await ok(['set', 'image', 'deploy/web', 'web=tugboat/echo:2', '-n', ns]);
    expect((await ok(['rollout', 'status', 'deploy/web', '-n', ns, '--timeout=90s'], 100_000)).stdout).toContain('successfully rolled out');
    const v2 = await runningPods();
    expect(v2).toHaveLength(3);
    expect(v2.every((p) => p.spec.containers[0]?.image === 'tugboat/echo:2')).toBe(true);
    const history = await ok(['rollout', 'history', 'deploy/web', '-n', ns]);
    expect(history.stdout).toMatch(/REVISION/);
    expect(history.stdout).toMatch(/^2\s/m);
    await ok(['rollout', 'undo', 'deploy/web', '-n', ns]);
    expect((await ok(['rollout', 'status', 'deploy/web', '-n', ns, '--timeout=90s'], 100_000)).stdout).toContain('successfully rolled out');
    await waitFor(async () => {
      const pods = (await cluster.client.list<Pod>('Pod', ns, { labelSelector: 'app=web' })).items;
      return pods.length === 3 && pods.every((p) => p.status?.phase === 'Running' && p.spec.containers[0]?.image === 'tugboat/echo:1');
    }, { timeoutMs: 30_000, message: 'three v1 pods again' });
    // Three templates so far (hello, bonjour, v2); the undo went back to the bonjour ReplicaSet
    // (same template hash after the round trip), it did not make a fourth.
    const rss = (await cluster.client.list('ReplicaSet', ns)).items;
    expect(rss).toHaveLength(3);
  });

  it('scale, delete pod and delete -f', async () => {
    const scaled = await ok(['scale', 'deploy/web', '--replicas=1', '-n', ns]);
    expect(scaled.stdout).toContain('deployment.apps/web scaled');
    await waitFor(async () => (await runningPods()).length === 1 && (await cluster.client.list('Pod', ns)).items.length === 1, { timeoutMs: 30_000, message: 'one pod left' });
    const [pod] = await runningPods();
    const deleted = await ok(['delete', 'pod', pod?.metadata.name ?? '', '-n', ns, '--timeout=60s'], 70_000);
    expect(deleted.stdout).toContain(`pod "${pod?.metadata.name ?? ''}" deleted`);
    const gone = await ok(['delete', '-f', stackFile, '--timeout=90s'], 100_000);
    expect(gone.stdout).toContain('deployment.apps "web" deleted');
    expect(gone.stdout).toContain(`namespace "${ns}" deleted`);
    await waitFor(async () => (await cluster.client.list('Namespace', undefined)).items.every((n) => n.metadata.name !== ns), { timeoutMs: 30_000, message: 'namespace gone' });
  });
});
