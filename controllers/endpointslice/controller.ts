/**
 * The EndpointSlice controller: keeps the discovery.k8s.io/v1 EndpointSlices of every Service with
 * a selector (plan.ts), named `<service>-<random>`, labelled with the Service name and this
 * controller as manager, and owned by the Service (the garbage collector removes them with it).
 * Slices managed by someone else are never touched.
 */
import type { Logger } from 'pino';
import { isConflict, isNotFound } from '../../api/errors.js';
import { objectKey, splitKey, type EndpointSlice, type Pod, type Service } from '../../api/types.js';
import type { ApiClient } from '../../client/index.js';
import { SERVICE_NAME_LABEL } from '../../client/service-endpoints.js';
import { servicesSelecting } from '../endpoints/controller.js';
import { managesEndpoints } from '../endpoints/pods.js';
import { createController, type Controller } from '../runtime/controller.js';
import type { InformerFactory } from '../runtime/informers.js';
import { controllerRefFor } from '../runtime/owners.js';
import { desiredSlices, LABEL_MANAGED_BY, MANAGED_BY, planSlices, type SliceContent } from './plan.js';

/** What the EndpointSlice controller needs. */
export interface EndpointSliceControllerDeps {
  client: ApiClient;
  informers: InformerFactory;
  logger: Logger;
}

const isOurs = (s: EndpointSlice): boolean => s.metadata.labels?.[LABEL_MANAGED_BY] === MANAGED_BY;
const serviceKeyOf = (s: EndpointSlice): string | undefined => {
  const name = s.metadata.labels?.[SERVICE_NAME_LABEL];
  return name && isOurs(s) ? `${s.metadata.namespace ?? ''}/${name}` : undefined;
};

function sliceObject(svc: Service, content: SliceContent, base?: EndpointSlice): EndpointSlice {
  const labels = { ...(svc.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: svc.metadata.name ?? '', [LABEL_MANAGED_BY]: MANAGED_BY };
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: base
      ? { ...base.metadata, labels }
      : { generateName: `${svc.metadata.name ?? ''}-`, namespace: svc.metadata.namespace ?? 'default', labels, ownerReferences: [controllerRefFor(svc)] },
    addressType: 'IPv4', endpoints: content.endpoints, ports: content.ports,
  };
}

/** Builds the controller; start() it after the informers have synced. */
export function createEndpointSliceController(deps: EndpointSliceControllerDeps): Controller {
  const log = deps.logger.child({ controller: 'endpointslice' });
  const services = deps.informers.forKind<Service>('Service');
  const pods = deps.informers.forKind<Pod>('Pod');
  const slices = deps.informers.forKind<EndpointSlice>('EndpointSlice');
  // Our own writes the cache may not show yet (as Kubernetes' endpointSliceTracker): without this a
  // second pass right after a create would create the slice again.
  const written = new Map<string, EndpointSlice>(); // "ns/name" -> what the server answered
  const deleted = new Set<string>();

  /** The slices of `svc`: the cache, overlaid with our newer writes and minus our deletes. */
  function slicesOf(key: string, svc: Service): EndpointSlice[] {
    const byName = new Map<string, EndpointSlice>();
    for (const s of slices.list()) {
      const k = objectKey(s);
      const mine = written.get(k);
      if (mine && Number(mine.metadata.resourceVersion) <= Number(s.metadata.resourceVersion)) written.delete(k);
      if (deleted.has(k)) continue;
      byName.set(k, written.get(k) ?? s);
    }
    for (const k of deleted) if (!slices.get(k)) deleted.delete(k);
    for (const [k, s] of written) if (!byName.has(k) && !deleted.has(k)) byName.set(k, s);
    return [...byName.values()].filter((s) => serviceKeyOf(s) === key && s.metadata.ownerReferences?.some((r) => r.uid === svc.metadata.uid));
  }
  const remember = (s: EndpointSlice): void => { written.set(objectKey(s), s); };

  async function reconcile(key: string): Promise<void> {
    const { namespace } = splitKey(key);
    const svc = services.get(key);
    // A deleted Service's slices go with it (garbage collector, ownerReferences).
    if (!svc || !managesEndpoints(svc)) {
      for (const [k, w] of written) if (serviceKeyOf(w) === key) written.delete(k);
      return;
    }
    const plan = planSlices(slicesOf(key, svc), desiredSlices(svc, pods.list().filter((p) => p.metadata.namespace === namespace)));
    for (const { slice, content } of plan.update) remember(await deps.client.update(sliceObject(svc, content, slice)));
    for (const content of plan.create) remember(await deps.client.create(sliceObject(svc, content)));
    for (const s of plan.delete) {
      await deps.client.delete('EndpointSlice', s.metadata.namespace, s.metadata.name ?? '', { preconditions: { uid: s.metadata.uid ?? '' } })
        .catch((err: unknown) => { if (!isNotFound(err) && !isConflict(err)) throw err; });
      written.delete(objectKey(s));
      deleted.add(objectKey(s));
    }
    if (plan.create.length + plan.update.length + plan.delete.length > 0) {
      log.debug({ service: key, created: plan.create.length, updated: plan.update.length, deleted: plan.delete.length }, 'endpoint slices synced');
    }
  }

  return createController({
    name: 'endpointslice',
    informers: deps.informers,
    logger: deps.logger,
    forKind: 'Service',
    watches: [
      { kind: 'Pod', map: (pod) => servicesSelecting(services.list(), pod) },
      { kind: 'EndpointSlice', map: (s) => { const k = serviceKeyOf(s as EndpointSlice); return k ? [k] : []; } },
    ],
    // One Service at a time per key already; slices of one Service are created in one pass.
    reconcile,
  });
}
