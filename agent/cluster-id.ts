/**
 * The cluster id: the uid of the kube-system Namespace (the Kubernetes convention; kube-system is
 * created with the cluster and cannot be deleted). The agent labels its containers with it
 * (labels.ts LABEL_CLUSTER) so clusters sharing a Docker engine leave each other's containers alone.
 */
import type { Logger } from 'pino';
import type { Namespace } from '../api/types.js';
import type { ApiClient } from '../client/client.js';

/** The namespace whose uid identifies the cluster. */
export const CLUSTER_ID_NAMESPACE = 'kube-system';

/** Reads the cluster id; throws when the API server cannot be reached or kube-system has no uid. */
export async function readClusterId(client: ApiClient): Promise<string> {
  const ns = await client.get<Namespace>('Namespace', undefined, CLUSTER_ID_NAMESPACE);
  const uid = ns.metadata.uid;
  if (!uid) throw new Error(`Namespace ${CLUSTER_ID_NAMESPACE} has no uid`);
  return uid;
}

/** readClusterId until it succeeds (the API server may still be starting), unless `stopped()` turns true. */
export async function readClusterIdWithRetry(client: ApiClient, log: Logger, stopped: () => boolean): Promise<string> {
  for (let delayMs = 500; ; delayMs = Math.min(delayMs * 2, 10_000)) {
    try {
      return await readClusterId(client);
    } catch (err) {
      if (stopped()) throw err;
      log.warn({ err: err instanceof Error ? err.message : String(err), retryInMs: delayMs }, 'cannot read the cluster id; retrying');
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
