/**
 * Seeded hostile requests against the API server: every verb on collection, object and subresource
 * URLs, with mutated manifests (hostile-values.ts), garbage patch documents of all four patch types,
 * garbage DELETE bodies and garbage query strings. `sendHostile` performs one with fetch.
 */
import { stringify as toYaml } from 'yaml';
import { RESOURCES, type ResourceInfo } from '../../api/resources.js';
import { manifestFor, statusFor } from './hostile-manifests.js';
import { copy, encodeJson, hostileValue, mutate, Raw, UNCONVERTIBLE, type Rng } from './hostile-values.js';
import { garbagePatch } from './hostile-patches.js';

type Json = Record<string, unknown>;

/** One request; `body` is sent as is. */
export interface HostileRequest {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  accept?: string;
  contentEncoding?: string;
  /** The request that made a watch: the caller drops the stream once the headers are in. */
  watch?: boolean;
}

/** Where the fuzz lives: objects are created under these names only, so others stay untouched. */
export interface FuzzWorld {
  namespace: string;
  /** Binds pods (spec.nodeName or pods/binding) to this node sometimes. */
  nodeName?: string;
  /** Weight of write requests (POST/PUT/PATCH) versus reads and deletes; default 1. */
  writeBias?: number;
}

export const PATCH_CONTENT_TYPES = ['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json', 'application/apply-patch+yaml'] as const;
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

export function namesFor(r: ResourceInfo): string[] {
  const base = r.kind === 'Node' ? 'fuzz-node' : r.kind === 'Namespace' ? 'fuzz-ns' : `f-${r.singular}`;
  return Array.from({ length: 5 }, (_, i) => `${base}-${i}`);
}

export function collectionUrl(r: ResourceInfo, ns: string): string {
  const root = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespaced ? `${root}/namespaces/${encodeURIComponent(ns)}/${r.resource}` : `${root}/${r.resource}`;
}
export const objectUrl = (r: ResourceInfo, ns: string, name: string, sub?: string): string =>
  `${collectionUrl(r, ns)}/${encodeURIComponent(name)}${sub ? `/${sub}` : ''}`;

const SELECTORS = ['', '=', '==x', 'a in (', 'a in ()', 'a notin (b', '!', '!!a', 'a!=', 'a=b,', ',,,', 'a=b=c', '(a)', 'a in (b),c notin (d)',
  'x'.repeat(3000), '\u0000', 'ü=ö', 'constructor', '__proto__=x', 'a=(b)', 'a in (b c)', 'app=f-pod-1', 'tier', '!tier'];
const FIELD_SELECTORS = ['spec.nodeName=', 'metadata.name=x', 'status.phase!=Running', 'a in (b)', '!x', 'spec', 'spec.containers=x', 'metadata.__proto__=x',
  'metadata.constructor.name=Object', '=x', '==', 'x=y,z', 'metadata.namespace=fuzz', 'involvedObject.name=p'];
const RVS = ['abc', '-1', '1e99', '1e3', '0x10', '', '0', '99999999999', ' 5', '5.5', 'NaN', 'Infinity', '9007199254740993', '1', '1e21'];
const INTS = ['-5', 'x', '1e99', '0', '1.5', '999999999999', '', '1', '-0', '0x1'];

function garbageQuery(rng: Rng, watch: boolean): string {
  const q = new URLSearchParams();
  if (watch) q.set('watch', rng.pick(['true', '1', 'true', 'yes']));
  if (rng.chance(0.5)) q.set('labelSelector', rng.pick(SELECTORS));
  if (rng.chance(0.4)) q.set('fieldSelector', rng.pick(FIELD_SELECTORS));
  if (rng.chance(0.5)) q.set('resourceVersion', rng.pick(RVS));
  if (rng.chance(0.3)) q.set('timeoutSeconds', rng.pick(INTS));
  if (rng.chance(0.2)) q.set('timeout', rng.pick(['1m', 'x', '-1s', '99999999h', '1s']));
  if (rng.chance(0.2)) q.set('limit', rng.pick(INTS));
  if (rng.chance(0.1)) q.set('continue', rng.pick(['x', '\u0000', '{}']));
  if (rng.chance(0.1)) q.set('includeObject', rng.pick(['Object', 'None', 'x']));
  if (rng.chance(0.1)) q.append('labelSelector', 'b=c');
  const s = q.toString();
  return s ? `?${s}` : '';
}

