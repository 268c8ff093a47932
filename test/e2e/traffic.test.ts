/**
 * Traffic on the real cluster (`npm start` as a child process, real Docker, real kubectl): pod
 * addresses, Services (ClusterIP, NodePort), Endpoints and the ingress proxy, as issue 5's
 * acceptance list says. manifests/echo.yaml is the app.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoints, Event, Pod, Service } from '../../api/types.js';
import { buildTestImages, removeContainersByLabel, requireDocker } from '../support/docker.js';
import { kubectl, startClusterProcess, tug, type ClusterProcess, type CommandResult } from '../support/cluster-process.js';
import { waitFor } from '../support/wait.js';

const run = randomBytes(3).toString('hex');
const ns = `traffic-${run}`;
let cluster: ClusterProcess;
let ingressPort = 0;

async function ok(args: string[], timeoutMs?: number): Promise<CommandResult> {
  const res = await kubectl(cluster, args, timeoutMs);
  if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${res.code}: ${res.stderr}${res.stdout}`);
  return res;
}

interface Answer { status: number; body: string }

/** One GET on its own connection (so round robin and retries are per request). */
function get(host: string, port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path, headers, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${host}:${port}${path} timed out`)));
    req.on('error', reject);
  });
}
const viaIngress = (path: string, host = 'echo.test', headers: Record<string, string> = {}): Promise<Answer> => get('127.0.0.1', ingressPort, path, { host, ...headers });
const hostOf = (body: string): string => /host=(\S+)/.exec(body)?.[1] ?? '';

const readyPods = async (app: string): Promise<Pod[]> => (await cluster.client.list<Pod>('Pod', ns, { labelSelector: `app=${app}` })).items
  .filter((p) => !p.metadata.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
const readyAddresses = async (): Promise<string[]> => {
  const ep = await cluster.client.get<Endpoints>('Endpoints', ns, 'echo').catch(() => undefined);
  return (ep?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort();
};

beforeAll(async () => {
  await requireDocker();
  await buildTestImages();
  cluster = await startClusterProcess({ nodes: 3, nodePrefix: `t${run}-`, extraArgs: ['--ingress-header-timeout', '2'] });
  ingressPort = Number(new URL(cluster.ingressUrl).port);
  await ok(['create', 'namespace', ns]);
  const file = join(cluster.dataDir, 'echo.yaml');
  writeFileSync(file, readFileSync(join(import.meta.dirname, '..', '..', 'manifests', 'echo.yaml'), 'utf8'));
  await ok(['apply', '-n', ns, '-f', file]);
  await ok(['rollout', 'status', 'deploy/echo', '-n', ns, '--timeout=90s'], 100_000);
  await ok(['rollout', 'status', 'deploy/echo-v2', '-n', ns, '--timeout=90s'], 100_000);
});

afterAll(async () => {
  await cluster?.stop();
  await removeContainersByLabel('tugboat.io/pod-namespace', ns);
});

describe('traffic on the real cluster', () => {
  it('gives every pod its own loopback address answering on :8080, lists them in Endpoints, and serves the ClusterIP and a NodePort', async () => {
    const pods = await readyPods('echo');
    expect(pods).toHaveLength(3);
    const ips = pods.map((p) => p.status?.podIP ?? '');
    expect(new Set(ips).size).toBe(3);
    for (const ip of ips) {
      expect(ip).toMatch(/^127\.\d+\.\d+\.\d+$/);
      expect(ip).not.toBe('127.0.0.1');
      const direct = await get(ip, 8080, '/direct');
      expect(direct.body).toMatch(/^app=echo version=v1 host=echo-\S+ path=\/direct\n$/);
    }
    await waitFor(async () => (await readyAddresses()).join() === [...ips].sort().join(), { timeoutMs: 10_000, message: 'Endpoints list the 3 pods' });
    const table = await ok(['get', 'endpoints', 'echo', '-n', ns]);
    for (const ip of ips) expect(table.stdout).toContain(`${ip}:8080`);

    const svc = await cluster.client.get<Service>('Service', ns, 'echo');
    expect((await get(svc.spec.clusterIP ?? '', 80, '/cluster-ip')).body).toMatch(/path=\/cluster-ip/);
    await ok(['expose', 'deployment', 'echo', '-n', ns, '--name', 'echo-np', '--type', 'NodePort', '--port', '8080']);
    const np = await cluster.client.get<Service>('Service', ns, 'echo-np');
    const nodePort = np.spec.ports?.[0]?.nodePort ?? 0;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    await waitFor(async () => (await get('127.0.0.1', nodePort, '/node-port').catch(() => ({ status: 0, body: '' }))).status === 200, { timeoutMs: 10_000, message: 'the NodePort answers' });
  });

  it('300 requests through the ingress with Host echo.test: all 200, all 3 pods reached', async () => {
    const hosts = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const a = await viaIngress(`/r${i}`);
      expect(a.status).toBe(200);
      hosts.set(hostOf(a.body), (hosts.get(hostOf(a.body)) ?? 0) + 1);
    }
    expect(hosts.size).toBe(3);
    const ing = await ok(['get', 'ingress', 'echo', '-n', ns]);
    expect(ing.stdout).toMatch(/echo\s+tugboat\s+echo\.test\s+127\.0\.0\.1\s+80/);
  });

  it('tug ingress runs another ingress proxy as its own process, serving the same Ingresses', async () => {
    const port = await new Promise<number>((resolve) => { const srv = net.createServer().listen(0, '127.0.0.1', () => { const p = (srv.address() as net.AddressInfo).port; srv.close(() => resolve(p)); }); });
    const child = spawn(process.execPath, ['dist/cli/main.js', 'ingress', '--port', String(port)], { env: { ...process.env, KUBECONFIG: cluster.kubeconfig, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      await waitFor(async () => (await get('127.0.0.1', port, '/own', { host: 'echo.test' }).catch(() => ({ status: 0, body: '' }))).status === 200, { timeoutMs: 15_000, message: 'the second proxy answers' });
      expect((await get('127.0.0.1', port, '/v2/own', { host: 'echo.test' })).body).toMatch(/version=v2/);
    } finally {
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => { if (child.exitCode !== null) resolve(); else child.once('exit', () => resolve()); });
    }
  });

  it('kubectl and tug show Services, Endpoints, EndpointSlices and Ingresses as kubectl does', async () => {
    const svc = await ok(['get', 'svc', 'echo', '-n', ns]);
    expect(svc.stdout).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE/);
    expect(svc.stdout).toMatch(/echo\s+ClusterIP\s+127\.(9[6-9]|10\d|11[01])\.\d+\.\d+\s+<none>\s+80\/TCP/);
    const slices = await ok(['get', 'endpointslices', '-n', ns, '-l', 'kubernetes.io/service-name=echo']);
    expect(slices.stdout).toMatch(/echo-\S+\s+IPv4\s+8080\s+127\.\d+\.\d+\.\d+,127\.\d+\.\d+\.\d+,127\.\d+\.\d+\.\d+/);
    const dsvc = await ok(['describe', 'svc', 'echo', '-n', ns]);
    expect(dsvc.stdout).toMatch(/^Endpoints:\s+127\.\d+\.\d+\.\d+:8080,127\.\d+\.\d+\.\d+:8080,127\.\d+\.\d+\.\d+:8080$/m);
    const ding = await ok(['describe', 'ingress', 'echo', '-n', ns]);
    expect(ding.stdout).toMatch(/^Address:\s+127\.0\.0\.1$/m);
    expect(ding.stdout).toMatch(/\/v2\s+echo-v2:http \(127\.\d+\.\d+\.\d+:8080\)/);
    const tugSvc = await tug(cluster, ['get', 'svc', 'echo', '-n', ns]);
    const age = (t: string): string => t.replace(/\b\d+(m\d+)?s\b|\b\d+m\b/g, '<age>');
    expect(age(tugSvc.stdout)).toBe(age(svc.stdout));
    const tugIng = await tug(cluster, ['describe', 'ingress', 'echo', '-n', ns]);
    expect(tugIng.stdout).toMatch(/\/v2\s+echo-v2:http \(127\.\d+\.\d+\.\d+:8080\)/);
  });

  it('routes by longest prefix, 404s an unknown host, 503s with no replicas and recovers', async () => {
    expect((await viaIngress('/v2/x')).body).toMatch(/version=v2 .*path=\/v2\/x/);
    expect((await viaIngress('/v2')).body).toMatch(/version=v2/);
    expect((await viaIngress('/v2x')).body).toMatch(/version=v1/);
    expect((await viaIngress('/')).body).toMatch(/version=v1/);
    const unknown = await viaIngress('/', 'nope.test');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatch(/nope\.test/);

    await ok(['scale', 'deploy/echo', '-n', ns, '--replicas=0']);
    await waitFor(async () => (await viaIngress('/')).status === 503, { timeoutMs: 20_000, message: '503 once no replica is left' });
    expect((await viaIngress('/')).body).toMatch(/no ready endpoints/);
    await ok(['scale', 'deploy/echo', '-n', ns, '--replicas=3']);
    await ok(['rollout', 'status', 'deploy/echo', '-n', ns, '--timeout=60s'], 70_000);
    await waitFor(async () => (await viaIngress('/')).status === 200, { timeoutMs: 20_000, message: '200 again' });
  });

  it('a stream of GETs sees no failure while a backend pod is deleted, and the pod leaves the Endpoints', async () => {
    await waitFor(async () => (await readyAddresses()).length === 3, { timeoutMs: 20_000, message: '3 ready endpoints' });
    const victim = (await readyPods('echo'))[0];
    const victimIp = victim?.status?.podIP ?? '';
    let stop = false;
    const failures: string[] = [];
    let sent = 0;
    const stream = (async () => {
      while (!stop) {
        sent++;
        const a = await viaIngress('/stream').catch((err: unknown) => ({ status: 0, body: String(err) }));
        if (a.status !== 200) failures.push(`${a.status} ${a.body}`);
      }
    })();
    await waitFor(() => sent > 20, { message: 'the stream runs' });
    await ok(['delete', 'pod', victim?.metadata.name ?? '', '-n', ns, '--wait=false']);
    await waitFor(async () => !(await readyAddresses()).includes(victimIp), { timeoutMs: 10_000, message: 'the pod left the Endpoints' });
    const after = sent;
    await waitFor(() => sent > after + 50, { message: 'the stream ran on' });
    stop = true;
    await stream;
    expect(failures).toEqual([]);
  });

  it('bad input: a missing Service is a 503 with an Event, invalid Ingresses are 422 with field paths, hostile requests never stop the proxy', async () => {
    const missing = join(cluster.dataDir, 'missing.yaml');
    writeFileSync(missing, `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: missing }
