/**
 * `describe` for kinds without a dedicated describer: the metadata header, then every other field
 * as an indented tree with humanised keys ("creationTimestamp" -> "Creation Timestamp"), like
 * kubectl's generic (unstructured) describer.
 */
import type { Event, KubeObject } from '../../api/types.js';
import { writeEvents, writeObjectMeta } from './common.js';
import { DescribeWriter } from './writer.js';

const SKIPPED_METADATA = new Set(['name', 'namespace', 'labels', 'annotations', 'managedFields']);

/** "creationTimestamp" -> "Creation Timestamp", "podIP" -> "Pod IP". */
export function humanizeKey(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const scalar = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');

function writeValue(w: DescribeWriter, level: number, key: string, value: unknown): void {
  if (isMap(value)) {
    w.line(level, `${key}:`);
    for (const [k, v] of Object.entries(value)) writeValue(w, level + 1, humanizeKey(k), v);
  } else if (Array.isArray(value)) {
    w.line(level, `${key}:`);
    for (const item of value) {
      if (isMap(item)) for (const [k, v] of Object.entries(item)) writeValue(w, level + 1, humanizeKey(k), v);
      else w.line(level + 1, scalar(item));
    }
  } else {
    w.line(level, `${key}:`, scalar(value));
  }
}

/** The describe text for any object and its events. */
export function describeGeneric(obj: KubeObject, events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  writeObjectMeta(w, obj);
  w.line(0, 'API Version:', obj.apiVersion);
  w.line(0, 'Kind:', obj.kind);
  const meta = Object.entries(obj.metadata).filter(([k]) => !SKIPPED_METADATA.has(k));
  if (meta.length > 0) writeValue(w, 0, 'Metadata', Object.fromEntries(meta));
  for (const [key, value] of Object.entries(obj)) {
    if (key !== 'apiVersion' && key !== 'kind' && key !== 'metadata') writeValue(w, 0, humanizeKey(key), value);
  }
  writeEvents(w, events, now);
  return w.toString();
}
