/**
 * The REST verbs on resources: list/watch/create/deletecollection on collections; get/update/patch/
 * delete on objects; the status, scale, binding and log subresources. Each handler reads the parsed
 * path and query, calls the Registry, and writes JSON (or a Table).
 */
import type { Request, Response } from 'express';
import { BadRequestError, MethodNotAllowedError, NotFoundError, UnsupportedMediaTypeError } from '../api/errors.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from '../api/patch.js';
import { goDurationMs } from '../api/duration.js';
import { groupVersion, qualifiedResource } from '../api/resources.js';
import { parseFieldSelector, parseLabelSelector } from '../api/selector.js';
import type { KubeObject, Node, Pod } from '../api/types.js';
import { isRecord } from '../api/guards.js';
import { mediaType, readBody, type BodyFormat } from './body.js';
import { pickContainer, proxyLogs } from './logs.js';
import type { ResourcePath } from './path.js';
import type { Registry, Selectors } from './registry.js';
import { fromScale, toScale } from './scale.js';
import { toTable, wantsTable, type IncludeObject } from './tables.js';
import { serveWatch, type WatchDeps } from './watch.js';

export interface HandlerDeps extends WatchDeps { registry: Registry; nodeToken: string }

const q = (req: Request, name: string): string | undefined => {
  const v = req.query[name];
  return typeof v === 'string' ? v : undefined;
};
const qInt = (req: Request, name: string): number | undefined => {
  const v = q(req, name);
  if (v === undefined || v === '') return undefined;
  const n = /^-?\d{1,15}$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw new BadRequestError(`${name} must be an integer, got "${v}"`);
  return n;
};
/** Whole seconds (rounded up) of a Go duration as kubectl sends it in `timeout` ("32s", "1m30s"); undefined when absent, zero or malformed. */
export function parseDurationSeconds(v: string | undefined): number | undefined {
  const ms = v ? goDurationMs(v) : undefined;
  return ms !== undefined && ms > 0 ? Math.ceil(ms / 1000) : undefined;
}
const isDryRun = (req: Request): boolean => q(req, 'dryRun') === 'All';

function selectors(req: Request): Selectors {
  return { label: parseLabelSelector(q(req, 'labelSelector')), field: parseFieldSelector(q(req, 'fieldSelector')) };
}

function includeObject(req: Request): IncludeObject {
  const v = q(req, 'includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function sendObject(req: Request, res: Response, deps: HandlerDeps, obj: KubeObject, code = 200): void {
  if (req.method === 'GET' && wantsTable(req.headers.accept)) {
    res.status(code).json(toTable(obj.kind, [obj], { now: deps.clock.now(), include: includeObject(req), ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}) }));
  } else res.status(code).json(obj);
}

export async function handleCollection(req: Request, res: Response, t: ResourcePath, deps: HandlerDeps): Promise<void> {
  const { r, namespace } = t;
  switch (req.method) {
    case 'GET': {
      const sel = selectors(req);
      const watch = q(req, 'watch');
      if (watch === 'true' || watch === '1') {
        const timeoutSeconds = qInt(req, 'timeoutSeconds') ?? parseDurationSeconds(q(req, 'timeout'));
        return serveWatch(req, res, { r, namespace, sel, resourceVersion: q(req, 'resourceVersion'), timeoutSeconds, table: wantsTable(req.headers.accept) ? { include: includeObject(req) } : undefined }, deps);
      }
      const list = await deps.registry.list(r, namespace, sel);
      if (wantsTable(req.headers.accept)) {
        res.json(toTable(r.kind, list.items, { now: deps.clock.now(), include: includeObject(req), resourceVersion: list.resourceVersion }));
        return;
      }
      res.json({ kind: r.listKind, apiVersion: groupVersion(r), metadata: { resourceVersion: list.resourceVersion }, items: list.items.map(stripTypeMeta) });
      return;
    }
    case 'POST': {
      const { value } = requireBody(req);
      const created = await deps.registry.create(r, namespace, value, { dryRun: isDryRun(req) });
      res.status(201).json(created);
      return;
    }
    case 'DELETE': {
      const list = await deps.registry.list(r, namespace, selectors(req));
      const deleted: KubeObject[] = [];
      for (const o of list.items) deleted.push(await deps.registry.delete(r, o.metadata.namespace, o.metadata.name ?? '', { dryRun: isDryRun(req) }));
      res.json({ kind: r.listKind, apiVersion: groupVersion(r), metadata: { resourceVersion: String(deps.store.currentRevision()) }, items: deleted.map(stripTypeMeta) });
      return;
    }
    default: throw new MethodNotAllowedError(`${req.method} is not supported on ${qualifiedResource(r)}`);
  }
}

