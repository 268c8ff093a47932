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

/** The manifest without its own last-applied annotation (and without an annotations map left empty). */
export function stripLastApplied(manifest: JsonMap): JsonMap {
  const metadata = isMap(manifest.metadata) ? manifest.metadata : {};
  if (!isMap(metadata.annotations) || !(LAST_APPLIED in metadata.annotations)) return manifest;
  const { [LAST_APPLIED]: _dropped, ...annotations } = metadata.annotations;
  const { annotations: _old, ...rest } = metadata;
  return { ...manifest, metadata: Object.keys(annotations).length > 0 ? { ...rest, annotations } : rest };
}

/** The annotation value: the manifest as compact JSON with sorted keys (like kubectl), plus "\n". */
export function lastAppliedValue(manifest: JsonMap): string {
  return `${JSON.stringify(sortKeys(stripLastApplied(manifest)))}\n`;
}

/** The manifest as it is created: with the last-applied annotation added. */
export function withLastApplied(manifest: JsonMap): JsonMap {
  const clean = stripLastApplied(manifest);
  const metadata = isMap(clean.metadata) ? clean.metadata : {};
  const annotations = isMap(metadata.annotations) ? metadata.annotations : {};
  return { ...clean, metadata: { ...metadata, annotations: { ...annotations, [LAST_APPLIED]: lastAppliedValue(manifest) } } };
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
  const previous = lastApplied ? stripLastApplied(lastApplied) : undefined;
  return mergeMaps(previous, withLastApplied(manifest), kind, []);
}
