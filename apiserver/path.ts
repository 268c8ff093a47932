/** Parses REST paths (/api/v1/..., /apis/<group>/<version>/...) into what they address. */
import { resourceForPath, type KindDefinition } from '../api/resources.js';

export interface ResourcePath {
  r: KindDefinition;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export type ParsedPath =
  | { type: 'resource'; target: ResourcePath }
  | { type: 'groupVersion'; group: string; version: string }
  | { type: 'unknownResource'; group: string; version: string; resource: string }
  | { type: 'none' };

/** Splits `/api/v1/namespaces/default/pods/web/log` into its parts; decodes each segment. */
export function parseApiPath(path: string): ParsedPath {
  const parts = path.split('/').filter((p) => p.length > 0).map((p) => { try { return decodeURIComponent(p); } catch { return p; } });
  let group: string, version: string, rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) { group = ''; version = parts[1] ?? ''; rest = parts.slice(2); }
  else if (parts[0] === 'apis' && parts.length >= 3) { group = parts[1] ?? ''; version = parts[2] ?? ''; rest = parts.slice(3); }
  else return { type: 'none' };
  if (rest.length === 0) return { type: 'groupVersion', group, version };
  const nsScoped = rest[0] === 'namespaces' && rest.length >= 3 ? resourceForPath(group, version, rest[2] ?? '') : undefined;
  if (nsScoped && nsScoped.namespaced) {
    return { type: 'resource', target: { r: nsScoped, namespace: rest[1] ?? '', ...(rest[3] !== undefined ? { name: rest[3] } : {}), ...(rest[4] !== undefined ? { subresource: rest[4] } : {}) } };
  }
  if (rest.length > 3) return { type: 'none' };
  const resource = rest[0] ?? '';
  const r = resourceForPath(group, version, resource);
  if (!r) return { type: 'unknownResource', group, version, resource };
  return { type: 'resource', target: { r, ...(rest[1] !== undefined ? { name: rest[1] } : {}), ...(rest[2] !== undefined ? { subresource: rest[2] } : {}) } };
}