/** Items in a list carry no kind/apiVersion, as on a real server. */
function stripTypeMeta(o: KubeObject): unknown {
  const { kind: _k, apiVersion: _a, ...rest } = o;
  return rest;
}

function requireBody(req: Request): { format: BodyFormat; value: unknown } {
  const body = readBody(req);
  if (body.value === undefined) throw new BadRequestError('the request needs a body');
  return body;
}

/** Applies a patch body of the given format to `cur`; `contentType` names a non-patch type in the 415. */
export function applyPatch(format: BodyFormat, cur: unknown, patch: unknown, contentType: string = format): unknown {
  switch (format) {
    case 'merge': return applyMergePatch(cur, patch);
    case 'strategic': case 'apply': return applyStrategicMergePatch(cur, patch);
    case 'json-patch': return applyJsonPatch(cur, patch);
    default: throw new UnsupportedMediaTypeError(contentType);
  }
}

function patchPrecondition(patch: unknown): string | undefined {
  if (!isRecord(patch) || !isRecord(patch.metadata)) return undefined;
  const rv = patch.metadata.resourceVersion;
  return typeof rv === 'string' && rv !== '' ? rv : undefined;
}

async function patchObject(req: Request, res: Response, t: ResourcePath, deps: HandlerDeps, subresource?: 'status'): Promise<void> {
  const { r, namespace } = t;
  const name = t.name ?? '';
  const { format, value } = requireBody(req);
  if (format === 'apply' && !subresource) {
    const exists = await deps.registry.get(r, namespace, name).then(() => true, (err: unknown) => { if (err instanceof NotFoundError) return false; throw err; });
    if (!exists) {
      if (isRecord(value) && isRecord(value.metadata) && value.metadata.name !== undefined && value.metadata.name !== name) throw new BadRequestError('the name of the object does not match the name on the URL');
      res.status(201).json(await deps.registry.create(r, namespace, value, { dryRun: isDryRun(req) }));
      return;
    }
  }
  const precondition = patchPrecondition(value);
  const updated = await deps.registry.modify(r, namespace, name, (cur) => applyPatch(format, cur, value, mediaType(req)) as KubeObject, { dryRun: isDryRun(req), ...(subresource ? { subresource } : {}), ...(precondition ? { precondition } : {}) });
  res.json(updated);
}

/**
 * The DeleteOptions body (optional). Malformed options are refused rather than ignored: a delete
 * whose precondition or dry-run flag cannot be read must not delete anything.
 */
function deleteOptions(body: unknown): { gracePeriodSeconds?: number; dryRun: boolean; orphan: boolean; preconditions: { uid?: string; resourceVersion?: string } } {
  if (body === undefined || body === null) return { dryRun: false, orphan: false, preconditions: {} };
  const bad = (why: string): never => { throw new BadRequestError(`DeleteOptions is invalid: ${why}`); };
  if (!isRecord(body)) bad('the body must be an object');
  const o = body as Record<string, unknown>;
  const grace = o.gracePeriodSeconds;
  if (grace !== undefined && grace !== null && !Number.isSafeInteger(grace)) bad('gracePeriodSeconds must be an integer');
  const dryRun = o.dryRun ?? [];
  if (!Array.isArray(dryRun) || dryRun.some((d) => d !== 'All')) bad('dryRun may only contain "All"');
  const pre = o.preconditions ?? {};
  if (!isRecord(pre)) bad('preconditions must be an object');
  const { uid, resourceVersion } = pre as Record<string, unknown>;
  if ((uid !== undefined && uid !== null && typeof uid !== 'string') || (resourceVersion !== undefined && resourceVersion !== null && typeof resourceVersion !== 'string')) bad('preconditions.uid and preconditions.resourceVersion must be strings');
  if (o.propagationPolicy !== undefined && o.propagationPolicy !== null && !(typeof o.propagationPolicy === 'string' && ['Background', 'Foreground', 'Orphan'].includes(o.propagationPolicy))) bad('propagationPolicy must be Background, Foreground or Orphan');
  return {
    ...(typeof grace === 'number' ? { gracePeriodSeconds: grace } : {}),
    dryRun: (dryRun as unknown[]).length > 0,
    orphan: o.propagationPolicy === 'Orphan' || (o.propagationPolicy === undefined && o.orphanDependents === true),
    preconditions: { ...(typeof uid === 'string' ? { uid } : {}), ...(typeof resourceVersion === 'string' ? { resourceVersion } : {}) },
  };
}

