/**
 * The access log: one pino line per sampled request, with request fields sanitised (they come from
 * the client).
 */
import type { Logger } from 'pino';
import type { RequestHead } from '../http/request-head.js';
import type { EndpointState } from '../route-table.js';
import { sanitize } from './error-response.js';

/** Decides which requests get an access log line: every 1/ratio-th one, deterministically. */
export class AccessLogSampler {
  private credit = 0;
  constructor(private readonly ratio: number) {}

  /** Whether the request finishing now is logged. */
  sample(): boolean {
    if (this.ratio <= 0) return false;
    this.credit += this.ratio;
    if (this.credit < 1) return false;
    this.credit -= 1;
    return true;
  }
}

/** Writes the line for one finished request (`endpoint` null when the proxy answered itself). */
export function logAccess(log: Logger, head: RequestHead, host: string, path: string, status: number, endpoint: EndpointState | null, ms: number, bytes: number): void {
  log.info({
    method: head.buf.toString('latin1', head.start, head.methodEnd),
    host: sanitize(host),
    path: sanitize(path),
    status,
    upstream: endpoint?.key ?? null,
    durationMs: Math.round(ms * 1000) / 1000,
    bytes,
  }, 'request');
}
