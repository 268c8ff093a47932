/**
 * `describe` for kinds without a dedicated describer: the metadata header, then every other field
 * as an indented tree with humanised keys ("creationTimestamp" -> "Creation Timestamp"), like
 * kubectl's generic (unstructured) describer.
 */
import type { Event, KubeObject } from '../../api/types.js';
import { writeEvents, writeObjectMeta } from './common.js';
import { DescribeWriter } from './writer.js';

const SKIPPED_METADATA = new Set(['name', 'namespace', 'labels', 'annotations', 'managedFields']);

const ACRONYMS: Record<string, string> = { uid: 'UID', ip: 'IP', ips: 'IPs', api: 'API', url: 'URL', id: 'ID', cidr: 'CIDR', dns: 'DNS', tls: 'TLS', cpu: 'CPU', http: 'HTTP' };

/** "creationTimestamp" -> "Creation Timestamp", "podIP" -> "Pod IP", "uid" -> "UID" (kubectl's smartLabelFor). */
export function humanizeKey(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z]{2,})/g, '$1 $2').split(' ');
  return words.map((w) => ACRONYMS[w.toLowerCase()] ?? w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
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
