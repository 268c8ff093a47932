/**
 * Subresources and deletion rules through HTTP: status, scale, pods/binding, graceful pod deletion
 * and terminating namespaces.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deployment, Pod } from '../../api/types.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { call, deploymentManifest, field, namespaceManifest, nodeManifest, PATCH_TYPES, podManifest, TABLE_ACCEPT } from './helpers.js';

const WEB = '/apis/apps/v1/namespaces/default/deployments/web';
const POD = (name: string, ns = 'default'): string => `/api/v1/namespaces/${ns}/pods/${name}`;

let api: TestApi;
beforeEach(async () => { api = await startTestApi(); });
afterEach(async () => { await api.close(); });

const binding = (pod: string, node: string): unknown => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name: pod }, target: { kind: 'Node', name: node } });

describe('status subresource', () => {
  it('PUT status changes only status', async () => {
    const d = await api.client.create(deploymentManifest());
    const body = { ...d, spec: { ...d.spec, replicas: 9 }, metadata: { ...d.metadata, labels: { changed: 'yes' } }, status: { replicas: 3, readyReplicas: 2, observedGeneration: 1 } };
    const res = await call(api, `${WEB}/status`, { method: 'PUT', body });
    expect(res.status).toBe(200);
    expect(field(res.body, 'status')).toEqual({ replicas: 3, readyReplicas: 2, observedGeneration: 1 });
    expect(field(res.body, 'spec.replicas')).toBe(3);
    expect(field(res.body, 'metadata.generation')).toBe(1);
    const stored = await api.client.get<Deployment>('Deployment', 'default', 'web');
    expect(stored.spec.replicas).toBe(3);
    expect(stored.metadata.labels).toEqual({ app: 'web' });
  });

  it('PATCH status (merge) changes only status', async () => {
    await api.client.create(deploymentManifest());
    const res = await call(api, `${WEB}/status`, { method: 'PATCH', body: { spec: { replicas: 9 }, status: { availableReplicas: 1 } }, contentType: PATCH_TYPES.merge });
    expect(res.status).toBe(200);
    expect(field(res.body, 'status.availableReplicas')).toBe(1);
    expect(field(res.body, 'spec.replicas')).toBe(3);
  });

  it('PATCH status (strategic) merges conditions by type', async () => {
    const pod = await api.client.create(podManifest('p'));
    await api.client.updateStatus({ ...pod, status: { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False' }] } });
    const res = await call(api, `${POD('p')}/status`, { method: 'PATCH', body: { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, contentType: PATCH_TYPES.strategic });
    expect(field(res.body, 'status.conditions')).toEqual([{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }]);
  });

  it('the main PUT does not change status', async () => {
    const d = await api.client.create(deploymentManifest());
    await api.client.updateStatus({ ...d, status: { replicas: 1 } });
    const current = await api.client.get<Deployment>('Deployment', 'default', 'web');
    const res = await call(api, WEB, { method: 'PUT', body: { ...current, spec: { ...current.spec, replicas: 4 }, status: { replicas: 99 } } });
    expect(res.status).toBe(200);
    expect(field(res.body, 'spec.replicas')).toBe(4);
    expect(field(res.body, 'status')).toEqual({ replicas: 1 });
  });

  it('a status PUT with a stale resourceVersion is 409', async () => {
    const d = await api.client.create(deploymentManifest());
    await api.client.patch('Deployment', 'default', 'web', { spec: { replicas: 4 } });
    const res = await call(api, `${WEB}/status`, { method: 'PUT', body: { ...d, status: { replicas: 1 } } });
    expect(res.status).toBe(409);
  });
});

describe('scale subresource', () => {
  it('GET answers an autoscaling/v1 Scale', async () => {
    await api.client.create(deploymentManifest());
    const res = await call(api, `${WEB}/scale`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 3 }, status: { replicas: 0, selector: 'app=web' } });
    expect(typeof field(res.body, 'metadata.resourceVersion')).toBe('string');
  });

  it('PATCH (merge, as kubectl scale sends it) answers a Scale and bumps the generation', async () => {
    await api.client.create(deploymentManifest());
    const res = await call(api, `${WEB}/scale`, { method: 'PATCH', body: { spec: { replicas: 5 } }, contentType: PATCH_TYPES.merge });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 5 } });
    const d = await api.client.get<Deployment>('Deployment', 'default', 'web');
    expect(d.spec.replicas).toBe(5);
    expect(d.metadata.generation).toBe(2);
  });

  it('PUT with the current resourceVersion scales; with a stale one it is 409', async () => {
    await api.client.create(deploymentManifest());
    const scale = (await call(api, `${WEB}/scale`)).body;
    const ok = await call(api, `${WEB}/scale`, { method: 'PUT', body: { ...scale, spec: { replicas: 2 } } });
    expect(ok.status).toBe(200);
    expect(field(ok.body, 'spec.replicas')).toBe(2);
    const stale = await call(api, `${WEB}/scale`, { method: 'PUT', body: { ...scale, spec: { replicas: 7 } } });
    expect(stale.status).toBe(409);
    expect(field(stale.body, 'reason')).toBe('Conflict');
    expect((await api.client.get<Deployment>('Deployment', 'default', 'web')).spec.replicas).toBe(2);
  });

  it('a negative replica count is 422', async () => {
    await api.client.create(deploymentManifest());
    const res = await call(api, `${WEB}/scale`, { method: 'PATCH', body: { spec: { replicas: -1 } }, contentType: PATCH_TYPES.merge });
    expect(res.status).toBe(422);
  });

  it('ReplicaSets scale too, and pods have no scale subresource', async () => {
    const d = deploymentManifest('rs1');
    await api.client.create({ ...d, kind: 'ReplicaSet' });
    const res = await call(api, '/apis/apps/v1/namespaces/default/replicasets/rs1/scale', { method: 'PATCH', body: { spec: { replicas: 1 } }, contentType: PATCH_TYPES.merge });
    expect(field(res.body, 'spec.replicas')).toBe(1);
    await api.client.create(podManifest('p'));
    expect((await call(api, `${POD('p')}/scale`)).status).toBe(404);
  });
});

describe('pods/binding', () => {
  it('binds: sets spec.nodeName and PodScheduled=True; a second bind is 409', async () => {
    await api.client.create(podManifest('p'));
    const res = await call(api, `${POD('p')}/binding`, { method: 'POST', body: binding('p', 'node-1') });
    expect(res.status).toBe(201);
    const pod = await api.client.get<Pod>('Pod', 'default', 'p');
    expect(pod.spec.nodeName).toBe('node-1');
    expect(pod.status?.conditions).toEqual([expect.objectContaining({ type: 'PodScheduled', status: 'True' })]);
    const again = await call(api, `${POD('p')}/binding`, { method: 'POST', body: binding('p', 'node-2') });
    expect(again.status).toBe(409);
    expect((await api.client.get<Pod>('Pod', 'default', 'p')).spec.nodeName).toBe('node-1');
  });

  it.each([
    { scenario: 'no target', body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' } }, status: 400 },
    { scenario: 'empty target name', body: binding('p', ''), status: 400 },
  ])('$scenario -> $status', async ({ body, status }) => {
    await api.client.create(podManifest('p'));
    expect((await call(api, `${POD('p')}/binding`, { method: 'POST', body })).status).toBe(status);
  });

  it('concurrent binds to different nodes: exactly one wins', async () => {
    await api.client.create(podManifest('p'));
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => call(api, `${POD('p')}/binding`, { method: 'POST', body: binding('p', `node-${i}`) })));
    const winners = results.flatMap((r, i) => (r.status === 201 ? [`node-${i}`] : []));
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    expect((await api.client.get<Pod>('Pod', 'default', 'p')).spec.nodeName).toBe(winners[0]);
  });

  it('binding a missing pod is 404', async () => {
    expect((await call(api, `${POD('nosuch')}/binding`, { method: 'POST', body: binding('nosuch', 'n') })).status).toBe(404);
  });

  it('a pod update may not move a bound pod to another node', async () => {
    await api.client.create(podManifest('p'));
    await api.client.createSubresource('Pod', 'default', 'p', 'binding', binding('p', 'node-1'));
    const pod = await api.client.get<Pod>('Pod', 'default', 'p');
    const res = await call(api, POD('p'), { method: 'PUT', body: { ...pod, spec: { ...pod.spec, nodeName: 'node-2' } } });
    expect(res.status).toBe(422);
    expect(field(res.body, 'details.causes')).toEqual([expect.objectContaining({ field: 'spec.nodeName' })]);
    expect((await api.client.get<Pod>('Pod', 'default', 'p')).spec.nodeName).toBe('node-1');
  });
});

describe('graceful pod deletion', () => {
  async function boundPod(name: string, node: string): Promise<void> {
    await api.client.create(podManifest(name));
    await api.client.createSubresource('Pod', 'default', name, 'binding', binding(name, node));
  }

  it('a pod bound to an existing node gets a deletionTimestamp; grace 0 removes it', async () => {
    await api.client.create(nodeManifest('node-1'));
    await boundPod('p', 'node-1');
    const res = await call(api, POD('p'), { method: 'DELETE', body: { propagationPolicy: 'Background' } });
    expect(res.status).toBe(200);
    expect(field(res.body, 'metadata.deletionTimestamp')).toEqual(expect.any(String));
    const still = await call(api, POD('p'));
    expect(still.status).toBe(200);
    expect(field(still.body, 'metadata.deletionTimestamp')).toEqual(expect.any(String));
    const table = await call(api, POD('p'), { accept: TABLE_ACCEPT });
    expect(field(table.body, 'rows')).toEqual([expect.objectContaining({ cells: expect.arrayContaining(['Terminating']) })]);
    const again = await call(api, POD('p'), { method: 'DELETE', body: {} });
    expect(again.status).toBe(200);
    expect((await call(api, POD('p'))).status).toBe(200);
    const now = await call(api, POD('p'), { method: 'DELETE', body: { gracePeriodSeconds: 0 } });
    expect(now.status).toBe(200);
    expect((await call(api, POD('p'))).status).toBe(404);
  });

  it('gracePeriodSeconds=0 in the query string also removes it at once', async () => {
    await api.client.create(nodeManifest('node-1'));
    await boundPod('p', 'node-1');
    expect((await call(api, `${POD('p')}?gracePeriodSeconds=0`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(api, POD('p'))).status).toBe(404);
  });

  it.each([
    { scenario: 'an unbound pod goes at once', node: undefined },
    { scenario: 'a pod bound to a node that no longer exists goes at once', node: 'gone-node' },
  ])('$scenario', async ({ node }) => {
    if (node) await boundPod('p', node); else await api.client.create(podManifest('p'));
    expect((await call(api, POD('p'), { method: 'DELETE', body: { propagationPolicy: 'Background' } })).status).toBe(200);
    expect((await call(api, POD('p'))).status).toBe(404);
  });
});

describe('namespace deletion', () => {
  it('DELETE makes it Terminating, blocks creates (403), and a later DELETE when empty removes it', async () => {
    await api.client.create(namespaceManifest('team'));
    await api.client.create(podManifest('p', { app: 'x' }, 'team'));
    const res = await call(api, '/api/v1/namespaces/team', { method: 'DELETE', body: { propagationPolicy: 'Background' } });
    expect(res.status).toBe(200);
    expect(field(res.body, 'status.phase')).toBe('Terminating');
    expect(field(res.body, 'metadata.deletionTimestamp')).toEqual(expect.any(String));
    const create = await call(api, '/api/v1/namespaces/team/pods', { method: 'POST', body: podManifest('q', { app: 'x' }, 'team') });
    expect(create.status).toBe(403);
    expect(create.body).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
    await call(api, '/api/v1/namespaces/team', { method: 'DELETE', body: {} });
    expect((await call(api, '/api/v1/namespaces/team')).status).toBe(200);
    await call(api, POD('p', 'team'), { method: 'DELETE', body: {} });
    expect((await call(api, '/api/v1/namespaces/team', { method: 'DELETE', body: {} })).status).toBe(200);
    expect((await call(api, '/api/v1/namespaces/team')).status).toBe(404);
  });

  it.each(['default', 'kube-system', 'kube-public'])('%s cannot be deleted (403)', async (name) => {
    const res = await call(api, `/api/v1/namespaces/${name}`, { method: 'DELETE', body: {} });
    expect(res.status).toBe(403);
    expect(field(res.body, 'reason')).toBe('Forbidden');
    expect(field((await call(api, `/api/v1/namespaces/${name}`)).body, 'status.phase')).toBe('Active');
  });
});
