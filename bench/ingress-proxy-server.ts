/**
 * Entry point the ingress benchmark runs as a child process: Tugboat's ingress proxy with a static
 * route table (one Ingress, "bench.local" and any host, every path) in front of the given backends.
 *
 *   node dist/bench/ingress-proxy-server.js <listen-port> <backend-ip:port>[,<ip:port>...]
 *
 * Prints one line, `listening <port>`, once it accepts connections. On SIGUSR2 it prints
 * `stats {json}`: the proxy's counters plus garbage-collection counts and pause time so far (the
 * benchmark diffs two readings for its allocation hint). Set INGRESS_ACCESS_LOG=1 for an access log
 * line per request (to measure its cost).
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import pino from 'pino';
import type { EndpointSlice, Ingress, IngressClass, Service } from '../api/types.js';
import { createBackendRegistry } from '../ingress/backend-registry.js';
import { createIngressProxy } from '../ingress/proxy.js';
import { buildRouteTable } from '../ingress/router.js';

function snapshot(backends: { ip: string; port: number }[]): Parameters<typeof buildRouteTable>[0] {
  const meta = (name: string) => ({ name, namespace: 'bench', creationTimestamp: '2024-01-01T00:00:00Z' });
  const ingressClass: IngressClass = {
    apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'tugboat' },
    spec: { controller: 'tugboat.io/ingress-controller' },
  };
  const backend = { service: { name: 'web', port: { number: 80 } } };
  const ingress: Ingress = {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta('web'),
    spec: { ingressClassName: 'tugboat', rules: [{ host: 'bench.local', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }, { http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] },
  };
  const service: Service = { apiVersion: 'v1', kind: 'Service', metadata: meta('web'), spec: { ports: [{ port: 80 }] } };
  const slices: EndpointSlice[] = backends.map((b, i) => ({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { ...meta(`web-${i}`), labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4', endpoints: [{ addresses: [b.ip], conditions: { ready: true } }], ports: [{ port: b.port }],
  }));
  return { ingresses: [ingress], ingressClasses: [ingressClass], services: [service], endpointSlices: slices };
}

async function main(): Promise<void> {
  const listenPort = Number(process.argv[2] ?? 0);
  const backends = (process.argv[3] ?? '').split(',').filter(Boolean).map((s) => {
    const i = s.lastIndexOf(':');
    return { ip: s.slice(0, i), port: Number(s.slice(i + 1)) };
  });
  if (backends.length === 0) throw new Error('usage: ingress-proxy-server <listen-port> <backend-ip:port>[,...]');
  const accessLog = process.env.INGRESS_ACCESS_LOG === '1';
  const logger = pino({ level: process.env.LOG_LEVEL ?? (accessLog ? 'info' : 'warn') });
  const table = buildRouteTable(snapshot(backends), { className: 'tugboat', controllerName: 'tugboat.io/ingress-controller', registry: createBackendRegistry() });
  const proxy = createIngressProxy({
    routes: () => table,
    logger,
    accessLog: { sampleRatio: accessLog ? 1 : 0 },
  });
  const gc = { minor: 0, major: 0, pauseMs: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const detail: unknown = 'detail' in e ? e.detail : undefined;
      const kind = typeof detail === 'object' && detail !== null && 'kind' in detail ? detail.kind : undefined;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minor++; else gc.major++;
      gc.pauseMs += e.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('SIGUSR2', () => {
    process.stdout.write(`stats ${JSON.stringify({ ...proxy.stats(), gc, heapUsed: process.memoryUsage().heapUsed })}\n`);
  });
  const { port } = await proxy.listen(listenPort, '127.0.0.1');
  process.stdout.write(`listening ${port}\n`);
  const stop = (): void => { void proxy.close().then(() => process.exit(0)); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
