import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deployment, Event, ReplicaSet } from '../../../api/types.js';
import { templateHash } from '../../../controllers/deployment/hash.js';
import { makeDeployment } from '../../support/builders.js';
import { waitFor } from '../../support/wait.js';
import { isGone, livePods, markPodsReady, startHarness, type Harness } from '../harness.js';

const REVISION = 'deployment.kubernetes.io/revision';

/** kubectl rollout status's verdict for a Deployment (kubectl-wire.md §5). */
function rolloutStatus(d: Deployment): string {
  const s = d.status ?? {};
  const want = d.spec.replicas ?? 1;
  if ((d.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) return 'waiting for spec update to be observed';
  if (s.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')) return 'exceeded its progress deadline';
  if ((s.updatedReplicas ?? 0) < want) return `${s.updatedReplicas ?? 0} out of ${want} new replicas have been updated`;
  if ((s.replicas ?? 0) > (s.updatedReplicas ?? 0)) return `${(s.replicas ?? 0) - (s.updatedReplicas ?? 0)} old replicas are pending termination`;
  if ((s.availableReplicas ?? 0) < (s.updatedReplicas ?? 0)) return `${s.availableReplicas ?? 0} of ${s.updatedReplicas ?? 0} updated replicas are available`;
  return 'successfully rolled out';
}

describe('Deployment controller (in-process API server)', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness(); });
  afterEach(async () => { await h.close(); });

  const create = async (d: Deployment): Promise<Deployment> => {
    delete d.metadata.uid;
    delete d.metadata.creationTimestamp;
    delete d.metadata.generation;
    return h.client.create(d);
  };
  const getDeploy = (): Promise<Deployment> => h.client.get<Deployment>('Deployment', 'default', 'web');
  const replicaSets = async (): Promise<ReplicaSet[]> => (await h.client.list<ReplicaSet>('ReplicaSet', 'default')).items;
  /** Plays kubelet until `kubectl rollout status` would say done; returns the Deployment. */
  const rollOut = async (check?: (rss: ReplicaSet[], d: Deployment) => void): Promise<Deployment> => waitFor(async () => {
    await markPodsReady(h.client, 'default', 'app=web');
    const d = await getDeploy();
    check?.(await replicaSets(), d);
    return rolloutStatus(d) === 'successfully rolled out' && d;
  }, { timeoutMs: 15_000, message: 'rollout to finish' });
  const setImage = (image: string): Promise<Deployment> =>
    h.client.patch<Deployment>('Deployment', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'web', image }] } } } }, 'strategic');

  it('creates one ReplicaSet named <deploy>-<hash> and its pods, and reports a finished rollout', async () => {
    const created = await create(makeDeployment('web').replicas(3).build());
    const d = await rollOut();
    const hash = templateHash(created.spec.template);
    const [rs, ...others] = await replicaSets();
    expect(others).toEqual([]);
    expect(rs?.metadata).toMatchObject({ name: `web-${hash}`, labels: { app: 'web', 'pod-template-hash': hash }, annotations: { [REVISION]: '1' } });
    expect(rs?.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(rs?.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(await livePods(h.client, 'default', `pod-template-hash=${hash}`)).toHaveLength(3);
    expect(d.metadata.annotations?.[REVISION]).toBe('1');
    expect(d.status).toMatchObject({ observedGeneration: d.metadata.generation, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 0 });
    expect(d.status?.conditions).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }),
      expect.objectContaining({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }),
    ]));
  });

  it('rolls a template change within maxSurge/maxUnavailable, scaling the old ReplicaSet down as new pods become ready', async () => {
    await create(makeDeployment('web').replicas(4).rollingUpdate(1, 0).build());
    await rollOut();
    const before = await setImage('nginx:1.26');
    expect(rolloutStatus(before)).toBe('waiting for spec update to be observed');
    let maxPods = 0;
    const d = await rollOut((rss) => { maxPods = Math.max(maxPods, rss.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0)); });
    expect(maxPods).toBeLessThanOrEqual(5); // replicas 4 + maxSurge 1
    const rss = await replicaSets();
    expect(rss).toHaveLength(2);
    const newRs = rss.find((rs) => rs.metadata.annotations?.[REVISION] === '2');
    const oldRs = rss.find((rs) => rs.metadata.annotations?.[REVISION] === '1');
    expect(newRs?.spec.replicas).toBe(4);
    expect(newRs?.spec.template.spec.containers[0]?.image).toBe('nginx:1.26');
    expect(oldRs?.spec.replicas).toBe(0);
    expect(d.metadata.annotations?.[REVISION]).toBe('2');
    expect(await livePods(h.client, 'default', 'app=web')).toHaveLength(4);
    const scaling = async (): Promise<(string | undefined)[]> =>
      (await h.client.list<Event>('Event', 'default')).items.filter((e) => e.reason === 'ScalingReplicaSet' && e.involvedObject.name === 'web').map((e) => e.message);
    await waitFor(async () => (await scaling()).some((m) => m?.startsWith(`Scaled down replica set ${oldRs?.metadata.name ?? ''}`) && m.endsWith('to 0')), { message: 'final scale-down event' });
    expect(await scaling()).toEqual(expect.arrayContaining([
      `Scaled up replica set ${newRs?.metadata.name ?? ''} from 0 to 1`,
      `Scaled down replica set ${oldRs?.metadata.name ?? ''} from 1 to 0`,
    ]));
  });

  it('rollout undo (template sent back with creationTimestamp: null and resources: {}) reuses the old ReplicaSet under a new revision', async () => {
    await create(makeDeployment('web').replicas(2).build());
    await rollOut();
    await setImage('nginx:1.26');
    await rollOut();
    const rev1 = (await replicaSets()).find((rs) => rs.metadata.annotations?.[REVISION] === '1');
    const template = structuredClone(rev1?.spec.template);
    if (!template) throw new Error('revision 1 missing');
    delete template.metadata?.labels?.['pod-template-hash'];
    const undoTemplate = { ...template, metadata: { ...template.metadata, creationTimestamp: null }, spec: { ...template.spec, containers: template.spec.containers.map((c) => ({ ...c, resources: {} })) } };
    await h.client.patch('Deployment', 'default', 'web', [{ op: 'replace', path: '/spec/template', value: undoTemplate }], 'json');
    const d = await rollOut();
    const rss = await replicaSets();
    expect(rss).toHaveLength(2); // no third ReplicaSet
    expect(rss.find((rs) => rs.metadata.name === rev1?.metadata.name)).toMatchObject({ spec: { replicas: 2 }, metadata: { annotations: { [REVISION]: '3' } } });
    expect(d.metadata.annotations?.[REVISION]).toBe('3');
  });

  it('scaling the Deployment (scale subresource) resizes the active ReplicaSet', async () => {
    await create(makeDeployment('web').replicas(2).build());
    await rollOut();
    await h.client.patch('Deployment', 'default', 'web', { spec: { replicas: 5 } }, 'merge', 'scale');
    const d = await rollOut();
    expect(d.status).toMatchObject({ replicas: 5, updatedReplicas: 5, availableReplicas: 5 });
    const [rs] = await replicaSets();
    expect(rs?.spec.replicas).toBe(5);
  });

  it('a paused Deployment holds template changes but still scales; resume rolls them out', async () => {
    await create(makeDeployment('web').replicas(2).build());
    await rollOut();
    await h.client.patch('Deployment', 'default', 'web', { spec: { paused: true } }, 'merge');
    await setImage('nginx:1.26');
    await h.client.patch('Deployment', 'default', 'web', { spec: { replicas: 3 } }, 'merge');
    const paused = await waitFor(async () => {
      const d = await getDeploy();
      return d.status?.observedGeneration === d.metadata.generation && d.status?.replicas === 3 && d;
    }, { message: 'paused deployment scaled to 3' });
    expect(paused.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' });
    expect(await replicaSets()).toHaveLength(1); // no new ReplicaSet while paused
    await h.client.patch('Deployment', 'default', 'web', { spec: { paused: false } }, 'merge');
    const d = await rollOut();
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3 });
    expect((await replicaSets()).find((rs) => rs.spec.replicas === 3)?.spec.template.spec.containers[0]?.image).toBe('nginx:1.26');
  });

  it('Recreate removes every old pod before the new ReplicaSet gets any', async () => {
    await create(makeDeployment('web').replicas(2).recreate().build());
    await rollOut();
    await setImage('nginx:1.26');
    let overlap = false;
    const d = await rollOut((rss) => {
      const live = rss.filter((rs) => (rs.spec.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0);
      if (live.length > 1) overlap = true;
    });
    expect(overlap).toBe(false);
    expect(d.status).toMatchObject({ replicas: 2, updatedReplicas: 2 });
  });

  it('keeps at most revisionHistoryLimit old ReplicaSets', async () => {
    await create(makeDeployment('web').replicas(1).revisionHistoryLimit(1).build());
    for (const image of ['nginx:1.26', 'nginx:1.27', 'nginx:1.28']) {
      await setImage(image);
      await rollOut();
    }
    const names = await waitFor(async () => { const rss = await replicaSets(); return rss.length === 2 && rss; }, { message: 'old ReplicaSets cleaned up' });
    expect(names.map((rs) => rs.metadata.annotations?.[REVISION]).sort()).toEqual(['3', '4']);
  });

  it('deleting the Deployment removes its ReplicaSets and pods (garbage collector)', async () => {
    await create(makeDeployment('web').replicas(2).build());
    await rollOut();
    const [rs] = await replicaSets();
    await h.client.delete('Deployment', 'default', 'web');
    await waitFor(async () => isGone(h.client, 'ReplicaSet', 'default', rs?.metadata.name ?? ''), { message: 'ReplicaSet collected' });
    await waitFor(async () => (await h.client.list('Pod', 'default')).items.length === 0, { message: 'pods collected' });
  });
});

