/**
 * A minimal OpenAPI v3 surface (wire doc §4): one document per group version with a PATCH operation
 * per kind that declares the `fieldValidation` parameter, which is what kubectl's default
 * `--validate=strict` looks for before create/apply.
 */
import { createHash } from 'node:crypto';
import { groupVersion } from '../api/resources.js';
import { groups } from './discovery.js';

function docPath(g: { group: string; version: string }): string {
  return g.group ? `apis/${g.group}/${g.version}` : `api/${g.version}`;
}

const PARAMS = ['fieldValidation', 'fieldManager', 'dryRun', 'force'].map((name) => ({ name, in: 'query', schema: { type: 'string' }, uniqueItems: true }));

/** The OpenAPI document for `path` ("apis/apps/v1"), or undefined. */
export function openApiDocument(path: string): unknown {
  const g = groups().find((x) => docPath(x) === path);
  if (!g) return undefined;
  const paths: Record<string, unknown> = {};
  for (const r of g.resources) {
    const base = `/${docPath(g)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}`;
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const op = (action: string): unknown => ({ 'x-kubernetes-group-version-kind': gvk, 'x-kubernetes-action': action, parameters: PARAMS, responses: { '200': { description: 'OK' } } });
    paths[`${base}/{name}`] = { get: op('get'), put: op('put'), patch: op('patch'), delete: op('delete') };
    paths[base] = { get: op('list'), post: op('post') };
  }
  return { openapi: '3.0.0', info: { title: 'Tugboat', version: groupVersion(g) }, paths, components: { schemas: {} } };
}

const hashes = new Map<string, string>();
function hashOf(path: string): string {
  let h = hashes.get(path);
  if (!h) {
    h = createHash('sha256').update(JSON.stringify(openApiDocument(path))).digest('hex').slice(0, 32).toUpperCase();
    hashes.set(path, h);
  }
  return h;
}

/** The /openapi/v3 index. */
export function openApiIndex(): unknown {
  const paths: Record<string, unknown> = {};
  for (const g of groups()) paths[docPath(g)] = { serverRelativeURL: `/openapi/v3/${docPath(g)}?hash=${hashOf(docPath(g))}` };
  return { paths };
}
