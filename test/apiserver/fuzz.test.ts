/**
 * Seeded fuzzing of the API server with hostile input (test/support/hostile-*.ts): mutated manifests
 * of every kind on every verb and subresource, garbage patches of all four patch types, garbage
 * DELETE bodies and query strings. Every answer is < 500 and every 4xx is a Kubernetes Status; the
 * server keeps answering /healthz; objects stored before the fuzz are byte-identical afterwards;
 * Object.prototype stays clean; every accepted object can still be read, listed and printed as a
 * Table. A failure prints the request, and the seed reproduces the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES, type ResourceInfo } from '../../api/resources.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { manifestFor, statusFor } from '../support/hostile-manifests.js';
import { collectionUrl, describeRequest, hostileRequest, objectUrl, responseProblem, sendHostile, TABLE_ACCEPT, type HostileRequest, type HostileResponse } from '../support/hostile-requests.js';
import { sweepRequests } from '../support/hostile-sweep.js';
import { deepArray, deepObject, encodeJson, manyLabels, xorshift32 } from '../support/hostile-values.js';

const SEED = 0x7b0a7c5e;
const REQUESTS = 1600;
const FUZZ_NS = 'fuzz';
const KEEP_NS = 'keep';

let api: TestApi;
const keepers: { path: string; text: string }[] = [];
const accepted = new Map<string, ResourceInfo>();
const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
/** Process warnings (TimeoutOverflowWarning: a hostile timeout reached a timer, which then fires at once). */
const warnings: string[] = [];
const onWarning = (w: Error): void => { warnings.push(`${w.name}: ${w.message}`); };

const send = (req: HostileRequest): Promise<HostileResponse> => sendHostile(api.url, api.token, req);
const get = (path: string, accept = 'application/json'): Promise<HostileResponse> => send({ method: 'GET', path, accept });

/** Creates one object of every kind outside the fuzz's names, and remembers its JSON. */
async function createKeepers(): Promise<void> {
  for (const r of RESOURCES) {
    const name = r.kind === 'Node' || r.kind === 'Namespace' ? `keeper-${r.singular}` : 'keeper';
    const obj = { ...manifestFor(r.kind, name, KEEP_NS), ...(r.kind === 'Node' ? { status: statusFor('Node', name) } : {}) };
    const res = await send({ method: 'POST', path: collectionUrl(r, KEEP_NS), body: JSON.stringify(obj), contentType: 'application/json' });
    expect(res.status, res.text).toBe(201);
    const path = objectUrl(r, KEEP_NS, name);
    keepers.push({ path, text: (await get(path)).text });
  }
}

/** Remembers an object the server accepted, by its URL, and returns that URL. */
function noteAccepted(res: HostileResponse): string | undefined {
  if (res.status >= 300 || typeof res.body !== 'object' || res.body === null) return undefined;
  const o = res.body as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const r = RESOURCES.find((x) => x.kind === o.kind);
  if (!r || typeof o.metadata?.name !== 'string') return undefined;
  const path = objectUrl(r, typeof o.metadata.namespace === 'string' ? o.metadata.namespace : '', o.metadata.name);
  accepted.set(path, r);
  return path;
}

beforeAll(async () => {
  process.on('warning', onWarning);
  api = await startTestApi();
  for (const ns of [FUZZ_NS, KEEP_NS]) await api.client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await createKeepers();
});
afterAll(async () => { process.off('warning', onWarning); await api.close(); });

/** Sends each request; returns the problems (request + answer) and counts the status codes. */
async function run(requests: Iterable<HostileRequest>, codes: Map<number, number>): Promise<string[]> {
  const problems: string[] = [];
  let i = 0;
  for (const req of requests) {
    const res = await send(req);
    codes.set(res.status, (codes.get(res.status) ?? 0) + 1);
    const problem = responseProblem(res);
    if (problem) problems.push(`#${i} ${describeRequest(req)}\n  -> ${problem}`);
    // What was just accepted must print as a Table now: a later write may replace it.
    const path = req.method === 'GET' ? undefined : noteAccepted(res);
    const table = path === undefined ? undefined : await get(path, TABLE_ACCEPT);
    if (table && table.status >= 500) problems.push(`#${i} ${describeRequest(req)}\n  -> accepted, then GET as a Table: ${table.status} ${table.text.slice(0, 200)}`);
    if (++i % 250 === 0) expect((await get('/healthz')).status).toBe(200);
  }
  return problems;
}

function* randomRequests(seed: number, n: number): Generator<HostileRequest> {
  const rng = xorshift32(seed);
  for (let i = 0; i < n; i++) yield hostileRequest(rng, { namespace: FUZZ_NS });
}

