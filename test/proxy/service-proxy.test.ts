/**
 * The service proxy end to end without Docker: an in-process API server and controller manager,
 * "pods" whose status carries loopback addresses where this test runs real HTTP servers, and the
 * proxy forwarding clusterIP:port and 127.0.0.1:nodePort to them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Pod, Service } from '../../api/types.js';
import { createServiceProxy, type ServiceProxy } from '../../proxy/service-proxy.js';
import { startHarness, type Harness } from '../controllers/harness.js';
import { waitFor } from '../support/wait.js';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
// Pod addresses this test owns: an unusual range so nothing else on the machine holds them.
const POD_IPS = ['127.201.0.2', '127.201.0.3'];
let h: Harness;
let proxy: ServiceProxy;
const servers: http.Server[] = [];

async function backend(ip: string): Promise<number> {
  const server = http.createServer((req, res) => { res.end(`pod ${ip} ${req.url ?? ''}`); });
  await new Promise<void>((resolve) => server.listen(0, ip, resolve));
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

async function pod(name: string, ip: string, port: number, ready = true): Promise<void> {
  const p = await h.client.create<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'x:1', ports: [{ name: 'http', containerPort: port }] }] } });
  await setReady(p, ip, ready);
}
async function setReady(p: Pod, ip: string, ready: boolean): Promise<void> {
  const fresh = await h.client.get<Pod>('Pod', 'default', p.metadata.name ?? '');
  await h.client.updateStatus<Pod>({ ...fresh, status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } });
}
/** One request on a new connection (the proxy balances connections, not requests). */
function get(host: string, port: number, path = '/'): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path, agent: false, timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

beforeAll(async () => {
  h = await startHarness();
  proxy = createServiceProxy({ client: h.client, logger });
  await proxy.start();
});
afterAll(async () => {
  await proxy.stop();
  await h.close();
  for (const s of servers) { s.closeAllConnections(); s.close(); }
});

describe('service proxy', () => {
  it('forwards clusterIP:port and 127.0.0.1:nodePort to the ready pods, round robin, by targetPort name', async () => {
    // Both "pods" serve on the same port number, as replicas do (each has its own address).
    const port = await backend(POD_IPS[0] ?? '');
    await new Promise<void>((resolve) => { const s = http.createServer((req, res) => res.end(`pod ${POD_IPS[1] ?? ''} ${req.url ?? ''}`)); servers.push(s); s.listen(port, POD_IPS[1], resolve); });
    await pod('a', POD_IPS[0] ?? '', port);
    await pod('b', POD_IPS[1] ?? '', port);
    const svc = await h.client.create<Service>({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
    const clusterIP = svc.spec.clusterIP ?? '';
    const nodePort = svc.spec.ports?.[0]?.nodePort ?? 0;
    await waitFor(() => proxy.listening().has(`${clusterIP}:80`) && proxy.listening().has(`127.0.0.1:${nodePort}`), { message: 'listeners open' });
    const seen = new Set<string>();
    await waitFor(async () => { seen.add(await get(clusterIP, 80, '/x')); return seen.size === 2; }, { message: 'both pods answer through the ClusterIP' });
    expect([...seen].sort()).toEqual([`pod ${POD_IPS[0] ?? ''} /x`, `pod ${POD_IPS[1] ?? ''} /x`]);
    expect(await get('127.0.0.1', nodePort, '/n')).toMatch(/^pod 127\.201\.0\.[23] \/n$/);

    // b not ready: only a answers, within a few watch round trips.
    const b = await h.client.get<Pod>('Pod', 'default', 'b');
    await setReady(b, POD_IPS[1] ?? '', false);
    await waitFor(async () => {
      const answers = await Promise.all([1, 2, 3, 4].map(() => get(clusterIP, 80)));
      return answers.every((a) => a.startsWith(`pod ${POD_IPS[0] ?? ''}`));
    }, { message: 'traffic only to a' });

    // A pod that refuses connections (its server gone) while still listed: the proxy tries the other.
    await setReady(b, POD_IPS[1] ?? '', true);
    await waitFor(async () => (await Promise.all([1, 2, 3, 4].map(() => get(clusterIP, 80)))).some((a) => a.includes(POD_IPS[1] ?? '')), { message: 'b back' });
    const first = servers[0];
    first?.closeAllConnections();
    await new Promise<void>((resolve) => first?.close(() => resolve()));
    const answers = await Promise.all(Array.from({ length: 10 }, () => get(clusterIP, 80)));
    expect(answers.every((a) => a.startsWith(`pod ${POD_IPS[1] ?? ''}`))).toBe(true);
  });

  it('closes the listeners of a deleted Service, and says when it cannot listen', async () => {
    const svc = await h.client.create<Service>({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'gone', namespace: 'default' }, spec: { selector: { app: 'none' }, ports: [{ port: 81 }] } });
    const key = `${svc.spec.clusterIP ?? ''}:81`;
    await waitFor(() => proxy.listening().has(key), { message: 'listener open' });
    // Nothing ready: a connection is closed at once, not left hanging.
    await expect(get(svc.spec.clusterIP ?? '', 81)).rejects.toThrow();
    await h.client.delete('Service', 'default', 'gone');
    await waitFor(() => !proxy.listening().has(key), { message: 'listener closed' });

    // Something else already listens on the NodePort: the proxy reports it and keeps the rest working.
    const blocker = http.createServer();
    let nodePort = 0;
    for (let p = 32700; p <= 32767 && !nodePort; p++) {
      nodePort = await new Promise<number>((resolve) => { blocker.once('error', () => resolve(0)); blocker.listen(p, '127.0.0.1', () => resolve(p)); });
    }
    expect(nodePort).toBeGreaterThan(0);
    try {
      const np = await h.client.create<Service>({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'clash', namespace: 'default' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 82, nodePort }] } });
      await waitFor(() => proxy.failing().has(`127.0.0.1:${nodePort}`), { message: 'the clash is reported' });
      expect(proxy.failing().get(`127.0.0.1:${nodePort}`)).toMatch(/EADDRINUSE/);
      expect(proxy.listening().has(`${np.spec.clusterIP ?? ''}:82`)).toBe(true);
    } finally { blocker.close(); }
  });
});
