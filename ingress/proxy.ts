/**
 * The ingress proxy's data plane: an HTTP/1.x reverse proxy written directly on node:net, routing
 * each request by the current RouteTable to a ready endpoint over pooled keep-alive connections.
 *
 *   client ──▶ ClientConnection (head parse, body framing, pipelining, timeouts)
 *                 └▶ Exchange (route ▸ group ▸ endpoint, retry, response relay) ──▶ UpstreamPool ──▶ pod
 *
 * The controller glue builds tables with buildRouteTable (router.ts) and swaps them by changing what
 * deps.routes() returns; each request reads it once.
 */
import net from 'node:net';
import { ClientConnection } from './proxy/client-connection.js';
import { ConnectionSet } from './proxy/connection-set.js';
import { createContext, type IngressProxyDeps, type ProxyContext } from './proxy/context.js';
import type { ProxyStats } from './proxy/counters.js';

export type { IngressProxyDeps, ProxyLimits } from './proxy/context.js';
export type { ProxyStats } from './proxy/counters.js';

/** A running (or ready to run) ingress proxy. */
export interface IngressProxy {
  /** Starts accepting connections on host:port (port 0: an ephemeral one); resolves with the bound port. */
  listen(port: number, host: string): Promise<{ port: number }>;
  /** Stops accepting, cuts every client and backend connection, and resolves when the listener is closed. Idempotent. */
  close(): Promise<void>;
  /** A copy of the counters; the per-backend counters live on the registry's BackendState objects. */
  stats(): ProxyStats;
}

/** Sweep often enough for the shortest timeout to fire within about a quarter of itself. */
function sweepPeriodMs(ctx: ProxyContext): number {
  const l = ctx.limits;
  const shortest = Math.min(l.headersTimeoutMs, l.connectTimeoutMs, l.upstreamResponseTimeoutMs, l.idleTimeoutMs, l.upstreamIdleMs);
  return Math.max(5, Math.min(1000, Math.floor(shortest / 4)));
}

/** Checks every connection's deadlines and the pool's idle connections. */
function sweep(ctx: ProxyContext, connections: ConnectionSet): void {
  const now = ctx.now();
  const items = connections.items;
  for (let i = items.length - 1; i >= 0; i--) {
    const c = items[i];
    if (c === undefined) continue;
    if (c.deadline !== 0 && now >= c.deadline) c.onDeadline();
    if (c.exchange.deadline !== 0 && now >= c.exchange.deadline) c.exchange.onDeadline();
  }
  ctx.pool.sweep(now, ctx.limits.upstreamIdleMs, ctx.routes().endpoints);
}

/** Builds the proxy; nothing listens until listen() is called. */
export function createIngressProxy(deps: IngressProxyDeps): IngressProxy {
  const ctx = createContext(deps);
  const connections = new ConnectionSet();
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    new ClientConnection(socket, ctx, connections);
  });
  server.on('error', (err) => ctx.log.error({ err }, 'ingress proxy listener failed'));
  let timer: NodeJS.Timeout | null = null;
  let closing: Promise<void> | null = null;

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const onError = (err: Error): void => reject(err);
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          timer = setInterval(() => sweep(ctx, connections), sweepPeriodMs(ctx));
          timer.unref();
          const addr = server.address();
          const bound = typeof addr === 'object' && addr !== null ? addr.port : port;
          ctx.log.info({ host, port: bound }, 'ingress proxy listening');
          resolve({ port: bound });
        });
      });
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (timer !== null) clearInterval(timer);
        server.close(() => resolve());
        for (const c of [...connections.items]) c.destroy();
        ctx.pool.closeAll();
        if (!server.listening) resolve();
      });
      return closing;
    },
    stats() {
      return ctx.counters.snapshot(ctx.pool.size);
    },
  };
}
