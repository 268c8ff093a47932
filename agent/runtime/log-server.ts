/**
 * The agent's log endpoint (kubelet's /containerLogs), which the API server proxies pods/log to:
 *
 *   GET /containerLogs/<namespace>/<pod>/<container>?follow=&tailLines=&timestamps=&previous=
 *   Authorization: Bearer <node token>
 *
 * Listens on 127.0.0.1 only. Answers text/plain; a follow response is chunked, flushed at once,
 * and ends when the container stops or the client goes away. 401 without the token, 404 (plain
 * text) when the container does not exist.
 */
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { LABEL_CONTAINER_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE } from './labels.js';
import { restartCountOfLabels } from './naming.js';
import { ContainerNotFoundError, type ContainerRuntime, type ContainerSummary, type LogOptions } from './runtime.js';
import { listInScope } from './scope.js';

/** What the log server needs. */
export interface LogServerDeps {
  runtime: ContainerRuntime;
  nodeName: string;
  /** Only this cluster's containers are served (scope.ts). */
  clusterId: string;
  /** The bearer token callers must present. */
  token: string;
  /** 0 picks a free port. */
  port: number;
  log: Logger;
}

/** A listening log server. */
export interface LogServer {
  /** The port it listens on. */
  port(): number;
  /** Stops listening and drops open (following) connections. */
  close(): Promise<void>;
}

/** A parsed log request. */
export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  options: LogOptions;
  previous: boolean;
}

const PATH = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)\/?$/;

/** Parses the request URL; undefined when it is not a containerLogs path. Pure. */
export function parseLogRequest(url: string): LogRequest | undefined {
  const u = new URL(url, 'http://agent');
  const m = PATH.exec(u.pathname);
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  const q = u.searchParams;
  const tail = Number.parseInt(q.get('tailLines') ?? '', 10);
  return {
    namespace: decodeURIComponent(m[1]),
    pod: decodeURIComponent(m[2]),
    container: decodeURIComponent(m[3]),
    options: { follow: q.get('follow') === 'true', timestamps: q.get('timestamps') === 'true', ...(tail >= 0 ? { tailLines: tail } : {}) },
    previous: q.get('previous') === 'true',
  };
}

/** True when `header` is "Bearer <token>" (constant-time comparison). */
export function isAuthorized(header: string | undefined, token: string): boolean {
  const got = Buffer.from(header ?? '');
  const want = Buffer.from(`Bearer ${token}`);
  return token.length > 0 && got.length === want.length && timingSafeEqual(got, want);
}

/** The instance to read: the newest, or with `previous` the one before it. Pure. */
export function pickInstance(instances: readonly ContainerSummary[], previous: boolean): ContainerSummary | undefined {
  const sorted = [...instances].sort((a, b) => restartCountOfLabels(b.labels) - restartCountOfLabels(a.labels));
  return sorted[previous ? 1 : 0];
}

/** Starts listening on 127.0.0.1:`deps.port`. */
export async function startLogServer(deps: LogServerDeps): Promise<LogServer> {
  const server = http.createServer((req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      deps.log.warn({ err: err instanceof Error ? err.message : String(err), url: req.url }, 'log request failed');
      if (!res.headersSent) sendText(res, 500, 'internal error reading the container log');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  return {
    port: () => (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function handle(deps: LogServerDeps, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (!isAuthorized(req.headers.authorization, deps.token)) return sendText(res, 401, 'Unauthorized');
  if (req.method !== 'GET') return sendText(res, 405, 'method not allowed');
  const r = parseLogRequest(req.url ?? '/');
  if (!r) return sendText(res, 404, 'not found');
  const instances = await listInScope(deps.runtime, deps, {
    [LABEL_POD_NAMESPACE]: r.namespace, [LABEL_POD_NAME]: r.pod, [LABEL_CONTAINER_NAME]: r.container,
  });
  const target = pickInstance(instances, r.previous);
  if (!target) {
    const what = r.previous ? 'previous terminated container' : 'container';
    return sendText(res, 404, `${what} "${r.container}" in pod "${r.pod}" not found`);
  }
  const stream = await deps.runtime.logs(target.id, r.options).catch((err: unknown) => {
    if (err instanceof ContainerNotFoundError) return undefined;
    throw err;
  });
  if (!stream) return sendText(res, 404, `container "${r.container}" in pod "${r.pod}" not found`);
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  if (r.options.follow) res.flushHeaders();
  res.on('close', () => stream.destroy());
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}
