/**
 * Go-style durations for flags such as `--timeout=60s`: "500ms", "30s", "2m", "1h30m"; a bare number
 * means seconds.
 */
import { UsageError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;

/** Milliseconds for `text`; throws UsageError naming `flag` on bad syntax. */
export function parseDuration(text: string, flag: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const start = PART.lastIndex;
    const m = PART.exec(text);
    if (!m || m.index !== start) throw new UsageError(`invalid argument "${text}" for "--${flag}" flag: time: invalid duration "${text}"`);
    total += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0);
  }
  if (text.length === 0) throw new UsageError(`invalid argument "" for "--${flag}" flag: time: invalid duration ""`);
  return total;
}