describe('Deployment progress deadline (fake clock)', () => {
  let h: Harness;
  let nowMs = Date.now();
  beforeEach(async () => { h = await startHarness({ clock: { now: () => new Date(nowMs) } }); });
  afterEach(async () => { await h.close(); });

  it('reports ProgressDeadlineExceeded when pods never become ready within progressDeadlineSeconds', async () => {
    const d = makeDeployment('web').replicas(2).progressDeadlineSeconds(60).build();
    delete d.metadata.uid; delete d.metadata.creationTimestamp; delete d.metadata.generation;
    await h.client.create(d);
    const progressing = async (reason: string): Promise<Deployment | false> => {
      const cur = await h.client.get<Deployment>('Deployment', 'default', 'web');
      return cur.status?.conditions?.some((c) => c.type === 'Progressing' && c.reason === reason) === true && cur;
    };
    // pods are created (Pending, never Ready): the last progress is updatedReplicas reaching 2
    await waitFor(async () => { const cur = await progressing('ReplicaSetUpdated'); return cur && cur.status?.updatedReplicas === 2; }, { message: 'rollout started' });
    nowMs += 61_000;
    // Any event brings the Deployment back to the queue; a metadata-only patch is the smallest one.
    await h.client.patch('Deployment', 'default', 'web', { metadata: { annotations: { poke: '1' } } }, 'merge');
    const cur = await waitFor(() => progressing('ProgressDeadlineExceeded'), { message: 'deadline exceeded' });
    expect(cur.status?.conditions?.find((c) => c.type === 'Progressing')?.status).toBe('False');
    expect(rolloutStatus(cur)).toBe('exceeded its progress deadline');
  });
});
