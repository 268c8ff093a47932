/**
 * The shapes the route table is made of. A table is immutable once built (buildRouteTable in
 * router.ts) and swapped as a whole; the mutable per-endpoint and per-backend state it points to
 * (health, round-robin cursors, counters) lives in a long-lived BackendRegistry, so it survives
 * every rebuild.
 */

/** Latency histogram bucket upper bounds in milliseconds; one more bucket counts everything slower. */
export const LATENCY_BUCKETS_MS: readonly number[] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/**
 * Counters of one backend or endpoint, mutated in place by the proxy (never reallocated), so a
 * reader such as a canary analysis can hold the object and diff two readings.
 */
export interface TrafficCounters {
  /** Requests sent (retries count again). */
  requests: number;
  /** Connection failures, timeouts and 5xx responses. */
  errors: number;
  /** Sum of request durations in ms (request head received to response complete). */
  latencySumMs: number;
  /** Counts per LATENCY_BUCKETS_MS bucket (length LATENCY_BUCKETS_MS.length + 1). */
  latencyBuckets: Uint32Array;
}

/**
 * One backend pod address ("ip:port"), shared by every table and route that targets it. The
 * balancer reads and writes the health fields; the proxy counts in-flight requests and traffic.
 */
export interface EndpointState {
  /** "10.0.0.7:8080", or "[fd00::7]:8080". */
  readonly key: string;
  readonly ip: string;
  readonly port: number;
  /** Requests currently sent to this endpoint and not finished (least-outstanding balancing). */
  inflight: number;
  /** Consecutive connection failures; 0 when healthy. */
  failures: number;
  /** Monotonic ms until which the endpoint is out of rotation (0: in rotation). */
  ejectedUntil: number;
  readonly counters: TrafficCounters;
}

/** Long-lived state of one backend (service + port), keyed by its id. */
export interface BackendState {
  readonly id: string;
  /** Round-robin position. */
  cursor: number;
  readonly counters: TrafficCounters;
}

/** Where a route sends traffic: one service port and the ready endpoints behind it at build time. */
export interface Backend {
  /** "namespace/service:port", port being the number or name the Ingress used. */
  readonly id: string;
  /** Ready endpoints, sorted by key; empty means 503. */
  readonly endpoints: readonly EndpointState[];
  readonly state: BackendState;
}

/** A weighted share of a route's traffic (today always one group of weight 100). */
export interface BackendGroup {
  readonly weight: number;
  readonly backend: Backend;
}

/** Prefix matches whole path elements; ImplementationSpecific is treated as Prefix. */
export type MatchKind = 'Exact' | 'Prefix';

/** One host + path rule after precompilation. */
export interface Route {
  /** Lower-case host, "*.example.com", or "" for rules without host. */
  readonly host: string;
  /** Exact paths as written; Prefix paths without trailing slash ("/" stays "/"). */
  readonly path: string;
  readonly match: MatchKind;
  /** "namespace/name" of the Ingress that defined it. */
  readonly ingress: string;
  readonly groups: readonly BackendGroup[];
  /** Smooth weighted round-robin state for pickGroup, one slot per group. */
  readonly groupWeights: Int32Array;
}

/** The routes of one host, longest path first (Exact before Prefix at equal length). */
export interface HostRoutes {
  readonly host: string;
  readonly routes: readonly Route[];
}

/** Something wrong with an Ingress, worth a Warning Event on it. */
export interface RouteProblem {
  /** "namespace/name" of the Ingress. */
  ingress: string;
  /** ServiceNotFound, ServicePortNotFound, UnsupportedServiceType, UnsupportedBackend, InvalidPath, RouteConflict, ... */
  reason: string;
  message: string;
}

/** The compiled routing table: look up with matchRoute (router.ts). */
export interface RouteTable {
  /** Exact hosts, lower-case. */
  readonly exactHosts: ReadonlyMap<string, HostRoutes>;
  /** Wildcard hosts keyed by the suffix after "*." ("example.com" for "*.example.com"). */
  readonly wildcardHosts: ReadonlyMap<string, HostRoutes>;
  /** Rules without host; null when none. */
  readonly anyHost: HostRoutes | null;
  /** The oldest of our Ingresses' spec.defaultBackend, for everything no rule matches; null: 404. */
  readonly defaultRoute: Route | null;
  /** "namespace/name" of every Ingress this controller serves, sorted. */
  readonly ingresses: readonly string[];
  /** Every endpoint the table can route to (the proxy closes pooled connections to others). */
  readonly endpoints: ReadonlySet<EndpointState>;
  readonly problems: readonly RouteProblem[];
}
