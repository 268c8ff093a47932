/**
 * Strategic-merge-patch merge keys for the lists Tugboat's kinds contain (from the Kubernetes Go
 * types' `patchMergeKey` tags). A list without a merge key is replaced as a whole by a patch.
 */
import { resourceByKind } from '../../api/resources.js';

export type JsonMap = Record<string, unknown>;

export const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

const BY_FIELD: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
};

/**
 * The merge key of the list at `path` (field names from the object root, list indexes left out) in an
 * object of `kind`, or undefined when the list has none.
 */
export function mergeKeyFor(kind: string, path: readonly string[]): string | undefined {
  const field = path.at(-1);
  if (field === undefined) return undefined;
  const declared = resourceByKind(kind)?.mergeKeys?.[path.join('.')];
  if (declared) return declared;
  if (field === 'ports') {
    return path.some((p) => p === 'containers' || p === 'initContainers' || p === 'ephemeralContainers') ? 'containerPort' : undefined;
  }
  return BY_FIELD[field];
}

/** The list item whose merge key equals `value`, if any. */
export function findByKey(list: readonly unknown[], key: string, value: unknown): JsonMap | undefined {
  if (value === undefined) return undefined;
  return list.find((item): item is JsonMap => isMap(item) && item[key] === value);
}
