import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Namespace } from '../../../api/types.js';
import { makeDeployment, makePod } from '../../support/builders.js';
import { waitFor } from '../../support/wait.js';
import { isGone, startHarness, type Harness } from '../harness.js';

describe('namespace controller (in-process API server)', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness(); });
  afterEach(async () => { await h.close(); });

  it('empties a deleted namespace, then removes it', async () => {
    await h.client.create<Namespace>({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    const d = makeDeployment('web').namespace('team').replicas(2).build();
    delete d.metadata.uid; delete d.metadata.creationTimestamp; delete d.metadata.generation;
    await h.client.create(d);
    const pod = makePod('loose').namespace('team').build();
    delete pod.metadata.uid;
    await h.client.create(pod);
    await h.client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'team' }, data: { a: 'b' } });
    await waitFor(async () => (await h.client.list('Pod', 'team')).items.length === 3, { message: 'deployment pods + loose pod' });

    const deleted = await h.client.delete<Namespace>('Namespace', undefined, 'team');
    expect(deleted.metadata.deletionTimestamp ?? deleted.status?.phase).toBeTruthy();
    await waitFor(() => isGone(h.client, 'Namespace', undefined, 'team'), { timeoutMs: 10_000, message: 'namespace removed' });
    for (const kind of ['Pod', 'Deployment', 'ReplicaSet', 'ConfigMap']) {
      expect((await h.client.list(kind, 'team')).items, kind).toEqual([]);
    }
  });

  it('leaves other namespaces alone', async () => {
    await h.client.create<Namespace>({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    await h.client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep', namespace: 'default' }, data: {} });
    await h.client.delete('Namespace', undefined, 'doomed');
    await waitFor(() => isGone(h.client, 'Namespace', undefined, 'doomed'), { message: 'empty namespace removed' });
    expect(await isGone(h.client, 'ConfigMap', 'default', 'keep')).toBe(false);
    expect(await isGone(h.client, 'Namespace', undefined, 'default')).toBe(false);
  });
});
