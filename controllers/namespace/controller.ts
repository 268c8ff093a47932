/**
 * The namespace controller: empties a Namespace being deleted (every namespaced kind in
 * api/resources.ts), and once nothing remains, DELETEs the namespace again so the server removes it.
 */
import type { Logger } from 'pino';
import { isNotFound } from '../../api/errors.js';
import type { KubeObject, Namespace } from '../../api/types.js';
import type { ApiClient, ReconcileResult } from '../../client/index.js';
import { createController, type Controller } from '../runtime/controller.js';
import type { InformerFactory } from '../runtime/informers.js';
import { deletionOrder, isTerminating, stillTerminating } from './plan.js';

/** What the namespace controller needs. */
export interface NamespaceControllerDeps {
  client: ApiClient;
  informers: InformerFactory;
  logger: Logger;
  /** How soon to look again while objects are still terminating; default 500 ms. */
  recheckMs?: number;
  /**
   * How long after the namespace's deletionTimestamp to start emptying it; default 3000 ms.
   * `kubectl delete -f` of a file that lists the Namespace first deletes its contents itself
   * right after, and exits 1 on each 404 if we had already removed them.
   */
  contentDelayMs?: number;
  now?: () => number;
}

/** Builds the namespace controller; start() it after the informers have synced. */
export function createNamespaceController(deps: NamespaceControllerDeps): Controller {
  const log = deps.logger.child({ controller: 'namespace' });
  const namespaces = deps.informers.forKind<Namespace>('Namespace');
  const recheckMs = deps.recheckMs ?? 500;
  const contentDelayMs = deps.contentDelayMs ?? 3000;
  const now = deps.now ?? Date.now;
  return createController({
    name: 'namespace',
    informers: deps.informers,
    logger: deps.logger,
    forKind: 'Namespace',
    reconcile: async (name): Promise<ReconcileResult | void> => {
      const ns = namespaces.get(name);
      if (!ns || !isTerminating(ns)) return;
      const since = now() - Date.parse(ns.metadata.deletionTimestamp ?? '');
      if (since < contentDelayMs) return { requeueAfterMs: contentDelayMs - since };
      const remaining = await deleteContents(deps.client, name);
      if (remaining > 0) return { requeueAfterMs: recheckMs };
      try {
        await deps.client.delete('Namespace', undefined, name);
        log.info({ namespace: name }, 'namespace emptied; deleted it');
      } catch (err) {
        if (!isNotFound(err)) throw err;
        return;
      }
      // If something appeared meanwhile the server keeps the namespace; look again.
      return { requeueAfterMs: recheckMs };
    },
  });
}

/** Deletes every object in the namespace; returns how many are still there (terminating). */
async function deleteContents(client: ApiClient, namespace: string): Promise<number> {
  let remaining = 0;
  for (const r of deletionOrder()) {
    const list = await client.list(r.kind, namespace);
    const answers = await Promise.all(list.items.map((obj) => deleteOne(client, r.kind, namespace, obj)));
    remaining += answers.filter(Boolean).length;
  }
  return remaining;
}

/** True when the object is still there afterwards. */
async function deleteOne(client: ApiClient, kind: string, namespace: string, obj: KubeObject): Promise<boolean> {
  if (obj.metadata.deletionTimestamp) return true;
  try {
    const answer = await client.delete<KubeObject>(kind, namespace, obj.metadata.name ?? '');
    return stillTerminating(answer);
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}
