/**
 * Real sockets for proxy tests: node:http and raw net backends on 127.0.0.1 ephemeral ports, a proxy
 * in front of them with a route table built from fixtures, and a raw client that reads responses
 * with their framing (so keep-alive and pipelining can be checked byte for byte).
 */
import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import pino from 'pino';
import { createBackendRegistry, type BackendRegistry } from '../../ingress/backend-registry.js';
import { createIngressProxy, type IngressProxy, type ProxyLimits } from '../../ingress/proxy.js';
import type { RouteTable } from '../../ingress/route-table.js';
import { buildRouteTable } from '../../ingress/router.js';
import type { IngressProxyDeps } from '../../ingress/proxy/context.js';
import { OPTS, makeIngress, makeService, makeSlice, snapshot } from './fixtures.js';

export const LOOPBACK = '127.0.0.1';

/** A node:http backend that counts the TCP connections it accepted. */
export interface TestBackend {
  port: number;
  server: http.Server;
  connections: number;
  close(): Promise<void>;
}

export async function startBackend(handler: http.RequestListener): Promise<TestBackend> {
  const server = http.createServer({ keepAliveTimeout: 10_000 }, handler);
  const b: TestBackend = {
    port: 0,
    server,
    connections: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on('connection', () => { b.connections++; });
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  b.port = (server.address() as net.AddressInfo).port;
  return b;
}

/** A raw TCP backend: `onConnection` gets each socket. */
export async function startRawBackend(onConnection: (s: net.Socket) => void): Promise<{ port: number; close(): Promise<void>; sockets: Set<net.Socket> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    onConnection(s);
  });
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    sockets,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on (bound then released). */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  s.listen(0, LOOPBACK);
  await once(s, 'listening');
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** One rule per entry: host ('' = any) + Prefix path -> service, whose endpoints are 127.0.0.1 at `ports`. */
export interface TestRoute { host: string; path: string; pathType?: string; service: string; ports: number[] }

export function tableFor(routes: TestRoute[], registry: BackendRegistry): RouteTable {
  let ing = makeIngress('web');
  const services = new Map<string, number[]>();
  for (const r of routes) {
    ing = ing.rule(r.host, r.path, r.pathType ?? 'Prefix', r.service, 80);
    services.set(r.service, r.ports);
  }
  return buildRouteTable(snapshot({
    ingresses: [ing.build()],
    services: [...services.keys()].map((s) => makeService(s).port(80).build()),
    endpointSlices: [...services].flatMap(([s, ports]) => ports.map((p, i) => makeSlice(s, `${s}-${i}`).port(p).endpoint(LOOPBACK).build())),
  }), { ...OPTS, registry });
}

/** A running proxy whose table the test can swap. */
export interface TestProxy {
  port: number;
  proxy: IngressProxy;
  registry: BackendRegistry;
  setRoutes(routes: TestRoute[]): void;
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startProxy(routes: TestRoute[], limits: Partial<ProxyLimits> = {}, extra: Partial<IngressProxyDeps> = {}): Promise<TestProxy> {
  const registry = createBackendRegistry();
  let table = tableFor(routes, registry);
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => { logs.push(JSON.parse(line) as Record<string, unknown>); } });
  const proxy = createIngressProxy({ routes: () => table, logger, limits, ...extra });
  const { port } = await proxy.listen(0, LOOPBACK);
  return {
    port, proxy, registry, logs,
    setRoutes: (r) => { table = tableFor(r, registry); },
    close: () => proxy.close(),
  };
}

/** A parsed response as the raw client saw it. */
export interface RawResponse { status: number; headers: Record<string, string>; body: string; head: string }

/** A client on one raw TCP connection that parses responses itself. */
export class RawClient {
  readonly socket: net.Socket;
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  constructor(port: number) {
    this.socket = net.connect(port, LOOPBACK);
    this.socket.on('data', (d: Buffer) => { this.buf = Buffer.concat([this.buf, d]); this.wake(); });
    this.socket.on('close', () => { this.closed = true; this.wake(); });
    this.socket.on('error', () => undefined);
  }

  static async connect(port: number): Promise<RawClient> {
    const c = new RawClient(port);
    await once(c.socket, 'connect');
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private async more(timeoutMs: number): Promise<void> {
    if (this.closed) throw new Error(`connection closed; unread: ${JSON.stringify(this.buf.toString('latin1').slice(0, 200))}`);
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no data within ${timeoutMs} ms; unread: ${JSON.stringify(this.buf.toString('latin1').slice(0, 200))}`)), timeoutMs);
      this.waiters.push(() => { clearTimeout(t); resolve(); });
    });
  }

  send(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Reads one response; `isHead` for a HEAD request (no body). */
  async readResponse(isHead = false, timeoutMs = 3000): Promise<RawResponse> {
    let end: number;
    while ((end = this.buf.indexOf('\r\n\r\n')) < 0) await this.more(timeoutMs);
    const head = this.buf.toString('latin1', 0, end);
    const [statusLine, ...lines] = head.split('\r\n');
    const status = Number(statusLine!.split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const l of lines) { const i = l.indexOf(':'); headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim(); }
    let rest = end + 4;
    let body = '';
    const noBody = isHead || status < 200 || status === 204 || status === 304;
    if (noBody) {
      // nothing
    } else if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
      for (;;) {
        let lineEnd: number;
        while ((lineEnd = this.buf.indexOf('\r\n', rest)) < 0) await this.more(timeoutMs);
        const size = parseInt(this.buf.toString('latin1', rest, lineEnd), 16);
        while (this.buf.length < lineEnd + 2 + size + 2) await this.more(timeoutMs);
        body += this.buf.toString('latin1', lineEnd + 2, lineEnd + 2 + size);
        rest = lineEnd + 2 + size + 2;
        if (size === 0) break;
      }
    } else if (headers['content-length'] !== undefined) {
      const n = Number(headers['content-length']);
      while (this.buf.length < rest + n) await this.more(timeoutMs);
      body = this.buf.toString('latin1', rest, rest + n);
      rest += n;
    } else {
      while (!this.closed) await this.more(timeoutMs).catch(() => undefined);
      body = this.buf.toString('latin1', rest);
      rest = this.buf.length;
    }
    this.buf = this.buf.subarray(rest);
    return { status, headers, body, head };
  }

  /** Resolves once the proxy closed the connection. */
  async waitClosed(timeoutMs = 3000): Promise<void> {
    while (!this.closed) await this.more(timeoutMs).catch((err: unknown) => { if (!this.closed) throw err; });
  }

  /** Bytes received and not consumed by readResponse. */
  unread(): string {
    return this.buf.toString('latin1');
  }

  close(): void {
    this.socket.destroy();
  }
}

/** One request on a fresh connection with `Connection: close`; resolves with the response. */
export async function rawRequest(port: number, request: string, isHead = false): Promise<RawResponse> {
  const c = await RawClient.connect(port);
  try {
    c.send(request);
    return await c.readResponse(isHead);
  } finally {
    c.close();
  }
}

/** A GET through node:http with a keep-alive agent (so connections are reused). */
export function get(port: number, path: string, opts: { host?: string; agent?: http.Agent; headers?: Record<string, string>; method?: string } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: LOOPBACK, port, path, method: opts.method ?? 'GET', agent: opts.agent ?? false, headers: { host: opts.host ?? 'app.test', ...opts.headers } }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
