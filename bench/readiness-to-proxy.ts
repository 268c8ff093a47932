/**
 * Readiness change -> the proxies stop sending there. A pod's Ready condition flips to False (the
 * agent's status write); we time how long until (1) its Endpoints no longer list it and (2) the
 * ingress proxy's route table no longer sends to it. The API server, controller manager and the
 * ingress proxy run in this process on the memory store; the "pods" are
 * HTTP servers on loopback addresses, so only the control plane is measured (add the readiness
 * probe's period, 1 s in manifests/echo.yaml, for the end-to-end figure). The baseline is the
 * budget the issue sets: ~100 ms.
 *
 * Run: npm run build && node dist/bench/readiness-to-proxy.js   (about 10 s)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { buildApiServer, bootstrapCluster } from '../apiserver/app.js';
import { createMemoryStore } from '../apiserver/storage/memory.js';
import type { Endpoints, Ingress, Pod, Service } from '../api/types.js';
import { ApiClient } from '../client/client.js';
import { createControllerManager } from '../controllers/manager.js';
import { createIngressController } from '../ingress/controller.js';
import { matchRoute } from '../ingress/router.js';

const TRIALS = 20;
const BUDGET_MS = 100;
const IPS = ['127.203.0.2', '127.203.0.3', '127.203.0.4'];
const logger = pino({ level: 'silent' });

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const store = createMemoryStore();
  await bootstrapCluster(store);
  const api = http.createServer(buildApiServer({ store, logger, token: 't' }));
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  const client = (): ApiClient => new ApiClient({ server: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, token: 't' });
  const c = client();
  const manager = createControllerManager({ client: client(), logger });
  const ingress = createIngressController({ client: client(), logger });
  await manager.start();
  await ingress.start(0, '127.0.0.1');

  const backends = await Promise.all(IPS.map(async (ip) => {
    const s = http.createServer((_req, res) => res.end(ip));
    await new Promise<void>((r) => s.listen(18700, ip, r));
    return s;
  }));
  await c.create<Service>({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 18700 }] } });
  await c.create<Ingress>({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'default' }, spec: { rules: [{ host: 'bench.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } });
  const setReady = async (i: number, ready: boolean): Promise<void> => {
    const name = `web-${i}`;
    const pod = await c.get<Pod>('Pod', 'default', name).catch(() => c.create<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'x:1' }] } }));
    await c.updateStatus<Pod>({ ...pod, status: { phase: 'Running', podIP: IPS[i], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } });
  };
  for (let i = 0; i < IPS.length; i++) await setReady(i, true);
  const inIngress = (ip: string): boolean => (matchRoute(ingress.table(), 'bench.test', '/')?.groups[0]?.backend.endpoints ?? []).some((e) => e.key === `${ip}:18700`);
  const inEndpoints = async (ip: string): Promise<boolean> => ((await c.get<Endpoints>('Endpoints', 'default', 'web').catch(() => undefined))?.subsets ?? []).some((s) => s.addresses?.some((a) => a.ip === ip));
  await until(() => IPS.every(inIngress));

  const endpointsMs: number[] = [];
  const ingressMs: number[] = [];
  for (let t = 0; t < TRIALS; t++) {
    const victim = t % IPS.length;
    const ip = IPS[victim] ?? '';
    const t0 = performance.now();
    await setReady(victim, false);
    let endpointsAt = 0;
    let ingressAt = 0;
    await until(async () => {
      if (!ingressAt && !inIngress(ip)) ingressAt = performance.now();
      if (!endpointsAt && !(await inEndpoints(ip))) endpointsAt = performance.now();
      return ingressAt > 0 && endpointsAt > 0;
    });
    endpointsMs.push(endpointsAt - t0);
    ingressMs.push(ingressAt - t0);
    await setReady(victim, true);
    await until(() => inIngress(ip));
  }
  const row = (name: string, v: number[]): string => `${name.padEnd(34)} p50 ${percentile(v, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(v, 99).toFixed(1).padStart(6)} ms   max ${Math.max(...v).toFixed(1).padStart(6)} ms   vs ${BUDGET_MS} ms budget: ${(percentile(v, 99) / BUDGET_MS).toFixed(2)}x`;
  process.stdout.write(`readiness False -> out of rotation, ${TRIALS} trials (control plane only; the readiness probe period comes on top)\n`);
  process.stdout.write(`${row('Endpoints object updated', endpointsMs)}\n${row('ingress proxy stops routing there', ingressMs)}\n`);

  await ingress.stop();
  manager.stop();
  for (const s of backends) s.close();
  api.closeAllConnections();
  api.close();
  c.close();
}

await main();
