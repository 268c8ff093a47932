import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event, Pod, ReplicaSet } from '../../../api/types.js';
import { makeNode, makePod, makeReplicaSet } from '../../support/builders.js';
import { waitFor } from '../../support/wait.js';
import { livePods, markPodsReady, startHarness, type Harness } from '../harness.js';

describe('ReplicaSet controller (in-process API server)', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness(); });
  afterEach(async () => { await h.close(); });

  const createRs = async (name: string, replicas: number): Promise<ReplicaSet> => {
    const rs = makeReplicaSet(name).replicas(replicas).build();
    delete rs.metadata.uid;
    delete rs.metadata.creationTimestamp;
    delete rs.metadata.generation;
    return h.client.create(rs);
  };
  const podCount = (n: number) => async (): Promise<Pod[] | false> => {
    const pods = await livePods(h.client, 'default', 'app=web');
    return pods.length === n && pods;
  };

  it('creates spec.replicas pods from the template, owned by the ReplicaSet', async () => {
    const rs = await createRs('web', 3);
    const pods = await waitFor(podCount(3), { message: '3 pods' });
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[a-z0-9]+$/);
      expect(p.metadata.labels).toEqual({ app: 'web' });
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    const status = await waitFor(async () => {
      const cur = await h.client.get<ReplicaSet>('ReplicaSet', 'default', 'web');
      return cur.status?.replicas === 3 && cur.status;
    }, { message: 'status.replicas 3' });
    expect(status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 0, availableReplicas: 0, observedGeneration: rs.metadata.generation });
    const events = await waitFor(async () => {
      const evs = (await h.client.list<Event>('Event', 'default')).items.filter((e) => e.reason === 'SuccessfulCreate');
      return evs.length === 3 && evs;
    }, { message: '3 SuccessfulCreate events' });
    expect(events.map((e) => e.message).sort()).toEqual(pods.map((p) => `Created pod: ${p.metadata.name ?? ''}`).sort());
    expect(events[0]?.involvedObject).toMatchObject({ kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid });
  });

  it('replaces a deleted pod at once', async () => {
    await createRs('web', 2);
    const [victim] = await waitFor(podCount(2));
    await h.client.delete('Pod', 'default', victim?.metadata.name ?? '');
    const pods = await waitFor(async () => {
      const cur = await livePods(h.client, 'default', 'app=web');
      return cur.length === 2 && !cur.some((p) => p.metadata.name === victim?.metadata.name) && cur;
    }, { message: 'a replacement pod' });
    expect(pods).toHaveLength(2);
  });

  it('replaces a gracefully terminating pod at once: it no longer counts as a replica', async () => {
    const node = makeNode('node-1').allocatable({ cpu: '4', memory: '8Gi', pods: '110' }).build();
    delete node.metadata.uid;
    await h.client.create(node);
    await createRs('web', 2);
    const [victim] = await waitFor(podCount(2));
    const name = victim?.metadata.name ?? '';
    await h.client.createSubresource('Pod', 'default', name, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: 'node-1' } });
    await h.client.delete('Pod', 'default', name);
    const terminating = await h.client.get<Pod>('Pod', 'default', name);
    expect(terminating.metadata.deletionTimestamp).toBeTruthy(); // bound to a live node: graceful
    await waitFor(podCount(2), { message: 'replacement while the old pod terminates' });
    const status = await waitFor(async () => {
      const rs = await h.client.get<ReplicaSet>('ReplicaSet', 'default', 'web');
      return rs.status?.replicas === 2 && (await h.client.list('Pod', 'default')).items.length === 3 && rs.status;
    }, { message: 'status counts 2 of 3 pods' });
    expect(status.replicas).toBe(2);
  });

  it.each([
    { scenario: 'scale up', from: 1, to: 4 },
    { scenario: 'scale down', from: 4, to: 1 },
    { scenario: 'scale to zero', from: 2, to: 0 },
  ])('$scenario: $from -> $to pods', async ({ from, to }) => {
    await createRs('web', from);
    await waitFor(podCount(from), { message: `${from} pods` });
    await h.client.patch('ReplicaSet', 'default', 'web', { spec: { replicas: to } }, 'merge');
    await waitFor(podCount(to), { message: `${to} pods` });
    // and it stays there (no over-creation from a stale cache)
    await h.manager.idle();
    expect(await livePods(h.client, 'default', 'app=web')).toHaveLength(to);
  });

  it('counts readiness from pod status', async () => {
    await createRs('web', 2);
    await waitFor(podCount(2));
    await markPodsReady(h.client, 'default', 'app=web');
    const status = await waitFor(async () => {
      const cur = await h.client.get<ReplicaSet>('ReplicaSet', 'default', 'web');
      return cur.status?.readyReplicas === 2 && cur.status;
    }, { message: 'readyReplicas 2' });
    expect(status.availableReplicas).toBe(2);
  });

  it('adopts a matching orphan instead of creating another pod', async () => {
    const orphan = makePod('orphan').labels({ app: 'web' }).build();
    delete orphan.metadata.uid;
    await h.client.create(orphan);
    const rs = await createRs('web', 1);
    const adopted = await waitFor(async () => {
      const p = await h.client.get<Pod>('Pod', 'default', 'orphan');
      return p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid && p;
    }, { message: 'orphan adopted' });
    expect(adopted.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    await waitFor(async () => (await h.client.get<ReplicaSet>('ReplicaSet', 'default', 'web')).status?.replicas === 1, { message: 'status.replicas 1' });
    expect((await livePods(h.client, 'default', 'app=web')).map((p) => p.metadata.name)).toEqual(['orphan']);
  });
});