function kindOf(rng: Rng): ResourceInfo { return rng.pick(RESOURCES); }

/** A manifest of `r` for `name`, mutated most of the time (valid ones make targets for later requests). */
function body(rng: Rng, r: ResourceInfo, name: string, world: FuzzWorld): Json {
  const node = world.nodeName && rng.chance(0.3) ? world.nodeName : undefined;
  const base = manifestFor(r.kind, name, world.namespace, node);
  return rng.chance(0.3) ? base : mutate(rng, base);
}

/** Block-style YAML of `v`; JSON (which YAML also reads) when the value has no YAML form. */
function asYaml(v: unknown): string {
  try { return toYaml(JSON.parse(encodeJson(v)) as unknown); } catch { return encodeJson(v); }
}

/** JSON mostly; else the same as YAML, or garbage under a JSON, YAML or unsupported content type. */
function encodeBody(rng: Rng, value: unknown): { body: string; contentType: string } {
  const r = rng.float();
  if (r < 0.8) return { body: encodeJson(value), contentType: 'application/json' };
  if (r < 0.88) return { body: encodeJson(value), contentType: 'application/yaml' };
  if (r < 0.96) return { body: asYaml(value), contentType: 'application/yaml' };
  return { body: rng.pick([encodeJson(value).slice(0, 40), 'a: [b', '{"a":1,}', 'k8s\u0000proto', '---\na: 1\n---\nb: 2\n', '&a [*a]']), contentType: rng.pick(['application/json', 'application/yaml', 'text/plain', 'application/vnd.kubernetes.protobuf', 'application/json; charset=utf-16']) };
}

function create(rng: Rng, world: FuzzWorld): HostileRequest {
  const r = kindOf(rng);
  return { method: 'POST', path: collectionUrl(r, world.namespace), ...encodeBody(rng, body(rng, r, rng.pick(namesFor(r)), world)) };
}

function update(rng: Rng, world: FuzzWorld): HostileRequest {
  const r = kindOf(rng);
  const name = rng.pick(namesFor(r));
  const b = body(rng, r, name, world);
  if (rng.chance(0.2)) Object.assign(b, { metadata: { ...(b.metadata as Json), resourceVersion: rng.pick(['abc', '1', '', 5, null, '99999999']) } });
  return { method: 'PUT', path: objectUrl(r, world.namespace, name), ...encodeBody(rng, b) };
}

function patch(rng: Rng, world: FuzzWorld, sub?: 'status'): HostileRequest {
  const r = kindOf(rng);
  const name = rng.pick(namesFor(r));
  const contentType = rng.pick(PATCH_CONTENT_TYPES);
  const target = { ...manifestFor(r.kind, name, world.namespace), status: statusFor(r.kind, name) };
  const doc = garbagePatch(rng, contentType, target);
  const text = doc instanceof Raw ? doc.text : contentType.endsWith('yaml') && rng.chance(0.5) ? asYaml(doc) : encodeJson(doc);
  return { method: 'PATCH', path: objectUrl(r, world.namespace, name, sub), body: text, contentType };
}

function putStatus(rng: Rng, world: FuzzWorld): HostileRequest {
  const r = kindOf(rng);
  const name = rng.pick(namesFor(r));
  const obj = { ...manifestFor(r.kind, name, world.namespace), status: statusFor(r.kind, name) };
  // Mostly a valid object with a mutated status (what the status subresource reads), else mutated anywhere.
  const b = rng.chance(0.7) ? { ...copy(obj), status: mutate(rng, { status: obj.status }).status } : mutate(rng, obj);
  return { method: 'PUT', path: objectUrl(r, world.namespace, name, 'status'), ...encodeBody(rng, b) };
}

function scale(rng: Rng, world: FuzzWorld): HostileRequest {
  const r = rng.pick(RESOURCES.filter((x) => x.subresources.some((s) => s.name === 'scale')));
  const path = objectUrl(r, world.namespace, rng.pick(namesFor(r)), 'scale');
  const method = rng.pick(['GET', 'PUT', 'PATCH']);
  if (method === 'GET') return { method, path };
  const scaleObj = mutate(rng, { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'x' }, spec: { replicas: rng.pick([0, 1, 2]) } });
  if (method === 'PUT') return { method, path, ...encodeBody(rng, scaleObj) };
  const contentType = rng.pick(PATCH_CONTENT_TYPES);
  const doc = garbagePatch(rng, contentType, { spec: { replicas: 1 }, status: { replicas: 0, selector: 'app=x' } });
  return { method, path, body: doc instanceof Raw ? doc.text : encodeJson(doc), contentType };
}

