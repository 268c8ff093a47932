import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, Event, KubeObject, Pod } from '../../../api/types.js';
import { makeDeployment, makeNode, makePod, makeReplicaSet } from '../../support/builders.js';
import { startCli, type CliHarness } from '../harness.js';

let cli: CliHarness;

beforeAll(async () => { cli = await startCli(); });
afterAll(async () => { await cli.close(); });

async function eventFor(pod: Pod, reason: string, message: string): Promise<void> {
  const ev: Event = {
    apiVersion: 'v1', kind: 'Event',
    metadata: { name: `${pod.metadata.name ?? ''}.${reason.toLowerCase()}`, namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '', apiVersion: 'v1' },
    reason, message, type: 'Normal', source: { component: 'scheduler' },
    firstTimestamp: new Date(Date.now() - 30_000).toISOString(), lastTimestamp: new Date(Date.now() - 30_000).toISOString(), count: 1,
  };
  await cli.api.client.create(ev);
}

describe('tug describe', () => {
  it('describes a pod with containers, resources, env and its own events only', async () => {
    const pod = await cli.api.client.create(makePod('api-1').labels({ app: 'api' })
      .container({ name: 'api', image: 'tugboat/echo:1', ports: [{ containerPort: 8080 }], env: [{ name: 'MODE', value: 'prod' }] })
      .limits({ cpu: '500m', memory: '128Mi' }).build());
    await cli.api.client.create(makePod('api-10').build());
    await eventFor(pod, 'Scheduled', 'Successfully assigned default/api-1 to node-1');
    await eventFor({ ...pod, metadata: { ...pod.metadata, name: 'api-10', uid: 'other' } }, 'Other', 'not mine');

    const r = await cli.tug(['describe', 'pod', 'api-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name: +api-1\nNamespace: +default\n/);
    for (const want of [/^Labels: +app=api$/m, /^Status: +Pending$/m, /^ {4}Image: +tugboat\/echo:1$/m, /^ {4}Port: +8080\/TCP$/m,
      /^ {4}Limits:\n {6}cpu: +500m\n {6}memory: +128Mi$/m, /^ {6}MODE: +prod$/m, /^QoS Class: +Guaranteed$/m,
      /^ {2}Type {4}Reason {5}Age {3}From {7}Message$/m, /Normal +Scheduled +3\ds +scheduler +Successfully assigned default\/api-1 to node-1/]) {
      expect(r.stdout).toMatch(want);
    }
    expect(r.stdout).not.toContain('not mine');
  });

  it('describes a deployment with its new ReplicaSet, and a node with allocated resources', async () => {
    const d = await cli.api.client.create(makeDeployment('shop').replicas(2).build());
    await cli.api.client.create(makeReplicaSet('shop-abc').labels({ app: 'shop' }).replicas(2).annotations({ 'deployment.kubernetes.io/revision': '1' }).controlledBy(d).build());
    const dep = await cli.tug(['describe', 'deploy/shop']);
    expect(dep.stdout).toMatch(/^Replicas: +2 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable$/m);
    expect(dep.stdout).toMatch(/^NewReplicaSet: +shop-abc \(0\/2 replicas created\)$/m);
    expect(dep.stdout).toMatch(/^RollingUpdateStrategy: +25% max unavailable, 25% max surge$/m);

    await cli.api.client.create(makeNode('node-1').build());
    const bound = await cli.api.client.create(makePod('busy').limits({ cpu: '1', memory: '1Gi' }).build());
    await cli.api.client.createSubresource('Pod', 'default', bound.metadata.name ?? '', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'busy' }, target: { kind: 'Node', name: 'node-1' } });
    const node = await cli.tug(['describe', 'node', 'node-1']);
    expect(node.code).toBe(0);
    expect(node.stdout).toMatch(/^Non-terminated Pods: +\(1 in total\)$/m);
    expect(node.stdout).toMatch(/^ {2}cpu +1 \(\d+%\) +1 \(\d+%\)$/m);
  });

  it('falls back to a name prefix, and reports a missing object like the server', async () => {
    expect((await cli.tug(['describe', 'pod', 'api-'])).stdout).toMatch(/^Name: +api-1$[\s\S]*\n\n\nName: +api-10$/m);
    expect(await cli.tug(['describe', 'pod', 'zzz'])).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): pods "zzz" not found\n' });
  });

  it('describes other kinds generically', async () => {
    await cli.api.client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { logLevel: 'debug' } } as KubeObject);
    const r = await cli.tug(['describe', 'cm', 'cfg']);
    expect(r.stdout).toMatch(/^Kind: +ConfigMap$/m);
    expect(r.stdout).toMatch(/^Data:\n {2}Log Level: +debug$/m);
  });
});

