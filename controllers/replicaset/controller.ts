/**
 * The ReplicaSet controller: keeps spec.replicas active pods for every ReplicaSet (STYLE habits
 * 5-7). Reconcile is level-triggered over the shared Pod and ReplicaSet caches.
 */
import type { Logger } from 'pino';
import { fromLabelSelector, matchesLabels } from '../../api/selector.js';
import { controllerOf, objectKey, type KubeObject, type Pod, type ReplicaSet } from '../../api/types.js';
import { createEventRecorder, type ApiClient, type EventRecorder, type Informer, type InformerHandlers } from '../../client/index.js';
import type { Clock } from '../../api/clock.js';
import { createController, ownerKeyOf, type Controller } from '../runtime/controller.js';
import { createExpectations, type ControllerExpectations } from '../runtime/expectations.js';
import type { InformerFactory } from '../runtime/informers.js';
import { BURST_REPLICAS } from './plan.js';
import { syncReplicaSet } from './sync.js';

/** What the ReplicaSet controller needs. */
export interface ReplicaSetControllerDeps {
  client: ApiClient;
  informers: InformerFactory;
  logger: Logger;
  clock: Clock;
  /** Defaults to a recorder writing Events as "replicaset-controller". */
  recorder?: EventRecorder;
  /** Most pods created or deleted per pass; default 500. */
  burstReplicas?: number;
  concurrency?: number;
}

/** Builds the ReplicaSet controller; start() it after the informers have synced. */
export function createReplicaSetController(deps: ReplicaSetControllerDeps): Controller {
  const pods = deps.informers.forKind<Pod>('Pod');
  const replicaSets = deps.informers.forKind<ReplicaSet>('ReplicaSet');
  const expectations = createExpectations(deps.clock);
  // Registered before the controller's enqueue handlers: the queue may start a reconcile
  // synchronously inside an enqueue, and it must already see this event's expectation update.
  pods.addHandlers(expectationHandlers(expectations));
  const log = deps.logger.child({ controller: 'replicaset' });
  const ctx = {
    client: deps.client, pods, replicaSets, expectations, clock: deps.clock, log,
    recorder: deps.recorder ?? createEventRecorder(deps.client, 'replicaset-controller', { logger: log, now: () => deps.clock.now() }),
    burstReplicas: deps.burstReplicas ?? BURST_REPLICAS,
  };
  return createController({
    name: 'replicaset',
    informers: deps.informers,
    logger: deps.logger,
    forKind: 'ReplicaSet',
    owns: ['Pod'],
    watches: [{ kind: 'Pod', map: (pod) => orphanOwners(pod, replicaSets) }],
    reconcile: (key) => syncReplicaSet(ctx, key),
    ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
  });
}

/** Pod events settle the ReplicaSet's creation/deletion expectations. */
function expectationHandlers(exp: ControllerExpectations): InformerHandlers<Pod> {
  const observeDeletion = (pod: Pod): void => {
    const owner = ownerKeyOf(pod, 'ReplicaSet');
    if (owner) exp.deletionObserved(owner, objectKey(pod));
  };
  return {
    onAdd(pod) {
      const owner = ownerKeyOf(pod, 'ReplicaSet');
      if (!owner) return;
      if (pod.metadata.deletionTimestamp) exp.deletionObserved(owner, objectKey(pod));
      else exp.creationObserved(owner);
    },
    onUpdate(old, pod) { if (!old.metadata.deletionTimestamp && pod.metadata.deletionTimestamp) observeDeletion(pod); },
    onDelete: observeDeletion,
  };
}

/** For an orphan pod: the ReplicaSets in its namespace whose selector matches it (they may adopt it). */
function orphanOwners(pod: KubeObject, replicaSets: Informer<ReplicaSet>): string[] {
  if (controllerOf(pod)) return [];
  return replicaSets.list()
    .filter((rs) => rs.metadata.namespace === pod.metadata.namespace)
    .filter((rs) => { const sel = fromLabelSelector(rs.spec.selector); return sel.length > 0 && matchesLabels(sel, pod.metadata.labels); })
    .map(objectKey);
}
