/**
 * Works out where a manifest goes: its kind (through api/resources.ts), namespace (the manifest's,
 * else -n, else the context default) and name. Shared by `apply -f` and `delete -f`.
 */
import { resourceForKind, type ResourceInfo } from '../../api/resources.js';
import { CliError } from '../errors.js';
import type { Manifest } from './manifests.js';
import { isMap, type JsonMap } from './merge-keys.js';

/** A manifest resolved to a kind and object key; `object` has metadata.namespace filled in. */
export interface Target { resource: ResourceInfo; namespace: string | undefined; name: string; object: JsonMap }

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Resolves a manifest. Throws CliError for an unknown kind (kubectl's "resource mapping not found"),
 * a missing name, or a namespace that contradicts an explicit -n.
 */
export function targetOf(m: Manifest, ns: { namespace: string; explicitNamespace: boolean }): Target {
  const apiVersion = str(m.object.apiVersion);
  const kind = str(m.object.kind);
  const metadata = isMap(m.object.metadata) ? m.object.metadata : {};
  const name = str(metadata.name);
  const own = str(metadata.namespace);
  const resource = resourceForKind(apiVersion, kind);
  if (!resource) {
    throw new CliError(`resource mapping not found for name: "${name}" namespace: "${own}" from "${m.source}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`);
  }
  if (!name) throw new CliError(`error when retrieving current configuration of ${kind} from "${m.source}": resource name may not be empty`);
  if (!resource.namespaced) return { resource, namespace: undefined, name, object: m.object };
  if (own && ns.explicitNamespace && own !== ns.namespace) {
    throw new CliError(`the namespace from the provided object "${own}" does not match the namespace "${ns.namespace}". You must pass '--namespace=${own}' to perform this operation.`);
  }
  const namespace = own || ns.namespace;
  return { resource, namespace, name, object: { ...m.object, metadata: { ...metadata, namespace } } };
}
