/** Lists through HTTP: label and field selectors, Table responses with kubectl's columns, dryRun. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deployment, Pod } from '../../api/types.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { call, deploymentManifest, field, nodeManifest, PATCH_TYPES, podManifest, TABLE_ACCEPT, type Json } from './helpers.js';

const PODS = '/api/v1/namespaces/default/pods';

let api: TestApi;
beforeEach(async () => { api = await startTestApi(); });
afterEach(async () => { await api.close(); });

const names = (body: unknown): string[] => ((field(body, 'items') as { metadata: { name: string } }[]) ?? []).map((i) => i.metadata.name);
const binding = (pod: string, node: string): unknown => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name: pod }, target: { kind: 'Node', name: node } });

describe('selectors on lists', () => {
  beforeEach(async () => {
    await api.client.create(podManifest('web-1', { app: 'web', tier: 'front' }));
    await api.client.create(podManifest('web-2', { app: 'web', tier: 'back', canary: 'true' }));
    await api.client.create(podManifest('db-1', { app: 'db' }));
    await api.client.createSubresource('Pod', 'default', 'web-1', 'binding', binding('web-1', 'node-1'));
    const web1 = await api.client.get<Pod>('Pod', 'default', 'web-1');
    await api.client.updateStatus({ ...web1, status: { ...web1.status, phase: 'Running' } });
  });

  it.each([
    { selector: 'labelSelector=app%3Dweb', want: ['web-1', 'web-2'] },
    { selector: 'labelSelector=app%3D%3Dweb', want: ['web-1', 'web-2'] },
    { selector: 'labelSelector=app!%3Dweb', want: ['db-1'] },
    { selector: `labelSelector=${encodeURIComponent('tier in (front,back)')}`, want: ['web-1', 'web-2'] },
    { selector: `labelSelector=${encodeURIComponent('tier notin (front)')}`, want: ['db-1', 'web-2'] },
    { selector: 'labelSelector=canary', want: ['web-2'] },
    { selector: 'labelSelector=!canary', want: ['db-1', 'web-1'] },
    { selector: `labelSelector=${encodeURIComponent('app=web,!canary')}`, want: ['web-1'] },
    { selector: 'fieldSelector=spec.nodeName%3D', want: ['db-1', 'web-2'] },
    { selector: 'fieldSelector=spec.nodeName%3Dnode-1', want: ['web-1'] },
    { selector: 'fieldSelector=spec.nodeName!%3D', want: ['web-1'] },
    { selector: 'fieldSelector=status.phase%3DRunning', want: ['web-1'] },
    { selector: 'fieldSelector=status.phase%3DPending', want: ['db-1', 'web-2'] },
    { selector: 'fieldSelector=metadata.name%3Dweb-2', want: ['web-2'] },
    { selector: `fieldSelector=${encodeURIComponent('metadata.name=web-2,metadata.namespace=default')}`, want: ['web-2'] },
    { selector: 'labelSelector=app%3Dweb&fieldSelector=spec.nodeName%3D', want: ['web-2'] },
  ])('$selector', async ({ selector, want }) => {
    const res = await call(api, `${PODS}?${selector}&limit=500`);
    expect(res.status).toBe(200);
    expect(names(res.body).sort()).toEqual([...want].sort());
  });

  it('the all-namespaces list honours selectors too', async () => {
    await api.client.create(podManifest('other', { app: 'web' }, 'kube-system'));
    const res = await call(api, '/api/v1/pods?labelSelector=app%3Dweb');
    expect(names(res.body).sort()).toEqual(['other', 'web-1', 'web-2']);
  });

  it.each([
    'labelSelector=app%20in%20(a',
    'fieldSelector=spec.nodeName',
    `fieldSelector=${encodeURIComponent('status.phase in (Running)')}`,
  ])('a malformed selector (%s) is 400', async (selector) => {
    const res = await call(api, `${PODS}?${selector}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
  });
});

describe('event field selectors (kubectl describe)', () => {
  it('involvedObject.name, .namespace and .uid pick the events of one object', async () => {
    const pod = await api.client.create(podManifest('web-1'));
    const event = (name: string, involved: string, uid: string): unknown => ({
      apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: involved, uid, apiVersion: 'v1' },
      reason: 'Scheduled', message: 'm', type: 'Normal', source: { component: 'scheduler' }, count: 1,
    });
    for (const body of [event('e1', 'web-1', pod.metadata.uid ?? ''), event('e2', 'web-1', 'old-uid'), event('e3', 'web-2', 'x')]) {
      expect((await call(api, '/api/v1/namespaces/default/events', { method: 'POST', body })).status).toBe(201);
    }
    const q = encodeURIComponent(`involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.uid=${pod.metadata.uid ?? ''}`);
    expect(names((await call(api, `/api/v1/namespaces/default/events?fieldSelector=${q}&limit=500`)).body)).toEqual(['e1']);
    expect(names((await call(api, '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb-1')).body).sort()).toEqual(['e1', 'e2']);
  });
});

interface TableBody { kind: string; apiVersion: string; metadata: Json; columnDefinitions: { name: string; priority: number }[]; rows: { cells: unknown[]; object?: Json }[] }
const asTable = (body: unknown): TableBody => body as TableBody;
const visibleColumns = (t: TableBody): string[] => t.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name);

describe('Table responses', () => {
  it('pods: NAME READY STATUS RESTARTS AGE, wide IP NODE, PartialObjectMetadata rows', async () => {
    await api.client.create(podManifest('p1'));
    const res = await call(api, `${PODS}?limit=500`, { accept: TABLE_ACCEPT });
    expect(res.status).toBe(200);
    const t = asTable(res.body);
    expect(t).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect(typeof t.metadata.resourceVersion).toBe('string');
    expect(visibleColumns(t)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(t.columnDefinitions.filter((c) => c.priority > 0).map((c) => c.name)).toEqual(expect.arrayContaining(['IP', 'Node']));
    expect(t.rows).toHaveLength(1);
    const row = t.rows[0];
    expect(row?.cells.slice(0, 4)).toEqual(['p1', '0/1', 'Pending', '0']);
    expect(row?.cells[4]).toMatch(/^\d+s$/);
    expect(row?.object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'p1', namespace: 'default', labels: { app: 'web' } } });
    expect(row?.object?.spec).toBeUndefined();
  });

  it('deployments: READY is ready/desired ("0/3")', async () => {
    await api.client.create(deploymentManifest('web', 3));
    const t = asTable((await call(api, '/apis/apps/v1/namespaces/default/deployments', { accept: TABLE_ACCEPT })).body);
    expect(visibleColumns(t)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age']);
    expect(t.rows[0]?.cells.slice(0, 4)).toEqual(['web', '0/3', 0, 0]);
    expect(t.rows[0]?.cells.slice(5)).toEqual(['web', 'nginx:1.25', 'app=web']);
  });

  it('deployments: READY follows status.readyReplicas', async () => {
    const d = await api.client.create(deploymentManifest('web', 3));
    await api.client.updateStatus<Deployment>({ ...d, status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } });
    const t = asTable((await call(api, '/apis/apps/v1/namespaces/default/deployments/web', { accept: TABLE_ACCEPT })).body);
    expect(t.rows[0]?.cells.slice(0, 4)).toEqual(['web', '2/3', 3, 2]);
  });

  it('nodes: NAME STATUS ROLES AGE VERSION', async () => {
    await api.client.create(nodeManifest('node-1'));
    const t = asTable((await call(api, '/api/v1/nodes?limit=500', { accept: TABLE_ACCEPT })).body);
    expect(visibleColumns(t)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version']);
    expect(t.rows[0]?.cells[0]).toBe('node-1');
    expect(t.rows[0]?.cells.slice(1, 3)).toEqual(['Ready', '<none>']);
    expect(t.rows[0]?.cells[4]).toBe('v1.32.0-tugboat');
  });

  it('a single object GET answers a one-row Table', async () => {
    await api.client.create(podManifest('p1'));
    const t = asTable((await call(api, `${PODS}/p1`, { accept: TABLE_ACCEPT })).body);
    expect(t.kind).toBe('Table');
    expect(t.rows).toHaveLength(1);
  });

  it('includeObject=Object puts the full object in each row', async () => {
    await api.client.create(podManifest('p1'));
    const t = asTable((await call(api, `${PODS}?includeObject=Object`, { accept: TABLE_ACCEPT })).body);
    expect(t.rows[0]?.object).toMatchObject({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p1' }, spec: { containers: [expect.objectContaining({ image: 'busybox' })] } });
  });

  it('an empty list is a Table with no rows, and plain JSON Accept gets a plain list', async () => {
    const t = asTable((await call(api, PODS, { accept: TABLE_ACCEPT })).body);
    expect(t.rows).toEqual([]);
    expect(field((await call(api, PODS)).body, 'kind')).toBe('PodList');
  });
});

describe('dryRun=All', () => {
  it('create answers the object but stores nothing', async () => {
    const before = api.store.currentRevision();
    const res = await call(api, `${PODS}?dryRun=All`, { method: 'POST', body: podManifest('p1') });
    expect(res.status).toBe(201);
    expect(field(res.body, 'metadata.name')).toBe('p1');
    expect((await call(api, `${PODS}/p1`)).status).toBe(404);
    expect(api.store.currentRevision()).toBe(before);
  });

  it('a dry-run create still validates (422)', async () => {
    const res = await call(api, `${PODS}?dryRun=All`, { method: 'POST', body: { ...podManifest('p1'), spec: { containers: [] } } });
    expect(res.status).toBe(422);
  });

  it.each([
    { verb: 'PUT', path: '/apis/apps/v1/namespaces/default/deployments/web', body: (d: Deployment): unknown => ({ ...d, spec: { ...d.spec, replicas: 9 } }), contentType: undefined },
    { verb: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/web', body: (): unknown => ({ spec: { replicas: 9 } }), contentType: PATCH_TYPES.merge },
    { verb: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/web/scale', body: (): unknown => ({ spec: { replicas: 9 } }), contentType: PATCH_TYPES.merge },
    { verb: 'DELETE', path: '/apis/apps/v1/namespaces/default/deployments/web', body: (): unknown => ({}), contentType: undefined },
  ])('$verb $path answers but changes nothing', async ({ verb, path, body, contentType }) => {
    const d = await api.client.create(deploymentManifest('web', 3));
    const before = api.store.currentRevision();
    const res = await call(api, `${path}?dryRun=All`, { method: verb, body: body(d), ...(contentType ? { contentType } : {}) });
    expect(res.status).toBe(200);
    expect(api.store.currentRevision()).toBe(before);
    const stored = await api.client.get<Deployment>('Deployment', 'default', 'web');
    expect(stored.spec.replicas).toBe(3);
    expect(stored.metadata.resourceVersion).toBe(d.metadata.resourceVersion);
  });
});
