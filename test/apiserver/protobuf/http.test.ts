/**
 * Protobuf bodies through the real API server (in process): kubectl's captured create bodies are
 * stored as their JSON twins would be, drain's DeleteOptions deletes a pod at once, and bad bodies
 * get a JSON Status (400 or 415), never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { field, podManifest, type Json } from '../helpers.js';
import { CAPTURES, DRAIN_DELETE_OPTIONS_GRACE_0 } from './kubectl-captures.js';
import { envelope, len, sub } from './encode.js';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(async () => { await api.close(); });

/** Sends a binary body as kubectl does (protobuf in, protobuf-or-JSON accepted). */
async function send(method: string, path: string, body: Uint8Array, contentType = PROTOBUF): Promise<{ status: number; contentType: string; body: Json }> {
  const res = await fetch(api.url + path, {
    method, body,
    headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': contentType, Accept: `${PROTOBUF},application/json` },
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: (await res.json()) as Json };
}

async function get(path: string): Promise<Json> {
  const res = await fetch(api.url + path, { headers: { Authorization: `Bearer ${api.token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

const capture = (name: string): Uint8Array => Uint8Array.from(Buffer.from(CAPTURES[name]?.hex ?? '', 'hex'));

describe('kubectl create bodies', () => {
  it.each([
    { name: 'ns', collection: '/api/v1/namespaces', object: '/api/v1/namespaces/foo', check: { 'metadata.name': 'foo', 'status.phase': 'Active' } },
    { name: 'cm', collection: '/api/v1/namespaces/default/configmaps', object: '/api/v1/namespaces/default/configmaps/x', check: { 'data.a': 'b', 'data.c': 'd' } },
    { name: 'cmbin', collection: '/api/v1/namespaces/default/configmaps', object: '/api/v1/namespaces/default/configmaps/bin', check: { 'data.k': 'v', 'binaryData.blob': 'AAH+/w==' } },
    {
      name: 'deploy', collection: '/apis/apps/v1/namespaces/default/deployments', object: '/apis/apps/v1/namespaces/default/deployments/web',
      check: { 'spec.replicas': 2, 'spec.selector.matchLabels.app': 'web', 'spec.template.metadata.labels.app': 'web', 'metadata.generation': 1 },
    },
    { name: 'svc', collection: '/api/v1/namespaces/default/services', object: '/api/v1/namespaces/default/services/web', check: { 'spec.type': 'ClusterIP', 'spec.selector.app': 'web' } },
    { name: 'np', collection: '/api/v1/namespaces/default/services', object: '/api/v1/namespaces/default/services/np', check: { 'spec.type': 'NodePort' } },
    { name: 'ing', collection: '/apis/networking.k8s.io/v1/namespaces/default/ingresses', object: '/apis/networking.k8s.io/v1/namespaces/default/ingresses/ing', check: { 'metadata.namespace': 'default' } },
  ])('$name: POST -> 201 in JSON, stored like its JSON twin', async ({ name, collection, object, check }) => {
    const created = await send('POST', `${collection}?fieldManager=kubectl-create&fieldValidation=Strict`, capture(name));
    expect(created.status).toBe(201);
    expect(created.contentType).toMatch(/^application\/json/);
    const stored = await get(object);
    for (const [path, want] of Object.entries(check)) expect(field(stored, path)).toEqual(want);
    expect(field(stored, 'metadata.uid')).toEqual(expect.any(String));
  });

  it('the stored Deployment keeps the container and the Service its ports', async () => {
    const d = await get('/apis/apps/v1/namespaces/default/deployments/web');
    expect(field(d, 'spec.template.spec.containers')).toEqual([expect.objectContaining({ name: 'echo', image: 'tugboat/echo:1' })]);
    const np = await get('/api/v1/namespaces/default/services/np');
    expect(field(np, 'spec.ports')).toEqual([expect.objectContaining({ name: '8080-80', protocol: 'TCP', port: 8080, targetPort: 80, nodePort: 30080 })]);
    const ing = await get('/apis/networking.k8s.io/v1/namespaces/default/ingresses/ing');
    expect(field(ing, 'spec.rules')).toEqual([{ host: 'foo.com', http: { paths: [{ path: '/bar', pathType: 'Exact', backend: { service: { name: 'svc1', port: { number: 8080 } } } }] } }]);
  });

  it('a second create of the same object is 409 AlreadyExists, as with JSON', async () => {
    const again = await send('POST', '/api/v1/namespaces/default/configmaps', capture('cm'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ kind: 'Status', reason: 'AlreadyExists' });
  });
});

describe('drain DeleteOptions', () => {
  it('DELETE with a protobuf DeleteOptions (gracePeriodSeconds 0) removes an unbound pod', async () => {
    await api.client.create(podManifest('drained'));
    const res = await send('DELETE', '/api/v1/namespaces/default/pods/drained', Uint8Array.from(Buffer.from(DRAIN_DELETE_OPTIONS_GRACE_0, 'hex')));
    expect(res.status).toBe(200);
    const gone = await fetch(`${api.url}/api/v1/namespaces/default/pods/drained`, { headers: { Authorization: `Bearer ${api.token}` } });
    expect(gone.status).toBe(404);
  });
});

describe('bad protobuf bodies', () => {
  it.each([
    { name: 'garbage after the prefix', path: '/api/v1/namespaces/default/pods', body: Uint8Array.from(Buffer.from('k8s\u0000xxxx')), code: 400, reason: 'BadRequest', message: /apiVersion and kind/ },
    { name: 'a truncated body', path: '/api/v1/namespaces/default/configmaps', body: capture('cm').subarray(0, 30), code: 400, reason: 'BadRequest', message: /runs past the end|truncated/ },
    { name: 'a kind it cannot decode', path: '/apis/apps/v1/namespaces/default/replicasets', body: envelope('apps/v1', 'ReplicaSet', sub(1, len(1, 'rs'))), code: 415, reason: 'UnsupportedMediaType', message: /apps\/v1, Kind=ReplicaSet/ },
  ])('$name -> $code $reason Status in JSON', async ({ path, body, code, reason, message }) => {
    const res = await send('POST', path, body);
    expect(res.status).toBe(code);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
    expect(String(res.body.message)).toMatch(message);
  });

  it('a Namespace body posted to configmaps is refused like the same JSON body', async () => {
    const asProtobuf = await send('POST', '/api/v1/namespaces/default/configmaps', envelope('v1', 'Namespace', sub(1, len(1, 'mismatch'))));
    const asJson = await send('POST', '/api/v1/namespaces/default/configmaps', Uint8Array.from(Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'mismatch' } }))), 'application/json');
    expect(asProtobuf.status).toBeGreaterThanOrEqual(400);
    expect(asProtobuf.status).toBeLessThan(500);
    expect(asProtobuf.status).toBe(asJson.status);
    expect(asProtobuf.body.reason).toBe(asJson.body.reason);
  });

  it('the server keeps serving afterwards', async () => {
    expect(field(await get('/api/v1/namespaces/default/configmaps/x'), 'data.a')).toBe('b');
  });
});