spec:
  rules:
    - host: missing.test
      http: { paths: [ { path: /, pathType: Prefix, backend: { service: { name: nosuch, port: { number: 80 } } } } ] }
`);
    await ok(['apply', '-n', ns, '-f', missing]);
    await waitFor(async () => (await viaIngress('/', 'missing.test')).status === 503, { timeoutMs: 10_000, message: '503 for a missing Service' });
    await waitFor(async () => (await cluster.client.list<Event>('Event', ns, { fieldSelector: 'involvedObject.name=missing' })).items.some((e) => e.reason === 'ServiceNotFound' && /nosuch/.test(e.message ?? '')), { timeoutMs: 10_000, message: 'an Event says why' });

    const bad = join(cluster.dataDir, 'bad.yaml');
    writeFileSync(bad, `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: bad }
spec:
  rules:
    - host: Bad_Host
      http: { paths: [ { path: /, pathType: Regex, backend: { service: { name: echo, port: { number: 80 } } } } ] }
`);
    const refused = await kubectl(cluster, ['apply', '-n', ns, '-f', bad]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/is invalid/);
    expect(refused.stderr).toMatch(/spec\.rules\[0\]\.host/);
    expect(refused.stderr).toMatch(/spec\.rules\[0\]\.http\.paths\[0\]\.pathType/);

    const big = await viaIngress('/', 'echo.test', { 'x-big': 'a'.repeat(100 * 1024) }).catch((err: unknown) => ({ status: 0, body: String(err) }));
    expect(big.status).toBe(431);

    // A client that sends its headers slowly is cut off by the header timeout (2 s here).
    const started = Date.now();
    const closed = await new Promise<string>((resolve) => {
      const s = net.connect(ingressPort, '127.0.0.1', () => s.write('GET / HTTP/1.1\r\nHost: echo.test\r\n'));
      const drip = setInterval(() => { if (!s.destroyed) s.write('X-Slow: 1\r\n'); }, 500);
      let got = '';
      s.on('data', (c: Buffer) => { got += c.toString(); });
      s.on('close', () => { clearInterval(drip); resolve(got); });
      s.on('error', () => undefined);
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(closed === '' || closed.startsWith('HTTP/1.1 408')).toBe(true);

    const hostile = ['\x00\x01\x02garbage\r\n\r\n', 'GET / HTTP/1.1\r\nHost: echo.test\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n', 'GET /\r\n\r\n', 'GET / HTTP/1.1\r\nHost: echo.test\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'];
    for (const raw of hostile) {
      await new Promise<void>((resolve) => {
        const s = net.connect(ingressPort, '127.0.0.1', () => s.end(raw));
        s.on('data', () => undefined);
        s.on('close', () => resolve());
        s.on('error', () => resolve());
      });
    }
    expect((await viaIngress('/still')).status).toBe(200);
  });
});
