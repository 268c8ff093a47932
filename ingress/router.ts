/**
 * Host/path routing with networking.k8s.io/v1 Ingress semantics (as ingress-nginx applies them).
 *
 * buildRouteTable compiles a snapshot of Ingresses, IngressClasses, Services and EndpointSlices
 * into a RouteTable once per change; matchRoute then costs a host normalisation (no allocation when
 * the host is already lower-case without port), one or two Map lookups and a scan of that host's
 * paths, longest first. Host selection comes first (exact host, else "*.suffix" wildcard matching
 * exactly one label, else rules without host); within the selected host the longest matching path
 * wins (Exact before Prefix at equal length); a request no path of its host matches goes to the
 * default backend (the oldest of our Ingresses' spec.defaultBackend), else 404.
 */
import type { EndpointSlice, Ingress, IngressBackend, IngressClass, Service } from '../api/types.js';
import { createBackendRegistry, type BackendRegistry } from './backend-registry.js';
import { ingressKey, selectOurIngresses, type IngressClassOptions } from './ingress-class.js';
import type { BackendState, EndpointState, HostRoutes, MatchKind, Route, RouteProblem, RouteTable } from './route-table.js';
import { indexServices, resolveBackend, type ServiceIndex } from './service-backends.js';

/** The cluster objects a table is built from (typically informer caches' contents). */
export interface RouteSnapshot {
  ingresses: readonly Ingress[];
  ingressClasses: readonly IngressClass[];
  services: readonly Service[];
  endpointSlices: readonly EndpointSlice[];
}

/** Options of buildRouteTable. */
export interface RouteTableOptions extends IngressClassOptions {
  /**
   * Where endpoint health, round-robin cursors and counters live across rebuilds. Pass the same
   * registry on every build for the life of the proxy; a fresh one is made when omitted (tests).
   */
  registry?: BackendRegistry;
}

/** Accumulates routes per host while Ingresses are read, oldest first. */
interface Builder {
  readonly hosts: Map<string, Map<string, Route>>;
  readonly index: ServiceIndex;
  readonly registry: BackendRegistry;
  readonly problems: RouteProblem[];
  defaultRoute: Route | null;
}

function makeRoute(host: string, path: string, match: MatchKind, ingress: string, backend: Route['groups'][number]['backend']): Route {
  return { host, path, match, ingress, groups: [{ weight: 100, backend }], groupWeights: new Int32Array(1) };
}

/** "*.example.com" and "foo.example.com" are valid; "*", "*.", "a.*.com" and empty labels are not. */
function validHost(host: string): boolean {
  const body = host.startsWith('*.') ? host.slice(2) : host;
  return body !== '' && !body.includes('*') && !body.split('.').some((l) => l === '');
}

function addBackendRoute(b: Builder, ing: string, ns: string, host: string, path: string, match: MatchKind, ref: IngressBackend): void {
  const resolved = resolveBackend(ns, ref, b.index, b.registry);
  if (resolved.problem) b.problems.push({ ingress: ing, ...resolved.problem });
  if (resolved.backend === null) return;
  let routes = b.hosts.get(host);
  if (routes === undefined) { routes = new Map(); b.hosts.set(host, routes); }
  const key = `${match} ${path}`;
  const taken = routes.get(key);
  if (taken !== undefined) {
    if (taken.ingress !== ing) {
      const where = host === '' ? 'any host' : `host "${host}"`;
      b.problems.push({ ingress: ing, reason: 'RouteConflict', message: `${where} path "${path}" (${match}) is already served by ingress ${taken.ingress}, which is older` });
    }
    return;
  }
  routes.set(key, makeRoute(host, path, match, ing, resolved.backend));
}

function addIngress(b: Builder, ing: Ingress): void {
  const key = ingressKey(ing);
  const ns = ing.metadata.namespace ?? 'default';
  const def = ing.spec.defaultBackend;
  if (def !== undefined && b.defaultRoute === null) {
    const resolved = resolveBackend(ns, def, b.index, b.registry);
    if (resolved.problem) b.problems.push({ ingress: key, ...resolved.problem });
    if (resolved.backend) b.defaultRoute = makeRoute('', '/', 'Prefix', key, resolved.backend);
  }
  for (const rule of ing.spec.rules ?? []) {
    const host = (rule.host ?? '').toLowerCase();
    if (host !== '' && !validHost(host)) {
      b.problems.push({ ingress: key, reason: 'InvalidHost', message: `host "${host}" is not a valid host or wildcard` });
      continue;
    }
    for (const p of rule.http?.paths ?? []) {
      const raw = p.path ?? '/';
      if (!raw.startsWith('/')) {
        b.problems.push({ ingress: key, reason: 'InvalidPath', message: `path "${raw}" must start with "/"` });
        continue;
      }
      const match: MatchKind = p.pathType === 'Exact' ? 'Exact' : 'Prefix';
      const path = match === 'Prefix' && raw.length > 1 ? raw.replace(/\/+$/, '') || '/' : raw;
      addBackendRoute(b, key, ns, host, path, match, p.backend);
    }
  }
}

