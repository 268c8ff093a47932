/**
 * The apply-side building blocks of a Deployment sync: the per-pass state and the writes that keep
 * it current (scale, create, revision sync, cleanup). Each write replaces the cached object in the
 * state with the server's answer, so later steps and the status see what was just written.
 */
import type { Logger } from 'pino';
import { isAlreadyExists, isNotFound } from '../../api/errors.js';
import type { Deployment, Pod, ReplicaSet } from '../../api/types.js';
import type { ApiClient, EventRecorder, Informer } from '../../client/index.js';
import type { Clock } from '../../api/clock.js';
import { isControlledBy } from '../runtime/owners.js';
import { templateHash } from './hash.js';
import { buildReplicaSet, replicaSetsToCleanUp, splitNewAndOld } from './replicasets.js';
import { newRevision, REVISION_ANNOTATION, revisionOf } from './revision.js';
import type { ReplicaSetCounts } from './rolling.js';

/** Everything a Deployment sync reads and writes through. */
export interface DeploymentSyncContext {
  client: ApiClient;
  deployments: Informer<Deployment>;
  replicaSets: Informer<ReplicaSet>;
  pods: Informer<Pod>;
  clock: Clock;
  log: Logger;
  /** Events are fire-and-forget: recording never fails or delays a reconcile. */
  recorder: EventRecorder;
}

/** One pass's view: the Deployment and its ReplicaSets, updated as writes succeed. */
export interface RolloutState {
  d: Deployment;
  rss: ReplicaSet[];
  createdNewRs: boolean;
  log: Logger;
}

/** The counts the rollout math reads from a ReplicaSet. */
export function countsOf(rs: ReplicaSet): ReplicaSetCounts {
  return {
    name: rs.metadata.name ?? '',
    replicas: rs.spec.replicas ?? 0,
    availableReplicas: rs.status?.availableReplicas ?? 0,
    createdMs: Date.parse(rs.metadata.creationTimestamp ?? '') || 0,
  };
}

const asReplicaSet = (rs: ReplicaSet): ReplicaSet => ({ ...rs, apiVersion: 'apps/v1', kind: 'ReplicaSet' });

function replace(state: RolloutState, rs: ReplicaSet): ReplicaSet {
  const fixed = asReplicaSet(rs);
  const i = state.rss.findIndex((x) => x.metadata.name === fixed.metadata.name);
  if (i >= 0) state.rss[i] = fixed; else state.rss.push(fixed);
  return fixed;
}

/** Sets a ReplicaSet's spec.replicas (PUT with its resourceVersion: a 409 makes the queue retry). */
export async function scaleReplicaSet(ctx: DeploymentSyncContext, state: RolloutState, rs: ReplicaSet, replicas: number): Promise<ReplicaSet> {
  if ((rs.spec.replicas ?? 0) === replicas) return rs;
  const updated = await ctx.client.update<ReplicaSet>({ ...rs, spec: { ...rs.spec, replicas } });
  const from = rs.spec.replicas ?? 0;
  state.log.info({ replicaSet: rs.metadata.name, from, to: replicas }, 'scaled replica set');
  void ctx.recorder.record(state.d, 'Normal', 'ScalingReplicaSet', `Scaled ${replicas > from ? 'up' : 'down'} replica set ${rs.metadata.name ?? ''} from ${from} to ${replicas}`);
  return replace(state, updated);
}

/**
 * Finds the ReplicaSet of the current template (creating it with `initialReplicas()` when
 * `create` is set), gives it the newest revision, and mirrors that revision on the Deployment.
 */
export async function ensureNewReplicaSet(
  ctx: DeploymentSyncContext, state: RolloutState, create: boolean, initialReplicas: () => number,
): Promise<ReplicaSet | undefined> {
  const { newRs, old } = splitNewAndOld(state.d, state.rss);
  const revision = newRevision(newRs, old);
  let result = newRs;
  if (newRs && (revisionOf(newRs) !== revision || (newRs.spec.minReadySeconds ?? 0) !== (state.d.spec.minReadySeconds ?? 0))) {
    const annotations = { ...newRs.metadata.annotations, [REVISION_ANNOTATION]: String(revision) };
    const spec = { ...newRs.spec, minReadySeconds: state.d.spec.minReadySeconds ?? 0 };
    result = replace(state, await ctx.client.update<ReplicaSet>({ ...newRs, metadata: { ...newRs.metadata, annotations }, spec }));
  } else if (!newRs && create) {
    result = replace(state, await createReplicaSet(ctx, state.d, buildReplicaSet(state.d, revision, initialReplicas())));
    state.createdNewRs = true;
    state.log.info({ replicaSet: result.metadata.name, revision }, 'created new replica set');
    void ctx.recorder.record(state.d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${result.metadata.name ?? ''} from 0 to ${result.spec.replicas ?? 0}`);
  }
  if (result) await syncDeploymentRevision(ctx, state, revisionOf(result));
  return result;
}

/** Creates the ReplicaSet; if it exists already (our cache lagged) and is ours, uses it. */
async function createReplicaSet(ctx: DeploymentSyncContext, d: Deployment, rs: ReplicaSet): Promise<ReplicaSet> {
  try {
    return await ctx.client.create(rs);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const live = asReplicaSet(await ctx.client.get<ReplicaSet>('ReplicaSet', rs.metadata.namespace, rs.metadata.name ?? ''));
    if (isControlledBy(live, d) && templateHash(live.spec.template) === templateHash(d.spec.template)) return live;
    throw new Error(`replica set ${rs.metadata.name ?? ''} exists and does not belong to this deployment's template (hash collision)`, { cause: err });
  }
}

async function syncDeploymentRevision(ctx: DeploymentSyncContext, state: RolloutState, revision: number): Promise<void> {
  if (revision === 0 || revisionOf(state.d) === revision) return;
  const { namespace, name } = state.d.metadata;
  const patch = { metadata: { annotations: { [REVISION_ANNOTATION]: String(revision) } } };
  const updated = await ctx.client.patch<Deployment>('Deployment', namespace, name ?? '', patch, 'merge');
  state.d = { ...updated, apiVersion: 'apps/v1', kind: 'Deployment' };
}

/** Deletes old, fully scaled-down ReplicaSets beyond revisionHistoryLimit (default 10). */
export async function cleanupOldReplicaSets(ctx: DeploymentSyncContext, state: RolloutState, old: readonly ReplicaSet[]): Promise<void> {
  for (const rs of replicaSetsToCleanUp(old, state.d.spec.revisionHistoryLimit ?? 10)) {
    try {
      await ctx.client.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name ?? '');
      state.log.info({ replicaSet: rs.metadata.name }, 'deleted old replica set');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    state.rss = state.rss.filter((x) => x !== rs);
  }
}
