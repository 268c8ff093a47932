/** Storage keys: `/<group or core>/<resource>/<namespace>/<name>`, cluster-scoped without namespace. */
import type { ResourceInfo } from '../api/resources.js';

export function collectionPrefix(r: ResourceInfo, namespace?: string): string {
  const base = `/${r.group || 'core'}/${r.resource}/`;
  return r.namespaced && namespace ? `${base}${namespace}/` : base;
}

export function objectStoreKey(r: ResourceInfo, namespace: string | undefined, name: string): string {
  return `${collectionPrefix(r, namespace)}${name}`;
}
