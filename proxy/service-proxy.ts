/**
 * The service proxy (kube-proxy, userspace mode): watches Services and EndpointSlices and keeps one
 * TCP listener per Service port on its ClusterIP (and one per NodePort on the node address) that
 * forwards to ready endpoints (rules.ts, listener.ts). Runs inside `npm start` and as its own
 * process (proxy/main.ts). Built, not started.
 *
 *   Service / EndpointSlice informers -> buildRules -> diff by host:port -> open / retarget / close
 */
import type { Logger } from 'pino';
import type { EndpointSlice, Service } from '../api/types.js';
import type { ApiClient } from '../client/client.js';
import { createCoalescedRunner } from '../client/coalesce.js';
import { createInformer, type Informer } from '../client/informer.js';
import { DEFAULT_LIMITS, openListener, type ListenerLimits, type ServiceListener } from './listener.js';
import { buildRules, listenKey, type ProxyRule } from './rules.js';

/** What the service proxy needs. */
export interface ServiceProxyDeps {
  client: ApiClient;
  logger: Logger;
  /** Where NodePorts listen; default 127.0.0.1. */
  nodeIP?: string;
  limits?: Partial<ListenerLimits>;
  /** How soon to try again a listen that failed (address in use); default 5 s. */
  retryMs?: number;
}

/** A running (or ready to run) service proxy. */
export interface ServiceProxy {
  /** Lists Services and slices, opens the listeners; resolves once the first sync is done. */
  start(): Promise<void>;
  /** Closes every listener and the watches; connections in flight carry on. Idempotent. */
  stop(): Promise<void>;
  /** Resolves once every change seen so far is applied (tests). */
  synced(): Promise<void>;
  /** host:port -> the service port it serves, for the listeners that are open. */
  listening(): Map<string, string>;
  /** host:port of rules whose listen failed, with why (the proxy says when it cannot do its job). */
  failing(): Map<string, string>;
}

/** Creates the service proxy. */
export function createServiceProxy(deps: ServiceProxyDeps): ServiceProxy {
  const log = deps.logger.child({ component: 'service-proxy' });
  const nodeIP = deps.nodeIP ?? '127.0.0.1';
  const limits: ListenerLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const services: Informer<Service> = createInformer<Service>(deps.client, 'Service', { logger: log });
  const slices: Informer<EndpointSlice> = createInformer<EndpointSlice>(deps.client, 'EndpointSlice', { logger: log });
  const open = new Map<string, { listener: ServiceListener; rule: ProxyRule }>();
  const failing = new Map<string, string>();
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  async function apply(): Promise<void> {
    const rules = buildRules(services.list(), slices.list(), nodeIP);
    const wanted = new Map(rules.map((r) => [listenKey(r), r]));
    for (const [key, entry] of open) {
      if (wanted.has(key)) continue;
      open.delete(key);
      await entry.listener.close();
      log.info({ listen: key, service: entry.rule.servicePort }, 'stopped proxying');
    }
    for (const k of failing.keys()) if (!wanted.has(k)) failing.delete(k);
    for (const [key, rule] of wanted) {
      const entry = open.get(key);
      if (entry) { entry.listener.setEndpoints(rule.endpoints); entry.rule = rule; continue; }
      if (stopped) return;
      try {
        open.set(key, { listener: await openListener(rule, rule.endpoints, log, limits), rule });
        failing.delete(key);
        log.info({ listen: key, service: rule.servicePort, endpoints: rule.endpoints.length }, 'proxying');
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        if (failing.get(key) !== why) log.warn({ listen: key, service: rule.servicePort, err: why }, 'cannot listen for a service; will retry');
        failing.set(key, why);
      }
    }
    if (failing.size > 0 && !retry && !stopped) {
      retry = setTimeout(() => { retry = undefined; schedule(); }, deps.retryMs ?? 5000);
      retry.unref();
    }
  }

  const runner = createCoalescedRunner(apply, (err) => log.error({ err }, 'service proxy sync failed'));
  const schedule = (): void => runner.schedule();
  const handlers = { onAdd: schedule, onUpdate: schedule, onDelete: schedule };
  services.addHandlers(handlers);
  slices.addHandlers(handlers);

  return {
    async start() {
      await Promise.all([services.start(), slices.start()]);
      schedule();
      await runner.settled();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      runner.stop();
      clearTimeout(retry);
      services.stop();
      slices.stop();
      await runner.settled();
      await Promise.all([...open.values()].map((e) => e.listener.close(true)));
      open.clear();
    },
    synced: () => runner.settled(),
    listening: () => new Map([...open].map(([k, e]) => [k, e.rule.servicePort])),
    failing: () => new Map(failing),
  };
}
