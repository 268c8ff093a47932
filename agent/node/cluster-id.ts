/**
 * The cluster id: the uid of the kube-system Namespace (the Kubernetes convention; kube-system is
 * created with the cluster and cannot be deleted). The agent labels its containers with it
 * (labels.ts LABEL_CLUSTER) so clusters sharing a Docker engine leave each other's containers alone.
 */
import type { Logger } from 'pino';
import type { Namespace } from '../../api/types.js';
import type { ApiClient } from '../../client/client.js';
import { retryUntilDone } from './retry.js';

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
export function readClusterIdWithRetry(client: ApiClient, log: Logger, stopped: () => boolean): Promise<string> {
  return retryUntilDone(() => readClusterId(client), { what: 'read the cluster id', log, stopped });
}
