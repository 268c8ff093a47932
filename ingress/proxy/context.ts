/**
 * The proxy's configuration and the state every connection shares: limits with their defaults,
 * counters, the upstream pool, the current route table and the clock.
 */
import type { Logger } from 'pino';
import { DEFAULT_EJECTION, type BalancePolicy, type EjectionPolicy } from '../balancer.js';
import type { RouteTable } from '../route-table.js';
import { AccessLogSampler } from './access-log.js';
import { ProxyCounters } from './counters.js';
import { UpstreamPool } from './upstream.js';

/** Bounds on what clients and backends may do. All times are milliseconds. */
export interface ProxyLimits {
  /** Largest request head; a bigger one gets 431 and the connection is closed. Default 16 KiB. */
  maxHeaderBytes: number;
  /** Most header fields in a request head (431 beyond). Default 128. */
  maxHeaderCount: number;
  /** A client must send a whole request head within this, else the connection is closed (408 first). Default 10 s. */
  headersTimeoutMs: number;
  /** Connecting to a backend longer than this counts as a connect failure (retry or 502). Default 5 s. */
  connectTimeoutMs: number;
  /** From the request being sent to the response head; then 504. Default 60 s. */
  upstreamResponseTimeoutMs: number;
  /** A keep-alive client connection idle this long is closed; also the gap allowed between request body chunks. Default 60 s. */
  idleTimeoutMs: number;
  /** A pooled backend connection idle this long is closed (below typical backend keep-alive timeouts). Default 4 s. */
  upstreamIdleMs: number;
  /** Most idle pooled connections per endpoint. Default 64. */
  maxIdlePerEndpoint: number;
}

/** The limits used for whatever IngressProxyDeps.limits leaves out. */
export const DEFAULT_LIMITS: ProxyLimits = {
  maxHeaderBytes: 16 * 1024,
  maxHeaderCount: 128,
  headersTimeoutMs: 10_000,
  connectTimeoutMs: 5_000,
  upstreamResponseTimeoutMs: 60_000,
  idleTimeoutMs: 60_000,
  upstreamIdleMs: 4_000,
  maxIdlePerEndpoint: 64,
};

/** What createIngressProxy needs. */
export interface IngressProxyDeps {
  /** The current route table; called once per request, so swapping tables is replacing what this returns. */
  routes: () => RouteTable;
  logger: Logger;
  /** Access log: one info line per sampled request; sampleRatio 0 = off (default), 1 = every request. */
  accessLog?: { sampleRatio: number };
  limits?: Partial<ProxyLimits>;
  /** Endpoint choice within a backend; default round-robin. */
  balance?: BalancePolicy;
  /** Passive health ejection; default 10 s doubling per consecutive failure up to 60 s. */
  ejection?: EjectionPolicy;
  /**
   * Monotonic milliseconds (default performance.now). A number source, not api/ Clock: reading a
   * Date per request would allocate on the hot path.
   */
  now?: () => number;
}

/** Everything a connection needs from the proxy; one instance per proxy. */
export interface ProxyContext {
  readonly limits: ProxyLimits;
  readonly routes: () => RouteTable;
  readonly log: Logger;
  readonly now: () => number;
  readonly balance: BalancePolicy;
  readonly ejection: EjectionPolicy;
  readonly counters: ProxyCounters;
  readonly pool: UpstreamPool;
  readonly accessLog: AccessLogSampler;
}

/** Fills in defaults; rejects limits that would make the proxy useless. */
export function resolveLimits(partial: Partial<ProxyLimits> | undefined): ProxyLimits {
  const limits = { ...DEFAULT_LIMITS, ...partial };
  for (const [k, v] of Object.entries(limits)) {
    if (!Number.isFinite(v) || v <= 0) throw new Error(`ingress proxy limit ${k} must be a positive number, got ${String(v)}`);
  }
  return limits;
}

/** The shared context of a proxy. */
export function createContext(deps: IngressProxyDeps): ProxyContext {
  const now = deps.now ?? (() => performance.now());
  const limits = resolveLimits(deps.limits);
  return {
    limits,
    routes: deps.routes,
    log: deps.logger.child({ component: 'ingress-proxy' }),
    now,
    balance: deps.balance ?? 'round-robin',
    ejection: deps.ejection ?? DEFAULT_EJECTION,
    counters: new ProxyCounters(),
    pool: new UpstreamPool(limits.maxIdlePerEndpoint),
    accessLog: new AccessLogSampler(deps.accessLog?.sampleRatio ?? 0),
  };
}
