/**
 * The two strategies' apply steps (rolling.go, recreate.go). Each pass does one step and returns;
 * ReplicaSet status changes bring the Deployment back to the queue for the next step.
 */
import type { ReplicaSet } from '../../api/types.js';
import { splitNewAndOld } from './replicasets.js';
import { newReplicaSetReplicas, planOldReplicaSetsScaleDown } from './rolling.js';
import { cleanupOldReplicaSets, countsOf, ensureNewReplicaSet, scaleReplicaSet, type DeploymentSyncContext, type RolloutState } from './state.js';
import { computeCounts, isDeploymentComplete } from './status.js';

/** One RollingUpdate step: scale the new ReplicaSet up, else old ones down, else clean up. */
export async function rolloutRolling(ctx: DeploymentSyncContext, state: RolloutState): Promise<void> {
  const oldAtStart = splitNewAndOld(state.d, state.rss).old;
  const initial = (): number => newReplicaSetReplicas(state.d, { name: '', replicas: 0, availableReplicas: 0, createdMs: 0 }, oldAtStart.map(countsOf));
  const newRs = await ensureNewReplicaSet(ctx, state, true, initial);
  if (!newRs) return;
  const old = state.rss.filter((rs) => rs.metadata.name !== newRs.metadata.name);
  const target = newReplicaSetReplicas(state.d, countsOf(newRs), state.rss.map(countsOf));
  if (target !== (newRs.spec.replicas ?? 0)) {
    await scaleReplicaSet(ctx, state, newRs, target);
    return;
  }
  const actions = planOldReplicaSetsScaleDown(state.d, countsOf(newRs), old.map(countsOf));
  if (actions.length > 0) {
    await Promise.all(actions.map(async (a) => {
      const rs = state.rss.find((x) => x.metadata.name === a.name);
      if (rs) await scaleReplicaSet(ctx, state, rs, a.replicas);
    }));
    return;
  }
  if (isDeploymentComplete(state.d, computeCounts(state.d, state.rss, newRs))) await cleanupOldReplicaSets(ctx, state, old);
}

/** One Recreate step: scale every old ReplicaSet to 0, wait for their pods to go, then bring up the new one. */
export async function rolloutRecreate(ctx: DeploymentSyncContext, state: RolloutState): Promise<void> {
  await ensureNewReplicaSet(ctx, state, false, () => 0);
  const activeOld = splitNewAndOld(state.d, state.rss).old.filter((rs) => (rs.spec.replicas ?? 0) > 0);
  if (activeOld.length > 0) {
    await Promise.all(activeOld.map((rs) => scaleReplicaSet(ctx, state, rs, 0)));
    return;
  }
  if (oldPodsRunning(ctx, splitNewAndOld(state.d, state.rss).old)) return;
  const desired = state.d.spec.replicas ?? 1;
  const newRs = await ensureNewReplicaSet(ctx, state, true, () => desired);
  if (!newRs) return;
  await scaleReplicaSet(ctx, state, newRs, desired);
  const { old } = splitNewAndOld(state.d, state.rss);
  if (isDeploymentComplete(state.d, computeCounts(state.d, state.rss, newRs))) await cleanupOldReplicaSets(ctx, state, old);
}

/** Any pod of an old ReplicaSet still exists and has not finished (terminating pods count). */
function oldPodsRunning(ctx: DeploymentSyncContext, old: readonly ReplicaSet[]): boolean {
  if (old.some((rs) => (rs.status?.replicas ?? 0) > 0)) return true;
  const uids = new Set(old.map((rs) => rs.metadata.uid));
  return ctx.pods.list().some((p) => {
    const owner = p.metadata.ownerReferences?.find((r) => r.controller === true);
    return owner !== undefined && uids.has(owner.uid) && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
  });
}

/**
 * A paused Deployment rolls nothing, but a scale still applies when one ReplicaSet is active (or
 * none is and the template's ReplicaSet exists). Mid-rollout scaling of a paused Deployment would need
 * Kubernetes' proportional scaling, which we do not implement: it waits for the resume.
 */
export async function syncPaused(ctx: DeploymentSyncContext, state: RolloutState): Promise<void> {
  const active = state.rss.filter((rs) => (rs.spec.replicas ?? 0) > 0);
  const target = active.length === 0 ? splitNewAndOld(state.d, state.rss).newRs : active.length === 1 ? active[0] : undefined;
  if (target) await scaleReplicaSet(ctx, state, target, state.d.spec.replicas ?? 1);
}
