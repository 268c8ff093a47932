/**
 * The ReplicaSet controller's reconcile (syncReplicaSet -> claim -> manageReplicas -> status), the
 * thin apply step around the pure plan in plan.ts and status.ts.
 */
import type { Logger } from 'pino';
import { isNotFound } from '../../api/errors.js';
import { fromLabelSelector } from '../../api/selector.js';
import { objectKey, type Pod, type ReplicaSet, type ReplicaSetStatus } from '../../api/types.js';
import type { ApiClient, EventRecorder, Informer, ReconcileResult } from '../../client/index.js';
import { claimChildren } from '../runtime/claim.js';
import type { Clock } from '../../api/clock.js';
import type { ControllerExpectations } from '../runtime/expectations.js';
import { slowStartBatch } from '../runtime/slow-start.js';
import { diffReplicas, podFromTemplate, podsToDelete } from './plan.js';
import { isPodActive, msUntilNextAvailable } from './pods.js';
import { computeReplicaSetStatus, replicaSetStatusChanged } from './status.js';

/** Everything syncReplicaSet reads and writes through. */
export interface ReplicaSetSyncContext {
  client: ApiClient;
  pods: Informer<Pod>;
  replicaSets: Informer<ReplicaSet>;
  expectations: ControllerExpectations;
  clock: Clock;
  log: Logger;
  /** Events are fire-and-forget: recording never fails or delays a reconcile. */
  recorder: EventRecorder;
  burstReplicas: number;
}

/**
 * Reconciles one ReplicaSet from the caches: claim pods, create or delete the difference (only
 * when earlier creations/deletions have been observed), then write status if it changed. Errors
 * from the manage step are thrown after the status write, so the queue retries.
 */
export async function syncReplicaSet(ctx: ReplicaSetSyncContext, key: string): Promise<ReconcileResult | void> {
  const cached = ctx.replicaSets.get(key);
  if (!cached) { ctx.expectations.forget(key); return; }
  const rs: ReplicaSet = { ...cached, apiVersion: 'apps/v1', kind: 'ReplicaSet' };
  const log = ctx.log.child({ replicaSet: key });
  const manage = ctx.expectations.satisfied(key) && !rs.metadata.deletionTimestamp;
  const candidates = ctx.pods.list().filter((p) => p.metadata.namespace === rs.metadata.namespace && isPodActive(p));
  const pods = await claimChildren(ctx.client, 'Pod', rs, fromLabelSelector(rs.spec.selector), candidates, log);
  let manageErr: unknown;
  if (manage) {
    try { await manageReplicas(ctx, key, rs, pods, log); } catch (err) { manageErr = err; }
  }
  const nowMs = ctx.clock.now().getTime();
  const status = computeReplicaSetStatus(rs, pods, nowMs);
  if (replicaSetStatusChanged(rs.status, status)) await writeStatus(ctx.client, rs, status);
  if (manageErr !== undefined) throw manageErr;
  const wait = msUntilNextAvailable(pods, rs.spec.minReadySeconds ?? 0, nowMs);
  return wait === undefined ? undefined : { requeueAfterMs: wait + 1 };
}

/**
 * Merge-patches the status subresource. No resourceVersion precondition: status is derived from the
 * caches and only this controller writes these fields, so a concurrent spec change (a scale) need not
 * cost a 409 and a retry. The uid pins the patch to the object we read (a re-created namesake 409s).
 */
async function writeStatus(client: ApiClient, rs: ReplicaSet, status: ReplicaSetStatus): Promise<void> {
  const { namespace, name, uid } = rs.metadata;
  try {
    await client.patch('ReplicaSet', namespace, name ?? '', { metadata: { ...(uid ? { uid } : {}) }, status }, 'merge', 'status');
  } catch (err) {
    // Deleted since the cache saw it (cascading delete): nothing left to report on.
    if (!isNotFound(err)) throw err;
  }
}

async function manageReplicas(ctx: ReplicaSetSyncContext, key: string, rs: ReplicaSet, pods: Pod[], log: Logger): Promise<void> {
  const diff = diffReplicas(rs.spec.replicas ?? 1, pods.length, ctx.burstReplicas);
  if (diff.create > 0) await createPods(ctx, key, rs, diff.create, log);
  if (diff.delete > 0) await deletePods(ctx, key, rs, podsToDelete(pods, diff.delete), log);
}

async function createPods(ctx: ReplicaSetSyncContext, key: string, rs: ReplicaSet, count: number, log: Logger): Promise<void> {
  // Record before creating: the informer may deliver the new pods before create() returns.
  ctx.expectations.expectCreations(key, count);
  const result = await slowStartBatch(count, 1, async () => {
    try {
      const pod = await ctx.client.create(podFromTemplate(rs));
      void ctx.recorder.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name ?? ''}`);
    } catch (err) {
      void ctx.recorder.record(rs, 'Warning', 'FailedCreate', `Error creating: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
  });
  const unobserved = count - result.successes;
  if (unobserved > 0) ctx.expectations.lowerCreations(key, unobserved);
  log.info({ created: result.successes, wanted: count }, 'created pods');
  if (result.errors.length > 0) throw result.errors[0];
}

async function deletePods(ctx: ReplicaSetSyncContext, key: string, rs: ReplicaSet, victims: Pod[], log: Logger): Promise<void> {
  const keys = victims.map(objectKey);
  ctx.expectations.expectDeletions(key, keys);
  const results = await Promise.allSettled(victims.map((p) => ctx.client.delete('Pod', p.metadata.namespace, p.metadata.name ?? '')));
  let firstErr: unknown;
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') { void ctx.recorder.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${victims[i]?.metadata.name ?? ''}`); return; }
    // A failed delete will never be observed; a 404 means it is gone already.
    ctx.expectations.deletionObserved(key, keys[i] ?? '');
    if (!isNotFound(r.reason) && firstErr === undefined) firstErr = r.reason;
  });
  log.info({ pods: keys }, 'deleted pods');
  if (firstErr !== undefined) throw firstErr;
}
