/**
 * kubectl's typed commands against the cluster `npm start` runs. `create namespace|configmap|
 * deployment|service` and `drain` send protobuf bodies (kubectl-wire.md §10); `run` sends JSON.
 * Each must exit 0 and store the object with the fields the command sets.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap, Deployment, Namespace, Pod, Service } from '../../api/types.js';
import { buildTestImages, removeContainersByLabel, requireDocker } from '../support/docker.js';
import { kubectl, startClusterProcess, type ClusterProcess, type CommandResult } from '../support/cluster-process.js';
import { waitFor } from '../support/wait.js';

const run = randomBytes(3).toString('hex');
const ns = `create-${run}`;
const node = `kc${run}-1`;
let cluster: ClusterProcess;

async function ok(args: string[]): Promise<CommandResult> {
  const res = await kubectl(cluster, args);
  if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${res.code}: ${res.stderr}${res.stdout}`);
  return res;
}

const runningPods = async (selector: string): Promise<Pod[]> =>
  (await cluster.client.list<Pod>('Pod', ns, { labelSelector: selector })).items.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);

beforeAll(async () => {
  await requireDocker();
  await buildTestImages();
  cluster = await startClusterProcess({ nodes: 1, nodePrefix: `kc${run}-` });
});

afterAll(async () => {
  await cluster?.stop();
  await removeContainersByLabel('tugboat.io/pod-namespace', ns);
});

describe('kubectl typed commands (protobuf bodies)', () => {
  it('create namespace', async () => {
    expect((await ok(['create', 'namespace', ns])).stdout).toContain(`namespace/${ns} created`);
    const got = await cluster.client.get<Namespace>('Namespace', undefined, ns);
    expect(got.status?.phase).toBe('Active');
  });

  it('create configmap --from-literal', async () => {
    expect((await ok(['create', 'configmap', 'cfg', '--from-literal=a=b', '--from-literal=greeting=hello world', '-n', ns])).stdout).toContain('configmap/cfg created');
    const got = await cluster.client.get<ConfigMap>('ConfigMap', ns, 'cfg');
    expect(got.data).toEqual({ a: 'b', greeting: 'hello world' });
  });

  it('create deployment --replicas=2 runs two pods', async () => {
    expect((await ok(['create', 'deployment', 'web', '--image=tugboat/echo:1', '--replicas=2', '--port=8080', '-n', ns])).stdout).toContain('deployment.apps/web created');
    const d = await cluster.client.get<Deployment>('Deployment', ns, 'web');
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.selector.matchLabels).toEqual({ app: 'web' });
    expect(d.spec.template.spec.containers).toEqual([expect.objectContaining({ name: 'echo', image: 'tugboat/echo:1', ports: [expect.objectContaining({ containerPort: 8080 })] })]);
    await waitFor(async () => (await runningPods('app=web')).length === 2, { timeoutMs: 20_000, message: 'two web pods Running' });
  });

  it('create service clusterip --tcp', async () => {
    expect((await ok(['create', 'service', 'clusterip', 'web', '--tcp=80:8080', '-n', ns])).stdout).toContain('service/web created');
    const svc = await cluster.client.get<Service>('Service', ns, 'web');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.selector).toEqual({ app: 'web' });
    expect(svc.spec.ports).toEqual([expect.objectContaining({ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 })]);
  });

  it('run (a JSON body) starts a pod', async () => {
    expect((await ok(['run', 'p', '--image=tugboat/echo:1', '--labels=role=single', '-n', ns])).stdout).toContain('pod/p created');
    const pod = await waitFor(async () => (await runningPods('role=single'))[0], { timeoutMs: 20_000, message: 'pod p Running' });
    expect(pod.metadata.name).toBe('p');
    expect(pod.spec.containers[0]?.image).toBe('tugboat/echo:1');
  });

  it('drain deletes the pods with protobuf DeleteOptions', async () => {
    const res = await ok(['drain', node, '--ignore-daemonsets', '--force', '--grace-period=1', '--timeout=20s']);
    expect(res.stdout).toContain(`node/${node} drained`);
    expect(res.stdout).toContain('pod/p deleted');
    await expect(cluster.client.get('Pod', ns, 'p')).rejects.toMatchObject({ httpStatus: 404 });
  });
});
