/**
 * The Endpoints controller: keeps a v1 Endpoints object (same name as the Service) listing the
 * addresses of the pods a Service selects (plan.ts). Pod readiness changes reach it through the
 * pod informer, so Endpoints follow within one watch round trip. Deletes the Endpoints of a
 * deleted Service; leaves alone the Endpoints of Services without a selector (the user's).
 */
import type { Logger } from 'pino';
import { isAlreadyExists, isNotFound } from '../../api/errors.js';
import { deepEqual } from '../../api/equal.js';
import { objectKey, splitKey, type Endpoints, type KubeObject, type Pod, type Service } from '../../api/types.js';
import type { ApiClient } from '../../client/index.js';
import { createController, type Controller } from '../runtime/controller.js';
import type { InformerFactory } from '../runtime/informers.js';
import { desiredSubsets } from './plan.js';
import { managesEndpoints, selects } from './pods.js';

/** What the Endpoints controller needs. */
export interface EndpointsControllerDeps {
  client: ApiClient;
  informers: InformerFactory;
  logger: Logger;
}

/** Keys of the cached Services in the pod's namespace that select it. */
export function servicesSelecting(services: readonly Service[], pod: KubeObject): string[] {
  return services.filter((s) => selects(s, pod as Pod)).map(objectKey);
}

/** Builds the controller; start() it after the informers have synced. */
export function createEndpointsController(deps: EndpointsControllerDeps): Controller {
  const log = deps.logger.child({ controller: 'endpoints' });
  const services = deps.informers.forKind<Service>('Service');
  const pods = deps.informers.forKind<Pod>('Pod');
  const endpoints = deps.informers.forKind<Endpoints>('Endpoints');

  async function reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = services.get(key);
    const current = endpoints.get(key);
    if (!svc) {
      if (current) await deps.client.delete('Endpoints', namespace, name).catch((err: unknown) => { if (!isNotFound(err)) throw err; });
      return;
    }
    if (!managesEndpoints(svc)) return;
    const subsets = desiredSubsets(svc, pods.list().filter((p) => p.metadata.namespace === namespace));
    const labels = svc.metadata.labels;
    if (current && deepEqual(current.subsets ?? [], subsets) && deepEqual(current.metadata.labels, labels)) return;
    const desired: Endpoints = {
      apiVersion: 'v1', kind: 'Endpoints',
      metadata: { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}), ...(current?.metadata.resourceVersion ? { resourceVersion: current.metadata.resourceVersion } : {}) },
      ...(subsets.length ? { subsets } : {}),
    };
    if (current) await deps.client.update(desired);
    else {
      try {
        await deps.client.create(desired);
      } catch (err) {
        // Someone else's Endpoints (or ours, before the cache saw it): update on the retry.
        if (isAlreadyExists(err)) throw new Error(`endpoints ${key} exist but are not in the cache yet`, { cause: err });
        throw err;
      }
    }
    log.debug({ service: key, ready: subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0) }, 'endpoints updated');
  }

  return createController({
    name: 'endpoints',
    informers: deps.informers,
    logger: deps.logger,
    forKind: 'Service',
    watches: [
      { kind: 'Pod', map: (pod) => servicesSelecting(services.list(), pod) },
      { kind: 'Endpoints', map: (ep) => [objectKey(ep)] },
    ],
    reconcile,
  });
}
