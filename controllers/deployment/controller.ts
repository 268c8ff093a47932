/**
 * The Deployment controller: one ReplicaSet per pod template, rolled by RollingUpdate or Recreate,
 * with the status `kubectl rollout status` reads. Level-triggered over the shared caches.
 */
import type { Logger } from 'pino';
import { fromLabelSelector, matchesLabels } from '../../api/selector.js';
import { controllerOf, objectKey, type Deployment, type KubeObject, type Pod, type ReplicaSet } from '../../api/types.js';
import { createEventRecorder, type ApiClient, type EventRecorder, type Informer } from '../../client/index.js';
import type { Clock } from '../../api/clock.js';
import { createController, ownerKeyOf, type Controller } from '../runtime/controller.js';
import type { InformerFactory } from '../runtime/informers.js';
import type { DeploymentSyncContext } from './state.js';
import { syncDeployment } from './sync.js';

/** What the Deployment controller needs. */
export interface DeploymentControllerDeps {
  client: ApiClient;
  informers: InformerFactory;
  logger: Logger;
  clock: Clock;
  /** Defaults to a recorder writing Events as "deployment-controller". */
  recorder?: EventRecorder;
  concurrency?: number;
}

/** Builds the Deployment controller; start() it after the informers have synced. */
export function createDeploymentController(deps: DeploymentControllerDeps): Controller {
  const log = deps.logger.child({ controller: 'deployment' });
  const ctx: DeploymentSyncContext = {
    client: deps.client,
    deployments: deps.informers.forKind<Deployment>('Deployment'),
    replicaSets: deps.informers.forKind<ReplicaSet>('ReplicaSet'),
    pods: deps.informers.forKind<Pod>('Pod'),
    clock: deps.clock,
    log,
    recorder: deps.recorder ?? createEventRecorder(deps.client, 'deployment-controller', { logger: log, now: () => deps.clock.now() }),
  };
  return createController({
    name: 'deployment',
    informers: deps.informers,
    logger: deps.logger,
    forKind: 'Deployment',
    owns: ['ReplicaSet'],
    watches: [
      { kind: 'ReplicaSet', map: (rs) => orphanOwners(rs, ctx.deployments) },
      // Recreate waits for old pods to be gone; only their deletion tells us.
      { kind: 'Pod', map: (pod) => deploymentOfPod(pod, ctx.replicaSets), events: ['delete'] },
    ],
    reconcile: (key) => syncDeployment(ctx, key),
    ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
  });
}

/** For an orphan ReplicaSet: the Deployments in its namespace that select it (they may adopt it). */
function orphanOwners(rs: KubeObject, deployments: Informer<Deployment>): string[] {
  if (controllerOf(rs)) return [];
  return deployments.list()
    .filter((d) => d.metadata.namespace === rs.metadata.namespace)
    .filter((d) => { const sel = fromLabelSelector(d.spec.selector); return sel.length > 0 && matchesLabels(sel, rs.metadata.labels); })
    .map(objectKey);
}

/** The Deployment that controls the pod's ReplicaSet, if any. */
function deploymentOfPod(pod: KubeObject, replicaSets: Informer<ReplicaSet>): string[] {
  const rsKey = ownerKeyOf(pod, 'ReplicaSet');
  const rs = rsKey ? replicaSets.get(rsKey) : undefined;
  const key = rs ? ownerKeyOf(rs, 'Deployment') : undefined;
  return key ? [key] : [];
}
