/** Discovery and OpenAPI as kubectl v1.32 reads them (wire doc §3 and §4). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { call, field, type Json } from './helpers.js';

const AGGREGATED_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(async () => { await api.close(); });

interface DiscoveredResource { resource: string; responseKind: { group: string; version: string; kind: string }; scope: string; verbs: string[]; shortNames?: string[]; categories?: string[]; subresources?: { subresource: string; responseKind: { kind: string } }[] }
interface DiscoveryGroup { metadata: { name: string }; versions: { version: string; resources: DiscoveredResource[] }[] }

async function aggregated(path: '/api' | '/apis'): Promise<{ contentType: string; groups: DiscoveryGroup[]; body: Json | undefined }> {
  const res = await call(api, path, { accept: AGGREGATED_ACCEPT });
  expect(res.status).toBe(200);
  return { contentType: res.contentType, groups: (field(res.body, 'items') ?? []) as DiscoveryGroup[], body: res.body };
}

async function discovered(): Promise<Map<string, DiscoveredResource>> {
  const out = new Map<string, DiscoveredResource>();
  for (const path of ['/api', '/apis'] as const) {
    for (const g of (await aggregated(path)).groups) for (const v of g.versions) for (const r of v.resources) out.set(r.resource, r);
  }
  return out;
}

describe('/version', () => {
  it('answers major "1" minor "32" with a gitVersion', async () => {
    const res = await call(api, '/version?timeout=5s', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ major: '1', minor: '32', gitVersion: expect.stringMatching(/^v1\.32\./) as unknown, platform: expect.any(String) as unknown });
  });
});

describe('aggregated discovery', () => {
  it.each(['/api', '/apis'] as const)('%s answers with the parameterised Content-Type', async (path) => {
    const { contentType, body } = await aggregated(path);
    const params = contentType.split(';').map((p) => p.trim());
    expect(params[0]).toBe('application/json');
    expect(params).toEqual(expect.arrayContaining(['g=apidiscovery.k8s.io', 'v=v2', 'as=APIGroupDiscoveryList']));
    expect(body).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
  });

  it('/api holds only the core group, /apis only the named ones', async () => {
    expect((await aggregated('/api')).groups.map((g) => g.metadata.name)).toEqual(['']);
    expect((await aggregated('/apis')).groups.map((g) => g.metadata.name).sort()).toEqual(['apps', 'discovery.k8s.io', 'networking.k8s.io']);
  });

  it.each([
    { resource: 'pods', kind: 'Pod', group: '', shortNames: ['po'], categories: ['all'], scope: 'Namespaced' },
    { resource: 'services', kind: 'Service', group: '', shortNames: ['svc'], categories: ['all'], scope: 'Namespaced' },
    { resource: 'deployments', kind: 'Deployment', group: 'apps', shortNames: ['deploy'], categories: ['all'], scope: 'Namespaced' },
    { resource: 'replicasets', kind: 'ReplicaSet', group: 'apps', shortNames: ['rs'], categories: ['all'], scope: 'Namespaced' },
    { resource: 'namespaces', kind: 'Namespace', group: '', shortNames: ['ns'], categories: undefined, scope: 'Cluster' },
    { resource: 'nodes', kind: 'Node', group: '', shortNames: ['no'], categories: undefined, scope: 'Cluster' },
    { resource: 'ingresses', kind: 'Ingress', group: 'networking.k8s.io', shortNames: ['ing'], categories: undefined, scope: 'Namespaced' },
    { resource: 'events', kind: 'Event', group: '', shortNames: ['ev'], categories: undefined, scope: 'Namespaced' },
  ])('$resource: kind, scope, shortNames, categories and verbs', async ({ resource, kind, group, shortNames, categories, scope }) => {
    const r = (await discovered()).get(resource);
    expect(r?.responseKind).toEqual({ group, version: 'v1', kind });
    expect(r?.scope).toBe(scope);
    expect(r?.shortNames).toEqual(shortNames);
    expect(r?.categories).toEqual(categories);
    expect(r?.verbs).toEqual(expect.arrayContaining(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']));
  });

  it('deployments list their scale and status subresources', async () => {
    const subs = (await discovered()).get('deployments')?.subresources ?? [];
    expect(subs.map((s) => `${s.subresource}:${s.responseKind.kind}`).sort()).toEqual(['scale:Scale', 'status:Deployment']);
  });

  it('without the aggregated Accept, /api and /apis answer the legacy forms', async () => {
    const apiRes = await call(api, '/api');
    expect(apiRes.contentType).toMatch(/^application\/json(;\s*charset=utf-8)?$/);
    expect(apiRes.body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    expect(field(apiRes.body, 'serverAddressByClientCIDRs')).toEqual([expect.objectContaining({ clientCIDR: '0.0.0.0/0' })]);
    const apisRes = await call(api, '/apis');
    expect(apisRes.body).toMatchObject({ kind: 'APIGroupList', apiVersion: 'v1' });
    const groups = field(apisRes.body, 'groups') as { name: string; versions: { groupVersion: string }[]; preferredVersion: { groupVersion: string } }[];
    expect(groups.map((g) => g.name).sort()).toEqual(['apps', 'discovery.k8s.io', 'networking.k8s.io']);
    expect(groups.find((g) => g.name === 'apps')?.preferredVersion.groupVersion).toBe('apps/v1');
  });
});

describe('legacy per-group-version discovery', () => {
  interface ApiResource { name: string; kind: string; namespaced: boolean; verbs: string[]; shortNames?: string[]; categories?: string[] }
  it.each([
    { path: '/api/v1', groupVersion: 'v1', resources: ['pods', 'pods/log', 'pods/binding', 'pods/status', 'services', 'nodes', 'namespaces', 'events'] },
    { path: '/apis/apps/v1', groupVersion: 'apps/v1', resources: ['deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale'] },
    { path: '/apis/networking.k8s.io/v1', groupVersion: 'networking.k8s.io/v1', resources: ['ingresses'] },
  ])('$path is an APIResourceList', async ({ path, groupVersion, resources }) => {
    const res = await call(api, path);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion });
    const list = field(res.body, 'resources') as ApiResource[];
    expect(list.map((r) => r.name)).toEqual(expect.arrayContaining(resources));
  });

  it('deployments carry shortNames and the all category; the scale subresource is autoscaling Scale', async () => {
    const list = field((await call(api, '/apis/apps/v1')).body, 'resources') as (ApiResource & { group?: string })[];
    expect(list.find((r) => r.name === 'deployments')).toMatchObject({ kind: 'Deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'] });
    expect(list.find((r) => r.name === 'deployments/scale')).toMatchObject({ kind: 'Scale', group: 'autoscaling' });
  });

  it('/apis/apps answers the APIGroup', async () => {
    const res = await call(api, '/apis/apps');
    expect(res.body).toMatchObject({ kind: 'APIGroup', name: 'apps', preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } });
  });
});

describe('OpenAPI v3', () => {
  interface Operation { 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }; parameters?: { name: string; in: string }[] }

  async function documents(): Promise<Map<string, Json>> {
    const index = await call(api, '/openapi/v3?timeout=32s');
    expect(index.status).toBe(200);
    const paths = field(index.body, 'paths') as Record<string, { serverRelativeURL: string }>;
    const docs = new Map<string, Json>();
    for (const [name, entry] of Object.entries(paths)) {
      expect(entry.serverRelativeURL).toMatch(new RegExp(`^/openapi/v3/${name.replace(/\./g, '\\.')}\\?hash=[0-9A-F]+$`));
      const doc = await call(api, entry.serverRelativeURL);
      expect(doc.status).toBe(200);
      if (doc.body) docs.set(name, doc.body);
    }
    return docs;
  }

  it('the index lists one document per group version', async () => {
    expect([...(await documents()).keys()].sort()).toEqual(['api/v1', 'apis/apps/v1', 'apis/discovery.k8s.io/v1', 'apis/networking.k8s.io/v1']);
  });

  it.each([
    { doc: 'api/v1', group: '', kind: 'Namespace' },
    { doc: 'api/v1', group: '', kind: 'Pod' },
    { doc: 'api/v1', group: '', kind: 'Service' },
    { doc: 'api/v1', group: '', kind: 'Node' },
    { doc: 'api/v1', group: '', kind: 'ConfigMap' },
    { doc: 'apis/apps/v1', group: 'apps', kind: 'Deployment' },
    { doc: 'apis/apps/v1', group: 'apps', kind: 'ReplicaSet' },
    { doc: 'apis/networking.k8s.io/v1', group: 'networking.k8s.io', kind: 'Ingress' },
  ])('$doc has a PATCH for $kind declaring fieldValidation', async ({ doc, group, kind }) => {
    const body = (await documents()).get(doc);
    expect(body).toMatchObject({ openapi: expect.stringMatching(/^3\./) as unknown });
    const ops = Object.values(field(body, 'paths') as Record<string, Record<string, Operation>>).map((p) => p.patch).filter((op): op is Operation => op !== undefined);
    const patch = ops.find((op) => op['x-kubernetes-group-version-kind']?.kind === kind);
    expect(patch?.['x-kubernetes-group-version-kind']).toEqual({ group, version: 'v1', kind });
    expect(patch?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'fieldValidation', in: 'query' })]));
  });

  it('an unknown document is 404 and /openapi/v2 is 404 (kubectl then uses its built-in types)', async () => {
    expect((await call(api, '/openapi/v3/apis/nope/v1')).status).toBe(404);
    expect((await call(api, '/openapi/v2')).status).toBe(404);
  });
});
