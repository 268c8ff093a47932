/**
 * Regression cases found by the fuzzer (fuzz.test.ts), pinned one by one: DeleteOptions that
 * cannot be read delete nothing, integer query parameters are decimal, resource versions beyond
 * 2^53 and far-off watch timeouts are handled, nesting depth is bounded, generated names stay valid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap } from '../../api/types.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { call, field, podManifest } from './helpers.js';
import { openWatch } from './watch-stream.js';

const PODS = '/api/v1/namespaces/default/pods';
const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(async () => { await api.close(); });

const configMap = (name: string): ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { a: 'b' } });
const exists = async (name: string): Promise<boolean> => (await call(api, `${CONFIGMAPS}/${name}`)).status === 200;

describe('DELETE options', () => {
  it('dryRun: ["All"] in the body (kubectl delete --dry-run=server) deletes nothing', async () => {
    await api.client.create(configMap('dry'));
    const res = await call(api, `${CONFIGMAPS}/dry`, { method: 'DELETE', body: { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] } });
    expect(res.status).toBe(200);
    expect(await exists('dry')).toBe(true);
  });

  it.each([
    { scenario: 'a precondition uid that is a number', body: { preconditions: { uid: 5 } } },
    { scenario: 'preconditions that are a string', body: { preconditions: 'x' } },
    { scenario: 'gracePeriodSeconds "x"', body: { gracePeriodSeconds: 'x' } },
    { scenario: 'an unknown propagationPolicy', body: { propagationPolicy: 'Sideways' } },
    { scenario: 'dryRun "All" as a string', body: { dryRun: 'All' } },
    { scenario: 'a list instead of an object', body: [] },
    { scenario: 'an object whose toString is not a function', body: { propagationPolicy: { toString: 1 } } },
  ])('$scenario -> 400, and the object stays', async ({ scenario, body }) => {
    const name = `keep-${scenario.length}`;
    await api.client.create(configMap(name));
    const res = await call(api, `${CONFIGMAPS}/${name}`, { method: 'DELETE', body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    expect(await exists(name)).toBe(true);
  });

  it('kubectl\'s usual options still delete', async () => {
    await api.client.create(configMap('bye'));
    const res = await call(api, `${CONFIGMAPS}/bye`, { method: 'DELETE', body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', gracePeriodSeconds: 0 } });
    expect(res.status).toBe(200);
    expect(await exists('bye')).toBe(false);
  });
});

describe('query parameters', () => {
  it.each(['0x1', '1e3', ' 5', '1.5', '99999999999999999999'])('gracePeriodSeconds=%s is 400 (decimal integers only)', async (v) => {
    await api.client.create(configMap('q'));
    expect((await call(api, `${CONFIGMAPS}/q?gracePeriodSeconds=${encodeURIComponent(v)}`, { method: 'DELETE' })).status).toBe(400);
    await api.client.delete('ConfigMap', 'default', 'q');
  });

  it.each(['1e99', '9007199254740993', '1e3', '-1'])('watch from resourceVersion=%s is 400, not 500', async (rv) => {
    const res = await call(api, `${PODS}?watch=true&resourceVersion=${rv}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: 'Status', code: 400 });
  });

  it('a watch with a timeout beyond what a timer holds stays open (it used to end at once)', async () => {
    const w = await openWatch(api, `${CONFIGMAPS}?watch=true&resourceVersion=${api.store.currentRevision()}&timeoutSeconds=99999999999`);
    expect(w.status).toBe(200);
    await api.client.create(configMap('seen'));
    expect((await w.take(1)).map((e) => e.type)).toEqual(['ADDED']);
    w.close();
  });
});

describe('nesting depth', () => {
  const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it.each([
    { scenario: 'JSON 101 levels deep', body: `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"x":${nested(100)}}`, contentType: 'application/json' },
    { scenario: 'YAML 101 levels deep', body: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nx: ${nested(100)}\n`, contentType: 'application/yaml' },
    { scenario: 'a merge patch 101 levels deep', body: `{"x":${nested(100)}}`, contentType: 'application/merge-patch+json', method: 'PATCH' },
  ])('$scenario -> 400', async ({ body, contentType, method }) => {
    if (method) await api.client.create(configMap('deep-target'));
    const res = await call(api, method ? `${CONFIGMAPS}/deep-target` : CONFIGMAPS, { method: method ?? 'POST', body, contentType });
    expect(res.status).toBe(400);
    expect(field(res.body, 'message')).toMatch(/nests deeper than 100 levels/);
  });

  it('100 levels are fine, and a string full of brackets does not count', async () => {
    const body = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep-ok"},"data":{"a":"${'['.repeat(500)}"},"x":${nested(99)}}`;
    expect((await call(api, CONFIGMAPS, { method: 'POST', body })).status).toBe(201);
  });
});

describe('generated names', () => {
  it('a 253-character generateName is cut to 58 so the name stays valid', async () => {
    const res = await call(api, PODS, { method: 'POST', body: { ...podManifest('x'), metadata: { generateName: `${'a'.repeat(252)}-` } } });
    expect(res.status).toBe(201);
    expect(field(res.body, 'metadata.name')).toMatch(/^a{58}[a-z0-9]{5}$/);
  });

  it('a generateName that cannot make a valid name is 422 on metadata.generateName', async () => {
    const res = await call(api, PODS, { method: 'POST', body: { ...podManifest('x'), metadata: { generateName: '../' } } });
    expect(res.status).toBe(422);
    expect(field(res.body, 'details.causes')).toEqual([expect.objectContaining({ field: 'metadata.generateName' })]);
  });
});