function binding(rng: Rng, world: FuzzWorld): HostileRequest {
  const pods = RESOURCES.find((x) => x.kind === 'Pod');
  if (!pods) throw new Error('no Pod kind');
  const name = rng.pick(namesFor(pods));
  const node = world.nodeName && rng.chance(0.5) ? world.nodeName : rng.pick(namesFor(RESOURCES.find((x) => x.kind === 'Node') ?? pods));
  const b = { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: node } };
  return { method: 'POST', path: objectUrl(pods, world.namespace, name, 'binding'), ...encodeBody(rng, rng.chance(0.3) ? b : mutate(rng, b)) };
}

function log(rng: Rng, world: FuzzWorld): HostileRequest {
  const q = new URLSearchParams();
  if (rng.chance(0.5)) q.set('container', rng.pick(['app', 'side', 'nope', '', '\u0000']));
  if (rng.chance(0.3)) q.set('tailLines', rng.pick(INTS));
  if (rng.chance(0.3)) q.set('sinceSeconds', rng.pick(INTS));
  if (rng.chance(0.2)) q.set('previous', rng.pick(['true', 'x']));
  return { method: 'GET', path: `${objectUrl(RESOURCES.find((x) => x.kind === 'Pod') ?? kindOf(rng), world.namespace, rng.pick(['f-pod-0', 'f-pod-1', 'nope']), 'log')}?${q.toString()}` };
}

const DELETE_BODIES: readonly (() => unknown)[] = [
  () => ({ gracePeriodSeconds: -5 }), () => ({ gracePeriodSeconds: 'x' }), () => ({ gracePeriodSeconds: 1e308 }), () => ({ preconditions: 'x' }),
  () => ({ preconditions: { uid: 5, resourceVersion: { ...UNCONVERTIBLE } } }), () => ({ preconditions: { uid: 'nope' } }), () => ({ propagationPolicy: 'Sideways' }),
  () => ({ kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] }), () => [], () => 'x', () => null, () => ({ ...UNCONVERTIBLE }),
];

function del(rng: Rng, world: FuzzWorld): HostileRequest {
  const r = kindOf(rng);
  const q = rng.chance(0.3) ? `?gracePeriodSeconds=${encodeURIComponent(rng.pick(INTS))}` : rng.chance(0.2) ? '?dryRun=All' : '';
  const path = objectUrl(r, world.namespace, rng.pick(namesFor(r))) + q;
  const b = rng.chance(0.8) ? encodeBody(rng, rng.pick(DELETE_BODIES)()) : { body: 'garbage{', contentType: rng.pick(['application/json', 'text/plain']) };
  return { method: 'DELETE', path, ...b };
}

function read(rng: Rng, world: FuzzWorld): HostileRequest {
  const r = kindOf(rng);
  const accept = rng.chance(0.4) ? TABLE_ACCEPT : 'application/json';
  const kind = rng.int(10);
  if (kind < 2) return { method: 'GET', path: objectUrl(r, world.namespace, rng.pick(namesFor(r)), rng.chance(0.3) ? 'status' : undefined), accept };
  const watch = kind < 5;
  const ns = rng.chance(0.2) ? rng.pick(['', 'nope', 'BAD', '%00']) : world.namespace;
  const base = ns === '' && r.namespaced ? collectionUrl(r, world.namespace).replace(`/namespaces/${world.namespace}`, '') : collectionUrl(r, ns);
  return { method: 'GET', path: base + garbageQuery(rng, watch), accept, watch };
}

