/**
 * The HTTP(S) transport under the typed client: one keep-alive agent, bearer token, the cluster CA,
 * JSON in and out, and Status bodies turned back into ApiError subclasses.
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { errorFromStatus, InternalError } from '../api/errors.js';
import type { ConnectionConfig } from './kubeconfig.js';

export interface RequestOptions {
  method?: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
}

export interface Transport {
  /** Sends a request and parses the JSON answer; non-2xx answers throw the matching ApiError. */
  json<T>(path: string, opts?: RequestOptions): Promise<T>;
  /** Sends a request and returns the response body as a stream (watch, follow logs). Non-2xx throws. */
  stream(path: string, opts?: RequestOptions): Promise<Readable>;
  /** Closes idle keep-alive sockets. */
  close(): void;
}

function buildPath(path: string, query: RequestOptions['query']): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

async function readAll(res: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try { return JSON.parse(text) as unknown; } catch { return { message: text.slice(0, 500) }; }
}

/** Creates the transport for one API server. */
export function createTransport(cfg: ConnectionConfig): Transport {
  const url = new URL(cfg.server);
  const isHttps = url.protocol === 'https:';
  const agent = isHttps
    ? new https.Agent({ keepAlive: true, maxSockets: 32, ...(cfg.ca ? { ca: cfg.ca } : {}), rejectUnauthorized: !cfg.insecureSkipTLSVerify })
    : new http.Agent({ keepAlive: true, maxSockets: 32 });
  const base = url.pathname.replace(/\/$/, '');

  function send(path: string, opts: RequestOptions): Promise<http.IncomingMessage> {
    const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json', 'User-Agent': 'tugboat/0.1' };
    if (cfg.token) headers.Authorization = `Bearer ${cfg.token}`;
    let payload: Buffer | undefined;
    if (opts.body !== undefined) {
      payload = Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const reqOpts: https.RequestOptions = {
      host: url.hostname, port: url.port || (isHttps ? 443 : 80), path: base + buildPath(path, opts.query),
      method: opts.method ?? 'GET', headers, agent, ...(opts.signal ? { signal: opts.signal } : {}),
    };
    return new Promise((resolve, reject) => {
      const req = (isHttps ? https : http).request(reqOpts, resolve);
      req.on('error', reject);
      req.end(payload);
    });
  }

  async function checked(path: string, opts: RequestOptions): Promise<http.IncomingMessage> {
    const res = await send(path, opts);
    const code = res.statusCode ?? 0;
    if (code >= 200 && code < 300) return res;
    throw errorFromStatus(code, parseBody(await readAll(res)));
  }

  return {
    async json<T>(path: string, opts: RequestOptions = {}): Promise<T> {
      const res = await checked(path, opts);
      const text = await readAll(res);
      const body = parseBody(text);
      if (body === undefined) throw new InternalError(`empty response from ${path}`);
      return body as T;
    },
    stream: (path, opts = {}) => checked(path, opts),
    close: () => agent.destroy(),
  };
}
