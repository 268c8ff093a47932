/** PATCH through HTTP in the four content types kubectl sends (wire doc §2 and §5). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deployment } from '../../api/types.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { call, deploymentManifest, field, PATCH_TYPES } from './helpers.js';

const WEB = '/apis/apps/v1/namespaces/default/deployments/web';

let api: TestApi;
beforeEach(async () => { api = await startTestApi(); });
afterEach(async () => { await api.close(); });

describe('patch', () => {
  it('merge patch (kubectl scale style) changes replicas and bumps generation', async () => {
    await api.client.create(deploymentManifest());
    const res = await call(api, WEB, { method: 'PATCH', body: { spec: { replicas: 5 } }, contentType: PATCH_TYPES.merge });
    expect(res.status).toBe(200);
    expect(field(res.body, 'spec.replicas')).toBe(5);
    expect(field(res.body, 'metadata.generation')).toBe(2);
  });

  it('strategic merge patch as kubectl apply sends it keeps image and ports', async () => {
    await api.client.create(deploymentManifest());
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}\n' } },
      spec: { replicas: 5, template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ name: 'web', '$setElementOrder/env': [{ name: 'GREETING' }], env: [{ name: 'GREETING', value: 'bonjour' }] }] } } },
    };
    const res = await call(api, `${WEB}?fieldManager=kubectl-client-side-apply&fieldValidation=Strict`, { method: 'PATCH', body: patch, contentType: PATCH_TYPES.strategic });
    expect(res.status).toBe(200);
    expect(field(res.body, 'spec.template.spec.containers')).toEqual([expect.objectContaining({ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'GREETING', value: 'bonjour' }] })]);
    expect(field(res.body, 'metadata.annotations')).toEqual({ 'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}\n' });
  });

  it('JSON patch (kubectl rollout undo style) replaces the template', async () => {
    const d = await api.client.create(deploymentManifest());
    const template = { ...d.spec.template, spec: { containers: [{ name: 'web', image: 'nginx:1.24' }] } };
    const res = await call(api, WEB, { method: 'PATCH', body: [{ op: 'replace', path: '/spec/template', value: template }], contentType: PATCH_TYPES.json });
    expect(res.status).toBe(200);
    expect(field(res.body, 'spec.template.spec.containers')).toEqual([expect.objectContaining({ name: 'web', image: 'nginx:1.24' })]);
    expect(field(res.body, 'metadata.generation')).toBe(2);
  });

  it.each([
    { scenario: 'a label patch keeps the generation', patch: { metadata: { labels: { tier: 'front' } } }, generation: 1, write: true },
    { scenario: 'a patch to the same value writes nothing', patch: { spec: { replicas: 3 } }, generation: 1, write: false },
    { scenario: 'a spec patch bumps the generation once', patch: { spec: { replicas: 4, paused: false } }, generation: 2, write: true },
  ])('$scenario', async ({ patch, generation, write }) => {
    const d = await api.client.create(deploymentManifest());
    const before = api.store.currentRevision();
    const res = await call(api, WEB, { method: 'PATCH', body: patch, contentType: PATCH_TYPES.merge });
    expect(res.status).toBe(200);
    expect(field(res.body, 'metadata.generation')).toBe(generation);
    expect(api.store.currentRevision()).toBe(write ? before + 1 : before);
    expect(field(res.body, 'metadata.resourceVersion') === d.metadata.resourceVersion).toBe(!write);
  });

  it('a JSON patch whose test fails is 400 and changes nothing', async () => {
    const d = await api.client.create(deploymentManifest());
    const res = await call(api, WEB, { method: 'PATCH', body: [{ op: 'test', path: '/spec/replicas', value: 9 }, { op: 'replace', path: '/spec/replicas', value: 1 }], contentType: PATCH_TYPES.json });
    expect(res.status).toBe(400);
    expect(field(res.body, 'kind')).toBe('Status');
    expect((await api.client.get<Deployment>('Deployment', 'default', 'web')).metadata.resourceVersion).toBe(d.metadata.resourceVersion);
  });

  it('a patch that makes the object invalid is 422', async () => {
    await api.client.create(deploymentManifest());
    const res = await call(api, WEB, { method: 'PATCH', body: { spec: { replicas: 'three' } }, contentType: PATCH_TYPES.merge });
    expect(res.status).toBe(422);
    expect(field(res.body, 'details.causes')).toEqual([expect.objectContaining({ field: 'spec.replicas' })]);
  });

  it('apply-patch+yaml creates (201) and then merges (200)', async () => {
    const manifest = deploymentManifest();
    const first = await call(api, `${WEB}?fieldManager=kubectl&fieldValidation=Strict&force=false`, { method: 'PATCH', body: manifest, contentType: PATCH_TYPES.apply });
    expect(first.status).toBe(201);
    expect(field(first.body, 'metadata.generation')).toBe(1);
    const second = await call(api, `${WEB}?fieldManager=kubectl&force=false`, { method: 'PATCH', body: { ...manifest, spec: { ...manifest.spec, replicas: 4 } }, contentType: PATCH_TYPES.apply });
    expect(second.status).toBe(200);
    expect(field(second.body, 'spec.replicas')).toBe(4);
    expect(field(second.body, 'metadata.uid')).toBe(field(first.body, 'metadata.uid'));
  });

  it('apply-patch+yaml also takes real YAML', async () => {
    const yaml = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p1', 'spec:', '  containers:', '  - name: c', '    image: busybox', ''].join('\n');
    const res = await call(api, '/api/v1/namespaces/default/pods/p1', { method: 'PATCH', body: yaml, contentType: PATCH_TYPES.apply });
    expect(res.status).toBe(201);
    expect(field(res.body, 'spec.containers')).toEqual([expect.objectContaining({ name: 'c', image: 'busybox' })]);
  });

  it.each([
    { type: 'merge', contentType: PATCH_TYPES.merge, body: { spec: { replicas: 1 } } },
    { type: 'strategic', contentType: PATCH_TYPES.strategic, body: { spec: { replicas: 1 } } },
    { type: 'json', contentType: PATCH_TYPES.json, body: [{ op: 'replace', path: '/spec/replicas', value: 1 }] },
  ])('$type patch of a missing object is 404', async ({ contentType, body }) => {
    const res = await call(api, WEB, { method: 'PATCH', body, contentType });
    expect(res.status).toBe(404);
  });

  it('PATCH with plain application/json is 415', async () => {
    await api.client.create(deploymentManifest());
    const res = await call(api, WEB, { method: 'PATCH', body: { spec: { replicas: 1 } }, contentType: 'application/json' });
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType' });
  });

  it('a patch with a stale metadata.resourceVersion is 409', async () => {
    const d = await api.client.create(deploymentManifest());
    await api.client.patch('Deployment', 'default', 'web', { metadata: { labels: { x: 'y' } } });
    const res = await call(api, WEB, { method: 'PATCH', body: { metadata: { resourceVersion: d.metadata.resourceVersion }, spec: { replicas: 1 } }, contentType: PATCH_TYPES.merge });
    expect(res.status).toBe(409);
    expect(field(res.body, 'reason')).toBe('Conflict');
  });
});