describe('tug delete', () => {
  it.each([
    { scenario: 'TYPE NAME', args: (n: string) => ['delete', 'pod', n] },
    { scenario: 'TYPE/NAME', args: (n: string) => ['delete', `pod/${n}`] },
  ])('deletes with $scenario, prints kubectl\'s line and waits until it is gone', async ({ args }) => {
    const name = `gone-${Math.random().toString(36).slice(2, 7)}`;
    await cli.api.client.create(makePod(name).build());
    expect(await cli.tug(args(name))).toEqual({ code: 0, stdout: `pod "${name}" deleted\n`, stderr: '' });
    expect((await cli.api.client.list('Pod', 'default')).items.map((p) => p.metadata.name)).not.toContain(name);
  });

  it('deletes by label selector and by file', async () => {
    await cli.api.client.create(makePod('sel-1').labels({ tier: 'x' }).build());
    await cli.api.client.create(makePod('sel-2').labels({ tier: 'x' }).build());
    expect((await cli.tug(['delete', 'pods', '-l', 'tier=x'])).stdout).toBe('pod "sel-1" deleted\npod "sel-2" deleted\n');
    await cli.api.client.create(makeDeployment('filed').build());
    const r = await cli.tug(['delete', '-f', '-'], { stdin: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: filed\n' });
    expect(r).toMatchObject({ code: 0, stdout: 'deployment.apps "filed" deleted\n' });
  });

  it.each([
    { scenario: 'a missing object fails', extra: [], code: 1, stderr: 'Error from server (NotFound): pods "ghost" not found\n' },
    { scenario: '--ignore-not-found succeeds', extra: ['--ignore-not-found'], code: 0, stderr: '' },
  ])('$scenario', async ({ extra, code, stderr }) => {
    expect(await cli.tug(['delete', 'pod', 'ghost', ...extra])).toEqual({ code, stdout: '', stderr });
  });

  it('times out on the injected clock when the object never goes away', async () => {
    await cli.api.client.create(makeNode('node-slow').build());
    await cli.api.client.create(makePod('sticky').build());
    await cli.api.client.createSubresource('Pod', 'default', 'sticky', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'sticky' }, target: { kind: 'Node', name: 'node-slow' } });
    let now = 0;
    const r = await cli.tug(['delete', 'pod', 'sticky', '--timeout=5s'], {
      deps: { now: () => new Date(now), sleep: (ms) => { now += ms; return Promise.resolve(); } },
    });
    expect(r).toEqual({ code: 1, stdout: 'pod "sticky" deleted\n', stderr: 'error: timed out waiting for the condition on pods/sticky\n' });
    expect(now).toBe(5000);
  });
});

describe('tug scale', () => {
  it.each([
    { scenario: 'TYPE/NAME --replicas=N', args: ['scale', 'deploy/scaled', '--replicas=4'], replicas: 4 },
    { scenario: 'TYPE NAME --replicas N', args: ['scale', 'deployment', 'scaled', '--replicas', '0'], replicas: 0 },
  ])('scales with $scenario', async ({ args, replicas }) => {
    await cli.api.client.create(makeDeployment('scaled').build()).catch(() => undefined);
    expect(await cli.tug(args)).toEqual({ code: 0, stdout: 'deployment.apps/scaled scaled\n', stderr: '' });
    expect((await cli.api.client.get<Deployment>('Deployment', 'default', 'scaled')).spec.replicas).toBe(replicas);
  });

  it.each([
    { scenario: 'no --replicas', args: ['scale', 'deploy/scaled'], stderr: 'error: The --replicas=COUNT flag is required' },
    { scenario: 'a kind without scale', args: ['scale', 'pod/x', '--replicas=1'], stderr: 'error: cannot scale pod' },
    { scenario: 'a missing object', args: ['scale', 'deploy/none', '--replicas=1'], stderr: 'Error from server (NotFound)' },
  ])('fails on $scenario', async ({ args, stderr }) => {
    const r = await cli.tug(args);
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith(stderr)).toBe(true);
  });
});

describe('tug version and logs', () => {
  it('prints client and server versions', async () => {
    const r = await cli.tug(['version']);
    expect(r.stdout).toMatch(/^Client Version: v\d+\.\d+\.\d+\nServer Version: v1\.32\./);
  });

  it('logs of an unscheduled pod is a server error, not a crash', async () => {
    await cli.api.client.create(makePod('nolog').build());
    const r = await cli.tug(['logs', 'nolog']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error from server \(\w+\): /);
  });

  it('logs deploy/NAME with no pods says so', async () => {
    await cli.api.client.create(makeDeployment('empty').build());
    expect(await cli.tug(['logs', 'deploy/empty'])).toMatchObject({ code: 1, stderr: 'error: no pods found for deployment.apps/empty (selector app=empty)\n' });
  });
});