describe(`hostile requests (seed 0x${SEED.toString(16)})`, () => {
  it('every path of every kind with a wrong type, a special value, an extreme number or a hostile string: < 500, every 4xx a Status', async () => {
    const codes = new Map<number, number>();
    const requests = sweepRequests(xorshift32(SEED), { namespace: FUZZ_NS });
    expect(requests.length).toBeGreaterThan(800);
    expect((await run(requests, codes)).slice(0, 20)).toEqual([]);
    // Both outcomes must occur, or the sweep tests nothing: accepted writes and refused ones.
    expect((codes.get(200) ?? 0) + (codes.get(201) ?? 0)).toBeGreaterThan(100);
    expect(codes.get(422) ?? 0).toBeGreaterThan(200);
  });

  it(`${REQUESTS} random hostile requests: < 500, every 4xx a Status, /healthz keeps answering`, async () => {
    const codes = new Map<number, number>();
    expect((await run(randomRequests(SEED, REQUESTS), codes)).slice(0, 20)).toEqual([]);
    expect(codes.get(201) ?? 0).toBeGreaterThan(50);
    expect(codes.get(422) ?? 0).toBeGreaterThan(100);
    expect(codes.get(400) ?? 0).toBeGreaterThan(100);
    expect((await get('/healthz')).text).toBe('ok');
  });

  it.each([
    { scenario: 'JSON nested 100000 deep', body: encodeJson({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep' }, data: deepArray(100_000) }), contentType: 'application/json' },
    { scenario: 'JSON object nested 5000 deep in an unknown field', body: encodeJson({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep-5000' }, extra: deepObject(5000) }), contentType: 'application/json' },
    { scenario: 'YAML flow nested 100000 deep', body: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep-yaml}\nextra: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, contentType: 'application/yaml' },
    { scenario: 'YAML block nested 3000 deep', body: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep-block}\nextra:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')} 1\n`, contentType: 'application/yaml' },
    { scenario: 'a 4 MiB JSON body', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'huge' }, data: { a: 'x'.repeat(4 * 1024 * 1024) } }), contentType: 'application/json' },
    { scenario: 'a 600 KiB YAML body', body: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge-yaml}\ndata: {a: ${'y'.repeat(600 * 1024)}}\n`, contentType: 'application/yaml' },
    { scenario: '50000 labels', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'many-labels', labels: manyLabels(50_000) } }), contentType: 'application/json' },
  ])('$scenario: < 500 with a Status when refused', async ({ body, contentType }) => {
    const res = await send({ method: 'POST', path: `/api/v1/namespaces/${FUZZ_NS}/configmaps`, body, contentType });
    expect(responseProblem(res)).toBeUndefined();
    noteAccepted(res);
    expect((await get('/healthz')).status).toBe(200);
  });
});

describe('after the fuzz', () => {
  it('objects stored before the fuzz are byte-identical', async () => {
    for (const k of keepers) expect((await get(k.path)).text, k.path).toBe(k.text);
  });

  it('no process warnings (no timer got a delay it cannot hold)', () => {
    expect(warnings).toEqual([]);
  });

  it('Object.prototype and Array.prototype are unpolluted', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('every accepted object is still readable and prints as a Table', async () => {
    expect(accepted.size).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const [path, r] of accepted) {
      for (const [p, accept] of [[path, 'application/json'], [path, TABLE_ACCEPT], ...(r.subresources.some((s) => s.name === 'status') ? [[`${path}/status`, TABLE_ACCEPT]] : [])] as const) {
        const res = await get(p, accept);
        if (res.status !== 200 && res.status !== 404) problems.push(`GET ${p} (${accept}) -> ${res.status} ${res.text.slice(0, 200)}`);
      }
      if (r.subresources.some((s) => s.name === 'scale')) {
        const res = await get(`${path}/scale`);
        if (res.status >= 500) problems.push(`GET ${path}/scale -> ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(RESOURCES.map((r) => ({ kind: r.kind, r })))('$kind lists as JSON and as a Table, in the fuzz namespace and everywhere', async ({ r }) => {
    const all = collectionUrl(r, FUZZ_NS);
    const everywhere = r.namespaced ? all.replace(`/namespaces/${FUZZ_NS}`, '') : all;
    for (const path of [all, everywhere]) {
      const list = await get(path);
      expect(list.status, list.text.slice(0, 300)).toBe(200);
      const table = await get(path, TABLE_ACCEPT);
      expect(table.status, table.text.slice(0, 300)).toBe(200);
      const items = (list.body as { items: unknown[] }).items;
      expect((table.body as { rows: unknown[] }).rows).toHaveLength(items.length);
    }
  });
});
