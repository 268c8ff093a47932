/**
 * Durations the way kubectl prints them (apimachinery `duration.HumanDuration`): "45s", "2m30s",
 * "5h10m", "3d4h", "2y30d". Used by the API server's Table AGE cells and by the CLI's printers, so
 * it imports nothing (the CLI loads it on every `tug get`).
 */

/** Formats a duration in milliseconds; up to 2 s in the future counts as "0s" to tolerate clock skew. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) return withPart(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) return withPart(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return withPart(Math.trunc(hours / 24), 'd', hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 365 * 8) return withPart(Math.trunc(days / 365), 'y', days % 365, 'd');
  return `${Math.trunc(days / 365)}y`;
}

function withPart(big: number, bigUnit: string, small: number, smallUnit: string): string {
  return small === 0 ? `${big}${bigUnit}` : `${big}${bigUnit}${small}${smallUnit}`;
}

/** The age at `now` of something stamped `timestamp` (RFC 3339), or "<unknown>" when there is none. */
export function ageSince(timestamp: string | undefined, now: Date): string {
  if (!timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now.getTime() - t);
}

const GO_UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const GO_PART = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/**
 * Milliseconds of a Go duration ("500ms", "32s", "1h30m", "1.5s"), as kubectl sends them (the
 * `timeout` query) and its flags take them; undefined for anything else (including "").
 */
export function goDurationMs(text: string): number | undefined {
  if (text === '' || text.length > 64) return undefined;
  if (text === '0') return 0;
  let total = 0;
  GO_PART.lastIndex = 0;
  while (GO_PART.lastIndex < text.length) {
    const start = GO_PART.lastIndex;
    const m = GO_PART.exec(text);
    if (!m || m.index !== start) return undefined;
    total += Number(m[1]) * (GO_UNIT_MS[m[2] ?? ''] ?? 0);
  }
  return total;
}
