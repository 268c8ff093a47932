/**
 * One TCP listener of the service proxy (kube-proxy's userspace mode): accepts on host:port and
 * splices each connection to a ready endpoint picked round robin. A connect that fails (refused,
 * timed out) before any byte moved is tried on the next endpoint, and that endpoint sits out for a
 * while; a client is only turned away when every endpoint failed or there is none.
 */
import net from 'node:net';
import type { Logger } from 'pino';
import type { ServiceEndpoint } from '../client/service-endpoints.js';

/** Timeouts and limits of a listener. */
export interface ListenerLimits {
  /** Give up on one endpoint's connect after this long; default 3 s. */
  connectTimeoutMs: number;
  /** Close a spliced connection idle in both directions for this long; default 1 h. */
  idleTimeoutMs: number;
  /** An endpoint whose connect failed is skipped this long (unless all are); default 5 s. */
  failureHoldMs: number;
  /** Concurrent connections per listener; default 10000. */
  maxConnections: number;
}

export const DEFAULT_LIMITS: ListenerLimits = { connectTimeoutMs: 3000, idleTimeoutMs: 3_600_000, failureHoldMs: 5000, maxConnections: 10_000 };

/** Counters a listener keeps (tests and logs). */
export interface ListenerStats { accepted: number; forwarded: number; retries: number; rejected: number }

/** A listener whose endpoints can be swapped while it runs. */
export interface ServiceListener {
  readonly stats: ListenerStats;
  setEndpoints(endpoints: readonly ServiceEndpoint[]): void;
  /** Stops accepting; connections in flight carry on unless `cut` (shutdown), which destroys them. */
  close(cut?: boolean): Promise<void>;
}

/** Listens on host:port; rejects with the listen error (EADDRINUSE, EADDRNOTAVAIL...). */
export async function openListener(
  target: { host: string; port: number; servicePort: string }, endpoints: readonly ServiceEndpoint[], log: Logger, limits: ListenerLimits = DEFAULT_LIMITS, now: () => number = Date.now,
): Promise<ServiceListener> {
  let current: readonly ServiceEndpoint[] = endpoints;
  let next = 0;
  const failedUntil = new Map<string, number>();
  const stats: ListenerStats = { accepted: 0, forwarded: 0, retries: 0, rejected: 0 };

  /** The next endpoint round robin, skipping held-out ones and those tried for this connection. */
  function pick(tried: ReadonlySet<string>): ServiceEndpoint | undefined {
    const n = current.length;
    const t = now();
    let fallback: ServiceEndpoint | undefined;
    for (let i = 0; i < n; i++) {
      const ep = current[(next + i) % n];
      if (!ep) continue;
      const key = `${ep.ip}:${ep.port}`;
      if (tried.has(key)) continue;
      if ((failedUntil.get(key) ?? 0) > t) { fallback ??= ep; continue; }
      next = (next + i + 1) % n;
      return ep;
    }
    return fallback;
  }

  function splice(client: net.Socket, tried: Set<string>): void {
    const ep = pick(tried);
    if (!ep) {
      stats.rejected++;
      log.debug({ service: target.servicePort }, 'no ready endpoint: connection closed');
      client.destroy();
      return;
    }
    const key = `${ep.ip}:${ep.port}`;
    tried.add(key);
    const upstream = net.connect({ host: ep.ip, port: ep.port });
    upstream.setTimeout(limits.connectTimeoutMs);
    const failed = (err?: Error): void => {
      upstream.destroy();
      failedUntil.set(key, now() + limits.failureHoldMs);
      if (client.destroyed) return;
      stats.retries++;
      log.debug({ service: target.servicePort, endpoint: key, err: err?.message }, 'endpoint connect failed; trying another');
      splice(client, tried);
    };
    upstream.once('timeout', () => failed(new Error('connect timeout')));
    upstream.once('error', failed);
    upstream.once('connect', () => {
      upstream.removeAllListeners('timeout');
      upstream.removeListener('error', failed);
      failedUntil.delete(key);
      stats.forwarded++;
      const end = (): void => { client.destroy(); upstream.destroy(); };
      upstream.on('error', end);
      client.on('error', end);
      // A side that closes without a clean end (destroyed, reset) takes the other with it.
      client.once('close', end);
      upstream.once('close', end);
      for (const s of [client, upstream]) { s.setTimeout(limits.idleTimeoutMs); s.on('timeout', end); }
      upstream.pipe(client);
      client.pipe(upstream);
      client.resume();
    });
  }

  const clients = new Set<net.Socket>();
  const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true }, (client) => {
    stats.accepted++;
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => client.destroy());
    splice(client, new Set());
  });
  server.maxConnections = limits.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(target.port, target.host, () => { server.off('error', reject); resolve(); });
  });
  server.on('error', (err) => log.warn({ err, service: target.servicePort }, 'listener error'));
  return {
    stats,
    setEndpoints(eps) {
      current = eps;
      next = eps.length ? next % eps.length : 0;
      for (const k of failedUntil.keys()) if (!eps.some((e) => `${e.ip}:${e.port}` === k)) failedUntil.delete(k);
    },
    close(cut = false) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (!cut) return Promise.resolve(); // server.close() resolves only when the last connection ends
      for (const c of clients) c.destroy();
      return closed;
    },
  };
}
