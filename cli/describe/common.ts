/**
 * Pieces every describer shares: kubectl's timestamp format, the Events table, and how to find the
 * events of one object (the involvedObject field selector kubectl uses).
 */
import type { Event, KubeObject } from '../../api/types.js';
import { humanDuration } from '../../api/duration.js';
import type { DescribeWriter } from './writer.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** RFC 1123 with a numeric zone, in UTC: "Mon, 02 Jan 2006 15:04:05 +0000"; "<unknown>" if absent. */
export function formatTime(iso: string | undefined): string {
  const t = iso ? new Date(iso) : undefined;
  if (!t || Number.isNaN(t.getTime())) return '<unknown>';
  const day = DAYS[t.getUTCDay()] ?? '';
  const month = MONTHS[t.getUTCMonth()] ?? '';
  return `${day}, ${two(t.getUTCDate())} ${month} ${t.getUTCFullYear()} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())} +0000`;
}

/** The field selector for an object's events. */
export function eventSelector(obj: KubeObject): string {
  const parts = [`involvedObject.name=${obj.metadata.name ?? ''}`];
  if (obj.metadata.namespace) parts.push(`involvedObject.namespace=${obj.metadata.namespace}`);
  if (obj.metadata.uid) parts.push(`involvedObject.uid=${obj.metadata.uid}`);
  return parts.join(',');
}

function ageOf(ts: string | undefined, now: Date): string {
  const t = ts ? Date.parse(ts) : Number.NaN;
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now.getTime() - t);
}

function eventAge(e: Event, now: Date): string {
  const last = e.lastTimestamp ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
  const count = e.count ?? 1;
  if (count <= 1 || !e.firstTimestamp) return ageOf(last, now);
  return `${ageOf(last, now)} (x${count} over ${ageOf(e.firstTimestamp, now)})`;
}

/** The reporting component, as kubectl 1.32 shows it (without the host). */
function eventSource(e: Event): string {
  return e.source?.component || (e as { reportingController?: string }).reportingController || '<unknown>';
}

/** Writes the Events section, oldest first, or `Events:  <none>`. */
export function writeEvents(w: DescribeWriter, events: readonly Event[], now: Date): void {
  const time = (e: Event): number => Date.parse(e.lastTimestamp ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? '') || 0;
  // Same-millisecond events keep the order they were written in (resourceVersion is a global counter).
  const rv = (e: Event): number => Number(e.metadata.resourceVersion ?? 0) || 0;
  const rows = [...events].sort((a, b) => time(a) - time(b) || rv(a) - rv(b))
    .map((e) => [e.type ?? '', e.reason ?? '', eventAge(e, now), eventSource(e), (e.message ?? '').trim()]);
  if (rows.length === 0) { w.line(0, 'Events:', '<none>'); return; }
  w.line(0, 'Events:');
  w.line(1, 'Type', 'Reason', 'Age', 'From', 'Message');
  w.line(1, '----', '------', '----', '----', '-------');
  for (const row of rows) w.line(1, ...row);
}

/** Name, Namespace (for namespaced objects), Labels and Annotations. */
export function writeObjectMeta(w: DescribeWriter, obj: KubeObject): void {
  w.line(0, 'Name:', obj.metadata.name ?? '');
  if (obj.metadata.namespace) w.line(0, 'Namespace:', obj.metadata.namespace);
  w.map(0, 'Labels', obj.metadata.labels);
  w.map(0, 'Annotations', obj.metadata.annotations, ': ');
}
