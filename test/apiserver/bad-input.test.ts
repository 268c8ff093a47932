/**
 * Hostile and broken requests get a 4xx Status (never a 500, a hang or a crash), and the server
 * keeps serving afterwards with every stored object intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from '../../api/types.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { call, deploymentManifest, field, PATCH_TYPES, podManifest, type RawResponse } from './helpers.js';

const PODS = '/api/v1/namespaces/default/pods';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

let api: TestApi;
let before: Deployment;
beforeAll(async () => {
  api = await startTestApi();
  before = await api.client.create(deploymentManifest('keep'));
});
afterAll(async () => { await api.close(); });

function expectStatus(res: RawResponse, code: number, reason?: string): void {
  expect(res.status).toBe(code);
  expect(res.contentType).toMatch(/^application\/json/);
  expect(res.body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, ...(reason ? { reason } : {}) });
}

const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
  'apiVersion: v1', 'kind: Pod', 'metadata: {name: bomb}', 'spec: {containers: [{name: c, image: busybox}]}', '',
].join('\n');

describe('malformed bodies', () => {
  it.each([
    { scenario: 'truncated JSON', body: '{"apiVersion":"v1","kind":"Pod",', contentType: 'application/json' },
    { scenario: 'not JSON at all', body: 'hello', contentType: 'application/json' },
    { scenario: 'JSON with a trailing comma', body: '{"a":1,}', contentType: 'application/json' },
    { scenario: 'malformed YAML', body: 'metadata:\n  name: [unclosed\n', contentType: 'application/yaml' },
    { scenario: 'YAML with a tab indent error', body: 'a:\n\t- b\n', contentType: 'application/yaml' },
    { scenario: 'YAML with duplicate keys', body: 'kind: Pod\nkind: Pod\n', contentType: 'application/yaml' },
    { scenario: 'a JSON array instead of an object', body: '[]', contentType: 'application/json' },
    { scenario: 'a JSON string', body: '"pod"', contentType: 'application/json' },
    { scenario: 'empty body', body: '', contentType: 'application/json' },
  ])('$scenario -> 400 BadRequest', async ({ body, contentType }) => {
    expectStatus(await call(api, PODS, { method: 'POST', body, contentType }), 400, 'BadRequest');
  });

  it('a YAML alias bomb ("billion laughs") is 400', async () => {
    const res = await call(api, PODS, { method: 'POST', body: BILLION_LAUGHS, contentType: 'application/yaml' });
    expectStatus(res, 400, 'BadRequest');
  });

  it('the alias bomb through apply-patch+yaml is 400 too', async () => {
    const res = await call(api, `${PODS}/bomb`, { method: 'PATCH', body: BILLION_LAUGHS, contentType: PATCH_TYPES.apply });
    expectStatus(res, 400, 'BadRequest');
  });

  it('duplicate keys deep inside YAML are 400 too', async () => {
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: dup\n  labels:\n    app: a\n    app: b\nspec:\n  containers:\n  - name: c\n    image: busybox\n';
    expectStatus(await call(api, PODS, { method: 'POST', body: yaml, contentType: 'application/yaml' }), 400, 'BadRequest');
  });

  it('a YAML map with 20k keys (just under the YAML limit) is decoded', async () => {
    const annotations = Array.from({ length: 20_000 }, (_, i) => `    k${i}: v`).join('\n');
    const yaml = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: many-keys\n  annotations:\n${annotations}\nspec:\n  containers:\n  - name: c\n    image: busybox\n`;
    const res = await call(api, PODS, { method: 'POST', body: yaml, contentType: 'application/yaml' });
    expect(res.status).toBe(201);
    expect(Object.keys(field(res.body, 'metadata.annotations') as object)).toHaveLength(20_000);
  });

  it('valid YAML creates (application/yaml)', async () => {
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: from-yaml\nspec:\n  containers:\n  - name: c\n    image: busybox\n';
    const res = await call(api, PODS, { method: 'POST', body: yaml, contentType: 'application/yaml' });
    expect(res.status).toBe(201);
  });

  it('a body over 3 MiB is 413', async () => {
    const big = JSON.stringify({ ...podManifest('big'), metadata: { name: 'big', annotations: { a: 'x'.repeat(3 * 1024 * 1024 + 10) } } });
    expectStatus(await call(api, PODS, { method: 'POST', body: big }), 413);
  });

  it('a YAML body over 512 KiB is 413 (YAML parsing is slow and blocks the server)', async () => {
    const list = `[${Array.from({ length: 300_000 }, () => '1').join(',')}]`;
    expectStatus(await call(api, PODS, { method: 'POST', body: list, contentType: 'application/yaml' }), 413);
  });

  it.each([
    'application/x-www-form-urlencoded',
    'text/plain',
  ])('Content-Type %s is 415', async (contentType) => {
    expectStatus(await call(api, PODS, { method: 'POST', body: 'k8s\u0000xxxx', contentType }), 415, 'UnsupportedMediaType');
  });
});

describe('wrong targets and contents', () => {
  it.each([
    '/api/v1/foos',
    '/api/v1/namespaces/default/foos',
    '/api/v1/namespaces/default/foos/x',
    '/apis/apps/v1/namespaces/default/foos',
    '/apis/apps/v2/namespaces/default/deployments',
    '/apis/apps/v2',
    '/apis/example.com/v1',
    '/apis/example.com',
    '/api/v2/pods',
    '/nothing/here',
  ])('%s -> 404 Status', async (path) => {
    expectStatus(await call(api, path), 404, 'NotFound');
  });

  it('a kind in the body that does not match the URL is 400', async () => {
    const res = await call(api, PODS, { method: 'POST', body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: {} } });
    expectStatus(res, 400, 'BadRequest');
  });

  it('an apiVersion in the body that does not match is 400', async () => {
    const res = await call(api, PODS, { method: 'POST', body: { ...podManifest('x'), apiVersion: 'apps/v1' } });
    expectStatus(res, 400, 'BadRequest');
  });

  it('an invalid name is 422 with details.causes[].field', async () => {
    const res = await call(api, PODS, { method: 'POST', body: podManifest('Not_Valid') });
    expectStatus(res, 422, 'Invalid');
    expect(field(res.body, 'details.causes')).toEqual([expect.objectContaining({ field: 'metadata.name' })]);
    expect(field(res.body, 'details.name')).toBe('Not_Valid');
    expect(field(res.body, 'details.kind')).toBe('Pod');
  });

  it('a non-integer timeoutSeconds is 400', async () => {
    expectStatus(await call(api, `${PODS}?watch=true&timeoutSeconds=soon`), 400, 'BadRequest');
  });

  it('a non-numeric watch resourceVersion is 400', async () => {
    expectStatus(await call(api, `${PODS}?watch=true&resourceVersion=abc`), 400, 'BadRequest');
  });
});

describe('authentication', () => {
  it.each([
    { scenario: 'no token', token: null },
    { scenario: 'wrong token', token: 'not-the-token' },
    { scenario: 'token with a different length', token: 'x' },
    { scenario: 'empty token', token: '' },
  ])('$scenario -> 401 Status', async ({ token }) => {
    for (const path of [PODS, '/api', '/apis', '/openapi/v3', '/api/v1']) {
      expectStatus(await call(api, path, { token }), 401, 'Unauthorized');
    }
    expectStatus(await call(api, PODS, { token, method: 'POST', body: podManifest('sneaky') }), 401, 'Unauthorized');
  });

  it.each(['/healthz', '/readyz', '/livez', '/version'])('%s works without a token', async (path) => {
    const res = await call(api, path, { token: null });
    expect(res.status).toBe(200);
  });
});

describe('prototype pollution', () => {
  const polluted = (): unknown => (Object.prototype as Record<string, unknown>).polluted;

  it('__proto__ keys in a JSON body do not reach Object.prototype or the stored object', async () => {
    const body = '{"__proto__":{"polluted":"yes"},"apiVersion":"v1","kind":"Pod","metadata":{"name":"proto","labels":{"__proto__":{"polluted":"yes"},"app":"x"}},"spec":{"containers":[{"name":"c","image":"busybox","__proto__":{"polluted":"yes"}}]}}';
    const res = await call(api, PODS, { method: 'POST', body });
    expect(res.status).toBe(201);
    expect(polluted()).toBeUndefined();
    expect(field(res.body, 'metadata.labels')).toEqual({ app: 'x' });
    expect(res.text).not.toContain('polluted');
  });

  it('__proto__ keys in YAML are dropped', async () => {
    const yaml = 'apiVersion: v1\nkind: Pod\n__proto__:\n  polluted: yes\nmetadata:\n  name: proto-yaml\nspec:\n  containers:\n  - name: c\n    image: busybox\n';
    const res = await call(api, PODS, { method: 'POST', body: yaml, contentType: 'application/yaml' });
    expect(res.status).toBe(201);
    expect(polluted()).toBeUndefined();
  });

  it.each([
    { scenario: 'merge patch', contentType: PATCH_TYPES.merge, body: '{"__proto__":{"polluted":"yes"},"metadata":{"labels":{"a":"b"}}}' },
    { scenario: 'strategic merge patch', contentType: PATCH_TYPES.strategic, body: '{"__proto__":{"polluted":"yes"},"spec":{"__proto__":{"polluted":"yes"}}}' },
    { scenario: 'merge patch through constructor.prototype', contentType: PATCH_TYPES.merge, body: '{"constructor":{"prototype":{"polluted":"yes"}}}' },
  ])('$scenario does not pollute', async ({ contentType, body }) => {
    const res = await call(api, `${DEPLOYMENTS}/keep`, { method: 'PATCH', body, contentType });
    expect(res.status).toBeLessThan(500);
    expect(polluted()).toBeUndefined();
  });

  it.each([
    '[{"op":"add","path":"/__proto__/polluted","value":"yes"}]',
    '[{"op":"add","path":"/metadata/__proto__/polluted","value":"yes"}]',
    '[{"op":"copy","from":"/__proto__","path":"/spec/x"}]',
  ])('JSON patch %s is 400 and does not pollute', async (body) => {
    const res = await call(api, `${DEPLOYMENTS}/keep`, { method: 'PATCH', body, contentType: PATCH_TYPES.json });
    expectStatus(res, 400, 'BadRequest');
    expect(polluted()).toBeUndefined();
  });
});

describe('after all of that', () => {
  it('the server still serves and nothing stored was lost or changed', async () => {
    const list = await call(api, DEPLOYMENTS);
    expect(list.status).toBe(200);
    const keep = await api.client.get<Deployment>('Deployment', 'default', 'keep');
    const { metadata: { resourceVersion: _a, ...metaNow }, ...restNow } = keep;
    const { metadata: { resourceVersion: _b, ...metaBefore }, ...restBefore } = before;
    expect({ ...restNow, metadata: metaNow }).toMatchObject({ ...restBefore, metadata: { ...metaBefore, labels: expect.any(Object) } });
    expect(keep.spec).toEqual(before.spec);
    const created = await api.client.create(podManifest('after'));
    expect(created.metadata.name).toBe('after');
    expect((await api.client.list('Pod', 'default')).items.map((p) => p.metadata.name)).toEqual(expect.arrayContaining(['after', 'from-yaml', 'many-keys', 'proto', 'proto-yaml']));
  });
});
