/**
 * Client-side apply's three-way patch (kubectl `apply` without --server-side), as a pure function:
 * the patch is the new manifest itself, plus `null` for every map key that the last-applied
 * configuration had and the new manifest dropped (recursively), plus `{"$patch":"delete", key: v}`
 * for merge-keyed list items that disappeared, plus the new last-applied annotation. Sent as a
 * strategic merge patch, it leaves fields the manifest never set (server defaults, status, other
 * writers' changes) alone.
 */
import { sortKeys } from '../printers/json.js';
import { findByKey, isMap, mergeKeyFor, type JsonMap } from './merge-keys.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * What kubectl stores as the last-applied configuration: the manifest without that annotation itself,
 * with `metadata.annotations` always present (`{}` when empty), exactly as kubectl writes it, so
 * objects applied by kubectl and by tug compare equal.
 */
export function lastAppliedConfig(manifest: JsonMap): JsonMap {
  const metadata = isMap(manifest.metadata) ? manifest.metadata : {};
  const { [LAST_APPLIED]: _self, ...annotations } = isMap(metadata.annotations) ? metadata.annotations : {};
  return { ...manifest, metadata: { ...metadata, annotations } };
}

/** The annotation value: the last-applied configuration as compact JSON with sorted keys (like kubectl), plus "\n". */
export function lastAppliedValue(manifest: JsonMap): string {
  return `${JSON.stringify(sortKeys(lastAppliedConfig(manifest)))}\n`;
}

/** The manifest as it is created: with the last-applied annotation added. */
export function withLastApplied(manifest: JsonMap): JsonMap {
  const config = lastAppliedConfig(manifest);
  const metadata = isMap(config.metadata) ? config.metadata : {};
  const annotations = isMap(metadata.annotations) ? metadata.annotations : {};
  return { ...config, metadata: { ...metadata, annotations: { ...annotations, [LAST_APPLIED]: lastAppliedValue(manifest) } } };
}

/** Reads the last-applied configuration from a live object; undefined when absent or not JSON. */
export function readLastApplied(live: JsonMap): JsonMap | undefined {
  const metadata = isMap(live.metadata) ? live.metadata : {};
  const raw = isMap(metadata.annotations) ? metadata.annotations[LAST_APPLIED] : undefined;
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isMap(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function mergeMaps(last: JsonMap | undefined, next: JsonMap, kind: string, path: readonly string[]): JsonMap {
  const out: JsonMap = {};
  for (const [key, value] of Object.entries(next)) out[key] = mergeValue(last?.[key], value, kind, [...path, key]);
  for (const key of Object.keys(last ?? {})) if (!(key in next)) out[key] = null;
  return out;
}

function mergeValue(last: unknown, next: unknown, kind: string, path: readonly string[]): unknown {
  if (isMap(next)) return mergeMaps(isMap(last) ? last : undefined, next, kind, path);
  if (!Array.isArray(next)) return next;
  const key = mergeKeyFor(kind, path);
  return key ? mergeList(Array.isArray(last) ? last : [], next, key, kind, path) : next;
}

function mergeList(last: readonly unknown[], next: readonly unknown[], key: string, kind: string, path: readonly string[]): unknown[] {
  const out = next.map((item) => (isMap(item) ? mergeMaps(findByKey(last, key, item[key]), item, kind, path) : item));
  for (const old of last) {
    if (!isMap(old) || old[key] === undefined) continue;
    if (!findByKey(next, key, old[key])) out.push({ $patch: 'delete', [key]: old[key] });
  }
  return out;
}

/**
 * The strategic merge patch that moves a live object from `lastApplied` (undefined when the object
 * was never applied) to `manifest`, including the new last-applied annotation.
 */
export function threeWayPatch(lastApplied: JsonMap | undefined, manifest: JsonMap): JsonMap {
  const kind = typeof manifest.kind === 'string' ? manifest.kind : '';
  const previous = lastApplied ? lastAppliedConfig(lastApplied) : undefined;
  return mergeMaps(previous, withLastApplied(manifest), kind, []);
}
