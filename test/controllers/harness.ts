/**
 * Integration harness for the controller tests: an in-process API server (memory store) plus a
 * running controller manager, and a stand-in "kubelet" that marks pods Ready through the status
 * subresource (there are no nodes or agents here: pods otherwise stay Pending).
 */
import pino from 'pino';
import { isConflict, isNotFound } from '../../api/errors.js';
import type { KubeObject, Pod } from '../../api/types.js';
import type { ApiClient } from '../../client/index.js';
import { createControllerManager, type ControllerManager } from '../../controllers/manager.js';
import type { Clock } from '../../api/clock.js';
import { startTestApi, type TestApi } from '../support/api.js';

/** A running API server + controller manager; close() stops both. */
export interface Harness {
  api: TestApi;
  client: ApiClient;
  manager: ControllerManager;
  close(): Promise<void>;
}

export async function startHarness(opts: { gcResyncMs?: number; clock?: Clock } = {}): Promise<Harness> {
  const api = await startTestApi();
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const manager = createControllerManager({
    client: api.client, logger, ...(opts.gcResyncMs ? { gcResyncMs: opts.gcResyncMs } : {}), ...(opts.clock ? { clock: opts.clock } : {}),
  });
  await manager.start();
  return {
    api, client: api.client, manager,
    async close() { manager.stop(); await api.close(); },
  };
}

/** Pods in `namespace` matching `labelSelector` that are not being deleted. */
export async function livePods(client: ApiClient, namespace: string, labelSelector: string): Promise<Pod[]> {
  const list = await client.list<Pod>('Pod', namespace, { labelSelector });
  return list.items.filter((p) => !p.metadata.deletionTimestamp);
}

/** Plays kubelet for every matching pod not yet Ready: phase Running, condition Ready=True. */
export async function markPodsReady(client: ApiClient, namespace: string, labelSelector: string): Promise<number> {
  let marked = 0;
  for (const pod of await livePods(client, namespace, labelSelector)) {
    if (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
    const now = new Date().toISOString();
    const status = { ...pod.status, phase: 'Running' as const, conditions: [{ type: 'Ready', status: 'True' as const, lastTransitionTime: now }] };
    try {
      await client.updateStatus<Pod>({ ...pod, apiVersion: 'v1', kind: 'Pod', status });
      marked++;
    } catch (err) {
      if (!isConflict(err) && !isNotFound(err)) throw err;
    }
  }
  return marked;
}

/** True when GET answers 404. */
export async function isGone(client: ApiClient, kind: string, namespace: string | undefined, name: string): Promise<boolean> {
  try {
    await client.get<KubeObject>(kind, namespace, name);
    return false;
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
}
