/**
 * propagationPolicy: Orphan (`kubectl delete --cascade=orphan`): the owner goes, its dependents stay
 * and lose their ownerReference — even with the garbage collector running.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../../api/types.js';
import { createControllerManager } from '../../controllers/manager.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { waitFor } from '../support/wait.js';

let api: TestApi;
let manager: ReturnType<typeof createControllerManager>;

function deployment(name: string): Deployment {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'tugboat/echo:1' }] } } },
  };
}

async function deleteWith(name: string, body: unknown): Promise<number> {
  const res = await fetch(`${api.url}/apis/apps/v1/namespaces/default/deployments/${name}`, {
    method: 'DELETE', body: JSON.stringify(body), headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json' },
  });
  return res.status;
}

const replicaSetsOf = async (app: string): Promise<ReplicaSet[]> => (await api.client.list<ReplicaSet>('ReplicaSet', 'default', { labelSelector: `app=${app}` })).items;

beforeAll(async () => {
  api = await startTestApi();
  manager = createControllerManager({ client: api.client, logger: pino({ level: 'silent' }), gcResyncMs: 100 });
  await manager.start();
});
afterAll(async () => { manager.stop(); await api.close(); });

describe('DELETE with propagationPolicy Orphan', () => {
  it('keeps the ReplicaSet and its pods, without an ownerReference to the Deployment', async () => {
    await api.client.create(deployment('keep'));
    await waitFor(async () => (await replicaSetsOf('keep')).length === 1 && (await api.client.list('Pod', 'default', { labelSelector: 'app=keep' })).items.length === 2, { message: 'rs and pods' });
    expect(await deleteWith('keep', { propagationPolicy: 'Orphan' })).toBe(200);
    // A canary whose owner never existed: once the collector has removed it, it has also had its
    // chance at everything queued before (the orphaned ReplicaSet's and pods' events).
    await api.client.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'canary', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: 'no-such-uid', controller: true }] }, spec: { containers: [{ name: 'c', image: 'tugboat/echo:1' }] } });
    await waitFor(async () => (await api.client.list('Pod', 'default', { fieldSelector: 'metadata.name=canary' })).items.length === 0, { message: 'canary collected' });
    const rss = await replicaSetsOf('keep');
    expect(rss).toHaveLength(1);
    expect(rss[0]?.metadata.ownerReferences).toBeUndefined();
    expect((await api.client.list('Pod', 'default', { labelSelector: 'app=keep' })).items).toHaveLength(2);
  });

  it('Background (the default) still cascades', async () => {
    await api.client.create(deployment('gone'));
    await waitFor(async () => (await replicaSetsOf('gone')).length === 1, { message: 'rs' });
    expect(await deleteWith('gone', { propagationPolicy: 'Background' })).toBe(200);
    await waitFor(async () => (await replicaSetsOf('gone')).length === 0, { message: 'rs collected' });
  });
});