const WEIRD_PATHS = ['/api/v1/namespaces/fuzz/foos', '/apis/apps/v1/namespaces/fuzz/deployments/f-deployment-0/bogus', '/api/v1/namespaces/%ZZ/pods',
  '/api/v1/namespaces/fuzz/pods/a%00b', `/api/v1/namespaces/fuzz/pods/${'x'.repeat(5000)}`, '/api/v1/namespaces//pods', '/api//v1', '/api/v1/namespaces/fuzz/pods/../../nodes',
  '/apis/apps/v1/namespaces/fuzz/deployments/f-deployment-0/scale/extra', '/api/v1/nodes/fuzz-node-0/status/x/y', '/api/v1/namespaces/fuzz-ns-9', '/apis/apps', '/apis/',
  '/api/v1/namespaces/fuzz/pods/f-pod-0/binding', '/api/v1/namespaces/fuzz/services/f-service-0/scale', '/openapi/v3/apis/nope', '/api/v1/namespaces/fuzz/configmaps/f-configmap-0/status'];

function weird(rng: Rng): HostileRequest {
  const method = rng.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND']);
  const path = rng.pick(WEIRD_PATHS);
  if (method === 'GET' || method === 'OPTIONS' || method === 'PROPFIND') return { method, path };
  return { method, path, body: encodeJson(hostileValue(rng)), contentType: rng.pick(['application/json', ...PATCH_CONTENT_TYPES]) };
}

function encoded(rng: Rng, world: FuzzWorld): HostileRequest {
  const req = create(rng, world);
  return { ...req, contentEncoding: rng.pick(['gzip', 'deflate', 'br', 'identity', 'x-bogus']), body: 'not compressed at all' };
}

type Maker = (rng: Rng, world: FuzzWorld) => HostileRequest;
const WRITES: [number, Maker][] = [[25, create], [12, update], [20, (rng, w) => patch(rng, w)], [6, putStatus], [5, (rng, w) => patch(rng, w, 'status')], [4, scale], [4, binding]];
const OTHERS: [number, Maker][] = [[3, log], [6, del], [12, read], [2, weird], [1, encoded]];

/** The next hostile request. */
export function hostileRequest(rng: Rng, world: FuzzWorld): HostileRequest {
  const bias = world.writeBias ?? 1;
  const table = [...WRITES.map(([w, m]): [number, Maker] => [w * bias, m]), ...OTHERS];
  let x = rng.float() * table.reduce((n, [w]) => n + w, 0);
  for (const [w, make] of table) { x -= w; if (x < 0) return make(rng, world); }
  return create(rng, world);
}

/** What came back; `body` is the parsed JSON, or undefined. */
export interface HostileResponse { status: number; text: string; body: unknown }

/** Sends `req` to the API server at `url`. A watch that answers 200 is dropped after the headers. */
export async function sendHostile(url: string, token: string, req: HostileRequest): Promise<HostileResponse> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: req.accept ?? 'application/json' };
  if (req.contentType !== undefined) headers['Content-Type'] = req.contentType;
  if (req.contentEncoding !== undefined) headers['Content-Encoding'] = req.contentEncoding;
  const abort = new AbortController();
  const res = await fetch(url + req.path, { method: req.method, headers, signal: abort.signal, ...(req.body !== undefined ? { body: req.body } : {}) });
  if (req.watch && res.status === 200) { abort.abort(); return { status: 200, text: '', body: undefined }; }
  const text = await res.text();
  let body: unknown;
  try { body = JSON.parse(text) as unknown; } catch { body = undefined; }
  return { status: res.status, text, body };
}

/** Why `res` is not an acceptable answer to hostile input (a 5xx, or a 4xx that is not a Status), or undefined. */
export function responseProblem(res: HostileResponse): string | undefined {
  if (res.status >= 500) return `${res.status}: ${res.text.slice(0, 300)}`;
  if (res.status < 400) return undefined;
  const s = typeof res.body === 'object' && res.body !== null ? (res.body as Json) : {};
  const ok = s.kind === 'Status' && s.apiVersion === 'v1' && s.status === 'Failure' && s.code === res.status
    && typeof s.reason === 'string' && s.reason !== '' && typeof s.message === 'string' && s.message !== '';
  return ok ? undefined : `${res.status} without a Status: ${res.text.slice(0, 300)}`;
}

/** Short description of a request for failure messages. */
export function describeRequest(req: HostileRequest): string {
  const body = req.body === undefined ? '' : ` ${req.contentType ?? ''} ${req.body.length > 300 ? `${req.body.slice(0, 300)}…(${req.body.length} chars)` : req.body}`;
  return `${req.method} ${req.path.slice(0, 200)}${body}`;
}
