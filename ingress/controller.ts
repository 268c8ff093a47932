/**
 * The ingress controller: the proxy's link to the API server, as ingress-nginx's controller is.
 * Watches Ingresses, IngressClasses, Services and EndpointSlices; on every change rebuilds the route
 * table (router.ts) and swaps it under the proxy; writes status.loadBalancer of the Ingresses it
 * serves (so `kubectl get ingress` shows an ADDRESS) and records a Warning Event on an Ingress
 * whose backend cannot be served (a missing Service or port), once per distinct problem.
 *
 *   informers ──▶ buildRouteTable ──▶ proxy.routes()        ──▶ Ingress status, Events
 */
import type { Logger } from 'pino';
import { isNotFound } from '../api/errors.js';
import { TUGBOAT_INGRESS_CLASS, TUGBOAT_INGRESS_CONTROLLER } from '../api/kinds/ingress.js';
import { splitKey, type EndpointSlice, type Ingress, type IngressClass, type KubeObject, type Service } from '../api/types.js';
import type { ApiClient } from '../client/client.js';
import { createCoalescedRunner } from '../client/coalesce.js';
import { createEventRecorder } from '../client/events.js';
import { createInformer, type Informer } from '../client/informer.js';
import { createBackendRegistry } from './backend-registry.js';
import { createIngressProxy, type IngressProxy, type IngressProxyDeps } from './proxy.js';
import type { RouteProblem, RouteTable } from './route-table.js';
import { buildRouteTable } from './router.js';

/** What the ingress controller needs. */
export interface IngressControllerDeps extends Omit<IngressProxyDeps, 'routes'> {
  client: ApiClient;
  /** The address written to the status of served Ingresses; default the listen host. */
  publishAddress?: string;
  /** Which IngressClass(es) are ours; default class tugboat / controller tugboat.io/ingress-controller. */
  className?: string;
  controllerName?: string;
}

/** A running ingress controller and its proxy. */
export interface IngressController {
  /** Syncs the caches, builds the first table, then listens on host:port; resolves with the bound port. */
  start(port: number, host: string): Promise<{ port: number }>;
  /** Stops the proxy and the watches. Idempotent. */
  stop(): Promise<void>;
  /** The table requests are routed by now. */
  table(): RouteTable;
  /** Resolves once every change seen so far is in the table and the status writes are done (tests). */
  synced(): Promise<void>;
  /** The proxy (stats). */
  readonly proxy: IngressProxy;
}

/** Problems already reported, by Ingress: only a new problem makes a new Event. Bounded by the Ingresses that exist. */
type Reported = Map<string, Set<string>>;

/** Builds the controller and its proxy; nothing runs until start(). */
export function createIngressController(deps: IngressControllerDeps): IngressController {
  const log = deps.logger.child({ component: 'ingress-controller' });
  const opts = { className: deps.className ?? TUGBOAT_INGRESS_CLASS, controllerName: deps.controllerName ?? TUGBOAT_INGRESS_CONTROLLER, registry: createBackendRegistry() };
  const ingresses: Informer<Ingress> = createInformer<Ingress>(deps.client, 'Ingress', { logger: log });
  const classes: Informer<IngressClass> = createInformer<IngressClass>(deps.client, 'IngressClass', { logger: log });
  const services: Informer<Service> = createInformer<Service>(deps.client, 'Service', { logger: log });
  const slices: Informer<EndpointSlice> = createInformer<EndpointSlice>(deps.client, 'EndpointSlice', { logger: log });
  const recorder = createEventRecorder(deps.client, 'tugboat-ingress-controller', { logger: log });
  const build = (): RouteTable => buildRouteTable({ ingresses: ingresses.list(), ingressClasses: classes.list(), services: services.list(), endpointSlices: slices.list() }, opts);
  let table = build();
  const proxy = createIngressProxy({ ...deps, routes: () => table });
  const reported: Reported = new Map();
  let address = deps.publishAddress ?? '127.0.0.1';
  let listening = false;
  let stopped = false;

  async function refresh(): Promise<void> {
    table = build();
    reportProblems(table.problems);
    if (listening) await writeStatuses(table.ingresses);
  }

  function reportProblems(problems: readonly RouteProblem[]): void {
    const now = new Map<string, Set<string>>();
    for (const p of problems) {
      const seen = reported.get(p.ingress);
      const id = `${p.reason}: ${p.message}`;
      const current = now.get(p.ingress) ?? new Set<string>();
      current.add(id);
      now.set(p.ingress, current);
      if (seen?.has(id)) continue;
      const ing = ingresses.get(p.ingress);
      if (ing) void recorder.record(withKind(ing), 'Warning', p.reason, p.message);
      log.warn({ ingress: p.ingress, reason: p.reason }, p.message);
    }
    reported.clear();
    for (const [k, v] of now) reported.set(k, v);
  }

  async function writeStatuses(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      const ing = ingresses.get(key);
      const current = ing?.status?.loadBalancer?.ingress ?? [];
      if (!ing || (current.length === 1 && current[0]?.ip === address && current[0].hostname === undefined)) continue;
      const { namespace, name } = splitKey(key);
      try {
        await deps.client.patch('Ingress', namespace, name, { status: { loadBalancer: { ingress: [{ ip: address }] } } }, 'merge', 'status');
      } catch (err) {
        if (!isNotFound(err)) log.warn({ err, ingress: key }, 'could not write the Ingress status');
      }
    }
  }

  const runner = createCoalescedRunner(refresh, (err) => log.error({ err }, 'ingress sync failed'));
  const schedule = (): void => runner.schedule();
  const handlers = { onAdd: schedule, onUpdate: schedule, onDelete: schedule };
  for (const inf of [ingresses, classes, services, slices] as Informer<KubeObject>[]) inf.addHandlers(handlers);

  return {
    proxy,
    async start(port, host) {
      await Promise.all([ingresses.start(), classes.start(), services.start(), slices.start()]);
      const bound = await proxy.listen(port, host);
      address = deps.publishAddress ?? host;
      listening = true;
      schedule();
      await runner.settled();
      return bound;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      runner.stop();
      for (const inf of [ingresses, classes, services, slices] as Informer<KubeObject>[]) inf.stop();
      await runner.settled();
      await proxy.close();
    },
    table: () => table,
    synced: () => runner.settled(),
  };
}

/** Informer objects may lack kind/apiVersion (lists omit them): Events need both. */
function withKind(ing: Ingress): Ingress {
  return { ...ing, apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' };
}
