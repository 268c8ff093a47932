/** The Deployment controller's reconcile: claim ReplicaSets, run one rollout step, write status. */
import { isNotFound } from '../../api/errors.js';
import { fromLabelSelector } from '../../api/selector.js';
import type { Deployment } from '../../api/types.js';
import type { ReconcileResult } from '../../client/index.js';
import { claimChildren } from '../runtime/claim.js';
import { splitNewAndOld } from './replicasets.js';
import { rolloutRecreate, rolloutRolling, syncPaused } from './rollout.js';
import type { DeploymentSyncContext, RolloutState } from './state.js';
import { computeDeploymentStatus, deploymentStatusChanged, progressRecheckMs } from './status.js';

/**
 * Reconciles one Deployment from the caches. Writes go through the API; a 409 (stale cache) throws
 * and the queue retries after the newer object arrives. Status is written only after the step has
 * run, so observedGeneration never claims a generation that was not acted on.
 */
export async function syncDeployment(ctx: DeploymentSyncContext, key: string): Promise<ReconcileResult | void> {
  const cached = ctx.deployments.get(key);
  if (!cached || cached.metadata.deletionTimestamp) return;
  const d: Deployment = { ...cached, apiVersion: 'apps/v1', kind: 'Deployment' };
  const log = ctx.log.child({ deployment: key });
  const candidates = ctx.replicaSets.list().filter((rs) => rs.metadata.namespace === d.metadata.namespace);
  const rss = await claimChildren(ctx.client, 'ReplicaSet', d, fromLabelSelector(d.spec.selector), candidates, log);
  const state: RolloutState = { d, rss: [...rss], createdNewRs: false, log };
  if (d.spec.paused) await syncPaused(ctx, state);
  else if (d.spec.strategy?.type === 'Recreate') await rolloutRecreate(ctx, state);
  else await rolloutRolling(ctx, state);
  return writeStatus(ctx, state);
}

async function writeStatus(ctx: DeploymentSyncContext, state: RolloutState): Promise<ReconcileResult | void> {
  const { newRs } = splitNewAndOld(state.d, state.rss);
  const nowMs = ctx.clock.now().getTime();
  const status = computeDeploymentStatus({ d: state.d, all: state.rss, ...(newRs ? { newRs } : {}), nowMs, createdNewRs: state.createdNewRs });
  if (deploymentStatusChanged(state.d.status, status)) {
    // Merge patch, pinned by uid but not resourceVersion: status is recomputed from the caches on
    // every pass, and this controller is its only writer (see replicaset/sync.ts writeStatus).
    const { namespace, name, uid } = state.d.metadata;
    try {
      await ctx.client.patch('Deployment', namespace, name ?? '', { metadata: { ...(uid ? { uid } : {}) }, status }, 'merge', 'status');
    } catch (err) {
      if (isNotFound(err)) return; // deleted since the cache saw it
      throw err;
    }
  }
  const recheck = progressRecheckMs(state.d, status, nowMs);
  return recheck === undefined ? undefined : { requeueAfterMs: recheck };
}
