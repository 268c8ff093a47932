/**
 * Decides whether a strategic merge patch would change a live object. `apply` sends nothing and prints
 * "unchanged" when it would not: every field the patch sets already has that value (maps compared by
 * containment, so server-added defaults don't count as differences), every `null` key is already
 * absent, and every `$patch: delete` list item is already gone.
 */
import { deepEqual } from '../../api/equal.js';
import { findByKey, isMap, mergeKeyFor, type JsonMap } from './merge-keys.js';

function mapIsNoop(patch: JsonMap, live: unknown, kind: string, path: readonly string[]): boolean {
  const target = isMap(live) ? live : {};
  return Object.entries(patch).every(([key, value]) => key.startsWith('$') || valueIsNoop(value, target[key], kind, [...path, key]));
}

function valueIsNoop(patch: unknown, live: unknown, kind: string, path: readonly string[]): boolean {
  if (patch === null) return live === undefined || live === null;
  if (isMap(patch)) {
    if (patch.$patch === 'replace') return isMap(live) && deepEqual(withoutDirectives(patch), live);
    return (live === undefined || isMap(live)) && mapIsNoop(patch, live, kind, path);
  }
  if (Array.isArray(patch)) {
    const key = mergeKeyFor(kind, path);
    if (!Array.isArray(live)) return live === undefined && patch.length === 0;
    return key ? keyedListIsNoop(patch, live, key, kind, path) : listIsNoop(patch, live, kind, path);
  }
  return patch === live;
}

function keyedListIsNoop(patch: readonly unknown[], live: readonly unknown[], key: string, kind: string, path: readonly string[]): boolean {
  return patch.every((item) => {
    if (!isMap(item)) return live.includes(item);
    const match = findByKey(live, key, item[key]);
    if (item.$patch === 'delete') return match === undefined;
    return match !== undefined && mapIsNoop(item, match, kind, path);
  });
}

/** A list without a merge key is replaced wholesale: same length, and each item the same (or contained). */
function listIsNoop(patch: readonly unknown[], live: readonly unknown[], kind: string, path: readonly string[]): boolean {
  return patch.length === live.length && patch.every((item, i) => valueIsNoop(item, live[i], kind, path));
}

function withoutDirectives(m: JsonMap): JsonMap {
  return Object.fromEntries(Object.entries(m).filter(([k]) => !k.startsWith('$')));
}

/** True when applying `patch` to `live` would change nothing. */
export function patchIsNoop(patch: JsonMap, live: JsonMap): boolean {
  const kind = typeof live.kind === 'string' ? live.kind : typeof patch.kind === 'string' ? patch.kind : '';
  return mapIsNoop(patch, live, kind, []);
}
