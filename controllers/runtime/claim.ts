/**
 * The apply side of claiming: patch adoptions and releases through the API and return the children
 * the owner now controls. Shared by the ReplicaSet (pods) and Deployment (ReplicaSets) controllers.
 */
import type { Logger } from 'pino';
import { isConflict, isNotFound } from '../../api/errors.js';
import type { Selector } from '../../api/selector.js';
import type { KubeObject } from '../../api/types.js';
import type { ApiClient } from '../../client/index.js';
import { adoptPatch, claimDecision, releasePatch } from './owners.js';

/**
 * Returns the candidates `owner` controls after adopting selected orphans and releasing controlled
 * children it no longer selects. A child that vanished or changed under us (404/409) is skipped;
 * the next reconcile sees it again. Other errors throw (the queue retries).
 */
export async function claimChildren<T extends KubeObject>(
  client: ApiClient, kind: string, owner: KubeObject, selector: Selector, candidates: readonly T[], log: Logger,
): Promise<T[]> {
  const claimed: T[] = [];
  let mayAdopt: Promise<boolean> | undefined;
  for (const obj of candidates) {
    const decision = claimDecision(obj, owner, selector);
    if (decision === 'keep') claimed.push(obj);
    if (decision !== 'adopt' && decision !== 'release') continue;
    // Kubernetes' RecheckDeletionTimestamp: the cache may not show yet that the owner is being
    // deleted (e.g. with propagationPolicy Orphan, which releases these very children), so ask the
    // server once before adopting anything.
    if (decision === 'adopt' && !(await (mayAdopt ??= ownerStillLive(client, owner)))) continue;
    const name = obj.metadata.name ?? '';
    const patch = decision === 'adopt' ? adoptPatch(obj, owner) : releasePatch(obj, owner);
    try {
      const updated = await client.patch<T>(kind, obj.metadata.namespace, name, patch, 'merge');
      log.info({ kind, name, decision }, decision === 'adopt' ? 'adopted orphan' : 'released child');
      if (decision === 'adopt') claimed.push({ ...updated, kind });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }
  return claimed;
}

/** True when the owner still exists with the same uid and is not being deleted. */
async function ownerStillLive(client: ApiClient, owner: KubeObject): Promise<boolean> {
  try {
    const fresh = await client.get(owner.kind, owner.metadata.namespace, owner.metadata.name ?? '');
    return fresh.metadata.uid === owner.metadata.uid && !fresh.metadata.deletionTimestamp;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}