export async function handleObject(req: Request, res: Response, t: ResourcePath, deps: HandlerDeps): Promise<void> {
  const { r, namespace } = t;
  const name = t.name ?? '';
  switch (req.method) {
    case 'GET': return sendObject(req, res, deps, await deps.registry.get(r, namespace, name));
    case 'PUT': res.json(await deps.registry.update(r, namespace, name, requireBody(req).value, undefined, { dryRun: isDryRun(req) })); return;
    case 'PATCH': return patchObject(req, res, t, deps);
    case 'DELETE': {
      const opts = deleteOptions(readBody(req).value);
      const grace = qInt(req, 'gracePeriodSeconds') ?? opts.gracePeriodSeconds;
      const orphanDependents = opts.orphan || q(req, 'propagationPolicy') === 'Orphan';
      res.json(await deps.registry.delete(r, namespace, name, { dryRun: isDryRun(req) || opts.dryRun, ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}), preconditions: opts.preconditions, orphanDependents }));
      return;
    }
    default: throw new MethodNotAllowedError(`${req.method} is not supported on ${qualifiedResource(r)}/${name}`);
  }
}

export async function handleSubresource(req: Request, res: Response, t: ResourcePath, deps: HandlerDeps): Promise<void> {
  const { r, namespace } = t;
  const name = t.name ?? '';
  const sub = t.subresource ?? '';
  if (!r.subresources.some((s) => s.name === sub)) throw new NotFoundError(`${qualifiedResource(r)}/${sub}`, '');
  const method = `${req.method} ${sub}`;
  switch (method) {
    case 'GET status': return sendObject(req, res, deps, await deps.registry.get(r, namespace, name));
    case 'PUT status': res.json(await deps.registry.update(r, namespace, name, requireBody(req).value, 'status', { dryRun: isDryRun(req) })); return;
    case 'PATCH status': return patchObject(req, res, t, deps, 'status');
    case 'GET scale': res.json(toScale(await deps.registry.get(r, namespace, name))); return;
    case 'PUT scale': case 'PATCH scale': {
      const { format, value } = requireBody(req);
      const precondition = format === 'json-patch' ? undefined : patchPrecondition(value);
      const updated = await deps.registry.modify(r, namespace, name, (cur) => fromScale(cur, format === 'json' ? value : applyPatch(format, toScale(cur), value, mediaType(req))), { dryRun: isDryRun(req), ...(precondition ? { precondition } : {}) });
      res.json(toScale(updated));
      return;
    }
    case 'POST binding': {
      const body = requireBody(req).value;
      const target = isRecord(body) && isRecord(body.target) ? body.target : undefined;
      if (!target || typeof target.name !== 'string' || !target.name) throw new BadRequestError('Binding is invalid: target.name: Required value');
      await deps.registry.bind(namespace ?? 'default', name, target.name, { dryRun: isDryRun(req) });
      res.status(201).json({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
      return;
    }
    case 'GET log': return serveLog(req, res, t, deps);
    default: throw new MethodNotAllowedError(`${req.method} is not supported on ${qualifiedResource(r)}/${sub}`);
  }
}

async function serveLog(req: Request, res: Response, t: ResourcePath, deps: HandlerDeps): Promise<void> {
  const pod = (await deps.registry.get(t.r, t.namespace, t.name ?? '')) as Pod;
  const container = pickContainer(pod, q(req, 'container'));
  if (!pod.spec.nodeName) throw new BadRequestError(`container "${container}" in pod "${pod.metadata.name ?? ''}" is waiting to start: pod has not been scheduled`);
  const node = (await deps.registry.get(deps.registry.kind('Node'), undefined, pod.spec.nodeName)) as Node;
  const tailLines = qInt(req, 'tailLines');
  const sinceSeconds = qInt(req, 'sinceSeconds');
  await proxyLogs(pod, node, container, {
    follow: q(req, 'follow') === 'true', timestamps: q(req, 'timestamps') === 'true', previous: q(req, 'previous') === 'true',
    ...(tailLines !== undefined ? { tailLines } : {}), ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
  }, deps.nodeToken, res);
}
