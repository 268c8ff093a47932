/**
 * The REST verbs through the HTTP surface: create/get/list/update/patch/delete/deletecollection,
 * resourceVersion and generation rules, conflicts, and the Status bodies kubectl prints.
 * PATCH is in rest-patch.test.ts, subresources in rest-subresources.test.ts, selectors, Tables and
 * dryRun in rest-lists.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlreadyExistsError, ConflictError, isConflict } from '../../api/errors.js';
import type { Deployment, Pod } from '../../api/types.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { call, deploymentManifest, field, PATCH_TYPES, podManifest } from './helpers.js';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const WEB = `${DEPLOYMENTS}/web`;

let api: TestApi;
beforeEach(async () => { api = await startTestApi(); });
afterEach(async () => { await api.close(); });

const rvOf = (body: unknown): number => {
  const rv = field(body, 'metadata.resourceVersion');
  expect(typeof rv).toBe('string');
  return Number(rv);
};

describe('create, get, list', () => {
  it('POST answers 201 with server-set metadata and defaults', async () => {
    const res = await call(api, DEPLOYMENTS, { method: 'POST', body: deploymentManifest() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', generation: 1 } });
    expect(field(res.body, 'metadata.uid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(String(field(res.body, 'metadata.creationTimestamp'))))).toBe(false);
    expect(rvOf(res.body)).toBeGreaterThan(0);
    expect(field(res.body, 'spec.strategy.type')).toBe('RollingUpdate');
    expect(field(res.body, 'spec.template.spec.containers')).toEqual([expect.objectContaining({ imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 80, protocol: 'TCP' }] })]);
    expect(field(res.body, 'status')).toBeUndefined();
  });

  it('GET returns what was stored, and the list has kind, apiVersion and a string resourceVersion', async () => {
    const created = (await call(api, DEPLOYMENTS, { method: 'POST', body: deploymentManifest() })).body;
    const got = await call(api, WEB);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created);
    const list = await call(api, DEPLOYMENTS);
    expect(list.body).toMatchObject({ kind: 'DeploymentList', apiVersion: 'apps/v1' });
    expect(rvOf(list.body)).toBeGreaterThanOrEqual(rvOf(created));
    const items = field(list.body, 'items') as unknown[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ metadata: { name: 'web' } });
  });

  it('a server-set field in the body (uid, resourceVersion, creationTimestamp) is overwritten on create', async () => {
    const body = { ...deploymentManifest(), metadata: { name: 'web', uid: 'mine', resourceVersion: '999', creationTimestamp: '2000-01-01T00:00:00Z', generation: 7 } };
    const res = await call(api, DEPLOYMENTS, { method: 'POST', body });
    expect(res.status).toBe(201);
    expect(field(res.body, 'metadata.uid')).not.toBe('mine');
    expect(field(res.body, 'metadata.resourceVersion')).not.toBe('999');
    expect(field(res.body, 'metadata.creationTimestamp')).not.toBe('2000-01-01T00:00:00Z');
    expect(field(res.body, 'metadata.generation')).toBe(1);
  });

  it('a pod container with limits but no requests gets requests = limits', async () => {
    const body = podManifest('p');
    body.spec.containers = [{ name: 'c', image: 'busybox', resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } } }];
    const res = await call(api, '/api/v1/namespaces/default/pods', { method: 'POST', body });
    expect(field(res.body, 'spec.containers')).toEqual([expect.objectContaining({ resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '128Mi' } } })]);
    expect(field(res.body, 'status.phase')).toBe('Pending');
  });

  it('generateName makes a unique name with that prefix', async () => {
    const body = { ...podManifest('x'), metadata: { generateName: 'web-' } };
    const a = await call(api, '/api/v1/namespaces/default/pods', { method: 'POST', body });
    const b = await call(api, '/api/v1/namespaces/default/pods', { method: 'POST', body });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(field(a.body, 'metadata.name')).toMatch(/^web-[a-z0-9]{5}$/);
    expect(field(a.body, 'metadata.name')).not.toBe(field(b.body, 'metadata.name'));
  });

  it('a duplicate create is 409 AlreadyExists with the message kubectl prints', async () => {
    await api.client.create(deploymentManifest());
    const res = await call(api, DEPLOYMENTS, { method: 'POST', body: deploymentManifest() });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'AlreadyExists', code: 409, message: 'deployments.apps "web" already exists' });
    await expect(api.client.create(deploymentManifest())).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it('a create into a missing namespace is 404 namespaces "x" not found', async () => {
    const res = await call(api, '/apis/apps/v1/namespaces/x/deployments', { method: 'POST', body: { ...deploymentManifest(), metadata: { name: 'web' } } });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'namespaces "x" not found' });
  });

  it('a body namespace that differs from the URL is 400', async () => {
    const res = await call(api, DEPLOYMENTS, { method: 'POST', body: { ...deploymentManifest(), metadata: { name: 'web', namespace: 'kube-system' } } });
    expect(res.status).toBe(400);
  });

  it("kubectl's protobuf-or-JSON Accept and a charset on the Content-Type are answered in JSON", async () => {
    const created = await call(api, DEPLOYMENTS, { method: 'POST', body: deploymentManifest(), contentType: 'application/json; charset=utf-8' });
    expect(created.status).toBe(201);
    const got = await call(api, WEB, { accept: 'application/vnd.kubernetes.protobuf,application/json' });
    expect(got.status).toBe(200);
    expect(got.contentType).toMatch(/^application\/json/);
    expect(field(got.body, 'kind')).toBe('Deployment');
  });

  it('GET of a missing object is 404 with a Status', async () => {
    const res = await call(api, `${DEPLOYMENTS}/nosuch`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'deployments.apps "nosuch" not found', details: { name: 'nosuch' } });
  });
});

describe('update (PUT)', () => {
  async function created(): Promise<Deployment> { return api.client.create(deploymentManifest()); }

  it.each([
    { scenario: 'a spec change bumps generation', mutate: (d: Deployment) => { d.spec.replicas = 5; }, generation: 2 },
    { scenario: 'a template change bumps generation', mutate: (d: Deployment) => { d.spec.template.spec.containers = d.spec.template.spec.containers.map((c) => ({ ...c, image: 'nginx:1.26' })); }, generation: 2 },
    { scenario: 'a label change does not', mutate: (d: Deployment) => { d.metadata.labels = { app: 'web', tier: 'front' }; }, generation: 1 },
    { scenario: 'an annotation change does not', mutate: (d: Deployment) => { d.metadata.annotations = { note: 'x' }; }, generation: 1 },
  ])('$scenario, and resourceVersion increases', async ({ mutate, generation }) => {
    const d = await created();
    mutate(d);
    const res = await call(api, WEB, { method: 'PUT', body: d });
    expect(res.status).toBe(200);
    expect(field(res.body, 'metadata.generation')).toBe(generation);
    expect(rvOf(res.body)).toBeGreaterThan(Number(d.metadata.resourceVersion));
    expect(field(res.body, 'metadata.uid')).toBe(d.metadata.uid);
    expect(field(res.body, 'metadata.creationTimestamp')).toBe(d.metadata.creationTimestamp);
  });

  it('a PUT of the same object with its keys in another order changes nothing (no new resourceVersion or generation)', async () => {
    const d = await created();
    const reverse = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(reverse);
      if (typeof v !== 'object' || v === null) return v;
      return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)]));
    };
    const res = await call(api, WEB, { method: 'PUT', body: reverse(d) });
    expect(res.status).toBe(200);
    expect(field(res.body, 'metadata.resourceVersion')).toBe(d.metadata.resourceVersion);
    expect(field(res.body, 'metadata.generation')).toBe(1);
  });

  it('a stale resourceVersion is 409 Conflict', async () => {
    const d = await created();
    await api.client.patch('Deployment', 'default', 'web', { spec: { replicas: 4 } });
    const res = await call(api, WEB, { method: 'PUT', body: { ...d, spec: { ...d.spec, replicas: 9 } } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'Conflict', code: 409 });
    expect(String(field(res.body, 'message'))).toContain('Operation cannot be fulfilled on deployments.apps "web": the object has been modified');
    const err: unknown = await api.client.update({ ...d, spec: { ...d.spec, replicas: 9 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(isConflict(err)).toBe(true);
    expect((await api.client.get<Deployment>('Deployment', 'default', 'web')).spec.replicas).toBe(4);
  });

  it('a PUT without resourceVersion is unconditional', async () => {
    const d = await created();
    const { resourceVersion: _rv, ...meta } = d.metadata;
    const res = await call(api, WEB, { method: 'PUT', body: { ...d, metadata: meta, spec: { ...d.spec, replicas: 2 } } });
    expect(res.status).toBe(200);
    expect(field(res.body, 'spec.replicas')).toBe(2);
  });

  it('an update that changes nothing keeps the resourceVersion and writes nothing', async () => {
    const d = await created();
    const before = api.store.currentRevision();
    const res = await call(api, WEB, { method: 'PUT', body: d });
    expect(res.status).toBe(200);
    expect(field(res.body, 'metadata.resourceVersion')).toBe(d.metadata.resourceVersion);
    expect(api.store.currentRevision()).toBe(before);
  });

  it('a name in the body that differs from the URL is 400', async () => {
    const d = await created();
    const res = await call(api, WEB, { method: 'PUT', body: { ...d, metadata: { ...d.metadata, name: 'other' } } });
    expect(res.status).toBe(400);
  });

  it.each([
    { scenario: 'a different matchLabels key', selector: { matchLabels: { tier: 'x' } }, status: 422 },
    { scenario: 'an added matchLabels key', selector: { matchLabels: { app: 'web', tier: 'x' } }, status: 422 },
    { scenario: 'the same selector written as matchExpressions', selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }, status: 422 },
    { scenario: 'the same matchLabels', selector: { matchLabels: { app: 'web' } }, status: 200 },
  ])('the Deployment selector is immutable: $scenario -> $status', async ({ selector, status }) => {
    const d = await created();
    const labels = { app: 'web', tier: 'x' };
    const res = await call(api, WEB, { method: 'PUT', body: { ...d, spec: { ...d.spec, selector, template: { ...d.spec.template, metadata: { labels } } } } });
    expect(res.status).toBe(status);
    if (status === 422) expect(field(res.body, 'details.causes')).toEqual([expect.objectContaining({ field: 'spec.selector' })]);
  });

  it.each([
    { scenario: 'a new image is allowed', change: (p: Pod): Pod => ({ ...p, spec: { ...p.spec, containers: p.spec.containers.map((c) => ({ ...c, image: 'busybox:2' })) } }), status: 200 },
    { scenario: 'new labels are allowed', change: (p: Pod): Pod => ({ ...p, metadata: { ...p.metadata, labels: { app: 'other' } } }), status: 200 },
    { scenario: 'a new env var is 422 Invalid', change: (p: Pod): Pod => ({ ...p, spec: { ...p.spec, containers: p.spec.containers.map((c) => ({ ...c, env: [{ name: 'A', value: 'b' }] })) } }), status: 422 },
    { scenario: 'a new restartPolicy is 422 Invalid', change: (p: Pod): Pod => ({ ...p, spec: { ...p.spec, restartPolicy: 'Never' } }), status: 422 },
  ])('pod updates: $scenario', async ({ change, status }) => {
    const pod = await api.client.create(podManifest('p'));
    const res = await call(api, '/api/v1/namespaces/default/pods/p', { method: 'PUT', body: change(pod) });
    expect(res.status).toBe(status);
    if (status === 422) expect(res.body).toMatchObject({ kind: 'Status', reason: 'Invalid', details: { causes: [expect.objectContaining({ field: 'spec' })] } });
  });

  it('PUT of a missing object is 404', async () => {
    const res = await call(api, WEB, { method: 'PUT', body: deploymentManifest() });
    expect(res.status).toBe(404);
  });
});

describe('delete', () => {
  it('DELETE with kubectl body answers 200 and the object is gone', async () => {
    await api.client.create(deploymentManifest());
    const res = await call(api, WEB, { method: 'DELETE', body: { propagationPolicy: 'Background' } });
    expect(res.status).toBe(200);
    expect(field(res.body, 'metadata.name')).toBe('web');
    expect((await call(api, WEB)).status).toBe(404);
    const again = await call(api, WEB, { method: 'DELETE', body: { propagationPolicy: 'Background' } });
    expect(again.status).toBe(404);
    expect(field(again.body, 'message')).toBe('deployments.apps "web" not found');
  });

  it('a uid precondition that does not match is 409 and keeps the object', async () => {
    await api.client.create(deploymentManifest());
    const res = await call(api, WEB, { method: 'DELETE', body: { preconditions: { uid: 'not-it' } } });
    expect(res.status).toBe(409);
    expect((await call(api, WEB)).status).toBe(200);
  });

  it('deletecollection removes only what the selector picks', async () => {
    for (const [name, app] of [['a', 'web'], ['b', 'web'], ['c', 'db']] as const) await api.client.create(podManifest(name, { app }));
    const res = await call(api, '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'PodList', apiVersion: 'v1' });
    const left = await api.client.list('Pod', 'default');
    expect(left.items.map((p) => p.metadata.name)).toEqual(['c']);
  });
});

describe('concurrency', () => {
  it('concurrent merge patches all land (the server retries its own conflicts)', async () => {
    await api.client.create(deploymentManifest());
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => call(api, WEB, { method: 'PATCH', body: { metadata: { labels: { [`l${i}`]: 'x' } } }, contentType: PATCH_TYPES.merge })));
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 200));
    const labels = (await api.client.get<Deployment>('Deployment', 'default', 'web')).metadata.labels ?? {};
    expect(Object.keys(labels)).toHaveLength(21);
  });

  it('concurrent creates of one name: exactly one 201, the rest 409 AlreadyExists', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => call(api, DEPLOYMENTS, { method: 'POST', body: deploymentManifest() })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && field(r.body, 'reason') === 'AlreadyExists')).toHaveLength(9);
  });
});
