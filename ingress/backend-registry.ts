/**
 * The long-lived home of per-endpoint and per-backend state. Route tables are rebuilt on every
 * change, but an endpoint's health and a backend's round-robin cursor and counters must carry over:
 * buildRouteTable asks the registry for the state object of each "ip:port" and backend id, so two
 * tables built from similar snapshots share the same objects.
 */
import { LATENCY_BUCKETS_MS, type BackendState, type EndpointState, type TrafficCounters } from './route-table.js';

/**
 * Owns EndpointState and BackendState objects, keyed by "ip:port" and backend id. One registry
 * lives as long as the proxy; it is handed to every buildRouteTable call.
 */
export interface BackendRegistry {
  /** The state of endpoint ip:port, created on first use; the same object on every later call. */
  endpoint(ip: string, port: number): EndpointState;
  /** The state of backend `id`, created on first use; the same object on every later call. */
  backend(id: string): BackendState;
  /**
   * Forgets every entry not in the given sets (called by buildRouteTable after a build, so state of
   * deleted pods and services does not pile up). Objects still held by in-flight requests stay valid.
   */
  retainOnly(endpoints: ReadonlySet<EndpointState>, backends: ReadonlySet<BackendState>): void;
  /** Current backend states, for stats readers (canary analysis, metrics). */
  backends(): IterableIterator<BackendState>;
}

/** A fresh set of zeroed counters. */
export function createCounters(): TrafficCounters {
  return { requests: 0, errors: 0, latencySumMs: 0, latencyBuckets: new Uint32Array(LATENCY_BUCKETS_MS.length + 1) };
}

/** Adds one finished request taking `ms` (and failed when `failed`) to `c`; allocation-free. */
export function recordRequest(c: TrafficCounters, ms: number, failed: boolean): void {
  if (failed) c.errors++;
  c.latencySumMs += ms;
  let b = 0;
  while (b < LATENCY_BUCKETS_MS.length && ms > LATENCY_BUCKETS_MS[b]!) b++;
  c.latencyBuckets[b]!++;
}

/** "ip:port", with brackets around IPv6 addresses. */
export function endpointKey(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Creates an empty registry. */
export function createBackendRegistry(): BackendRegistry {
  const endpoints = new Map<string, EndpointState>();
  const backends = new Map<string, BackendState>();
  return {
    endpoint(ip, port) {
      const key = endpointKey(ip, port);
      let e = endpoints.get(key);
      if (e === undefined) {
        e = { key, ip, port, inflight: 0, failures: 0, ejectedUntil: 0, counters: createCounters() };
        endpoints.set(key, e);
      }
      return e;
    },
    backend(id) {
      let b = backends.get(id);
      if (b === undefined) {
        b = { id, cursor: 0, counters: createCounters() };
        backends.set(id, b);
      }
      return b;
    },
    retainOnly(keepEndpoints, keepBackends) {
      for (const [key, e] of endpoints) if (!keepEndpoints.has(e)) endpoints.delete(key);
      for (const [id, b] of backends) if (!keepBackends.has(b)) backends.delete(id);
    },
    backends() {
      return backends.values();
    },
  };
}
