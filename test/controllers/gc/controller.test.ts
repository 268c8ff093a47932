import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigMap, Pod, ReplicaSet } from '../../../api/types.js';
import { makePod, makeReplicaSet } from '../../support/builders.js';
import { waitFor } from '../../support/wait.js';
import { isGone, startHarness, type Harness } from '../harness.js';

describe('garbage collector (in-process API server)', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness({ gcResyncMs: 200 }); });
  afterEach(async () => { await h.close(); });

  const strip = <T extends { metadata: { uid?: string; creationTimestamp?: string; generation?: number } }>(o: T): T => {
    delete o.metadata.uid; delete o.metadata.creationTimestamp; delete o.metadata.generation;
    return o;
  };

  it('deleting a ReplicaSet removes its pods', async () => {
    await h.client.create(strip(makeReplicaSet('web').replicas(2).build()));
    await waitFor(async () => (await h.client.list('Pod', 'default')).items.length === 2, { message: '2 pods' });
    await h.client.delete('ReplicaSet', 'default', 'web');
    await waitFor(async () => (await h.client.list('Pod', 'default')).items.length === 0, { message: 'pods collected' });
  });

  it('deletes an object whose owner reference names an owner that never existed', async () => {
    const pod = strip(makePod('dangling').build());
    pod.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: 'no-such-uid', controller: false }];
    await h.client.create(pod);
    await waitFor(() => isGone(h.client, 'Pod', 'default', 'dangling'), { message: 'dangling pod collected' });
  });

  it('deletes a dependent whose owner was replaced by a namesake with another uid', async () => {
    const rs = await h.client.create(strip(makeReplicaSet('web').replicas(0).build()));
    const pod = strip(makePod('child').build());
    pod.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: `${rs.metadata.uid ?? ''}-old`, controller: false }];
    await h.client.create(pod);
    await waitFor(() => isGone(h.client, 'Pod', 'default', 'child'), { message: 'pod of the old owner collected' });
    expect(await isGone(h.client, 'ReplicaSet', 'default', 'web')).toBe(false);
  });

  it('keeps objects whose owner exists, and drops only the dangling reference of a co-owned one', async () => {
    const cm = await h.client.create<ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'default' }, data: {} });
    const pod = strip(makePod('co-owned').build());
    pod.metadata.ownerReferences = [
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: cm.metadata.uid ?? '' },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: 'no-such-uid' },
    ];
    await h.client.create(pod);
    const updated = await waitFor(async () => {
      const p = await h.client.get<Pod>('Pod', 'default', 'co-owned');
      return p.metadata.ownerReferences?.length === 1 && p;
    }, { message: 'dangling reference removed' });
    expect(updated.metadata.ownerReferences?.[0]?.uid).toBe(cm.metadata.uid);
  });

  it('does not collect a freshly created pod whose ReplicaSet exists (live check behind a lagging cache)', async () => {
    const rs = await h.client.create<ReplicaSet>(strip(makeReplicaSet('web').replicas(0).build()));
    const pod = strip(makePod('mine').build());
    pod.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid ?? '', controller: false }];
    await h.client.create(pod);
    // several resync periods
    await new Promise((r) => setTimeout(r, 700));
    expect(await isGone(h.client, 'Pod', 'default', 'mine')).toBe(false);
  });
});