/** Longest first; Exact before Prefix at equal length; then by path for a stable order. */
function compareRoutes(a: Route, b: Route): number {
  if (a.path.length !== b.path.length) return b.path.length - a.path.length;
  if (a.match !== b.match) return a.match === 'Exact' ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function collectState(routes: Iterable<Route>, endpoints: Set<EndpointState>, backends: Set<BackendState>): void {
  for (const r of routes) {
    for (const g of r.groups) {
      backends.add(g.backend.state);
      for (const e of g.backend.endpoints) endpoints.add(e);
    }
  }
}

/**
 * Compiles the routing table of the Ingresses our controller serves. Pure apart from the registry:
 * it gets (or creates) the state objects of the endpoints and backends it references and then
 * drops the registry's others. Call it on every relevant change and hand the result to the proxy.
 */
export function buildRouteTable(snapshot: RouteSnapshot, opts: RouteTableOptions): RouteTable {
  const b: Builder = {
    hosts: new Map(),
    index: indexServices(snapshot.services, snapshot.endpointSlices),
    registry: opts.registry ?? createBackendRegistry(),
    problems: [],
    defaultRoute: null,
  };
  const ours = selectOurIngresses(snapshot.ingresses, snapshot.ingressClasses, opts);
  for (const ing of ours) addIngress(b, ing);

  const exactHosts = new Map<string, HostRoutes>();
  const wildcardHosts = new Map<string, HostRoutes>();
  let anyHost: HostRoutes | null = null;
  const endpoints = new Set<EndpointState>();
  const backends = new Set<BackendState>();
  for (const [host, byKey] of b.hosts) {
    const hr: HostRoutes = { host, routes: [...byKey.values()].sort(compareRoutes) };
    collectState(hr.routes, endpoints, backends);
    if (host === '') anyHost = hr;
    else if (host.startsWith('*.')) wildcardHosts.set(host.slice(2), hr);
    else exactHosts.set(host, hr);
  }
  if (b.defaultRoute) collectState([b.defaultRoute], endpoints, backends);
  b.registry.retainOnly(endpoints, backends);
  return { exactHosts, wildcardHosts, anyHost, defaultRoute: b.defaultRoute, ingresses: ours.map(ingressKey).sort(), endpoints, problems: b.problems };
}

/** Lower-cases `host` and removes a ":port" suffix; returns `host` itself when already normal. */
export function normalizeHost(host: string): string {
  let end = host.length;
  let upper = false;
  const v6 = host.charCodeAt(0) === 0x5b; // "[::1]:80"
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (c === 0x3a && !v6) { end = i; break; }
    if (c === 0x5d && v6) { end = i + 1; break; }
    if (c >= 0x41 && c <= 0x5a) upper = true;
  }
  const h = end === host.length ? host : host.slice(0, end);
  return upper ? h.toLowerCase() : h;
}

/** Whether request path `path` falls under Prefix `prefix` element-wise ("/foo" covers "/foo/bar", not "/foobar"). */
export function prefixMatches(prefix: string, path: string): boolean {
  if (prefix.length === 1) return true; // "/" covers everything
  return path.startsWith(prefix) && (path.length === prefix.length || path.charCodeAt(prefix.length) === 0x2f);
}

function matchPath(routes: readonly Route[], path: string): Route | null {
  for (let i = 0; i < routes.length; i++) {
    const r = routes[i]!;
    if (r.match === 'Exact' ? r.path === path : prefixMatches(r.path, path)) return r;
  }
  return null;
}

/** The HostRoutes that serve `host` (already normalised): exact, else one-label wildcard, else host-less rules. */
export function selectHost(table: RouteTable, host: string): HostRoutes | null {
  const exact = table.exactHosts.get(host);
  if (exact !== undefined) return exact;
  if (table.wildcardHosts.size > 0) {
    const dot = host.indexOf('.');
    if (dot > 0) {
      const wild = table.wildcardHosts.get(host.slice(dot + 1));
      if (wild !== undefined) return wild;
    }
  }
  return table.anyHost;
}

/**
 * The route serving `host` (as sent: any case, optional ":port") and `path` (without query), or
 * null for a 404. Allocation-free when the host is lower-case without port and matches exactly.
 */
export function matchRoute(table: RouteTable, host: string, path: string): Route | null {
  const hr = selectHost(table, normalizeHost(host));
  if (hr !== null) {
    const r = matchPath(hr.routes, path === '' ? '/' : path);
    if (r !== null) return r;
  }
  return table.defaultRoute;
}
