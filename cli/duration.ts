/**
 * Durations for flags such as `--timeout=60s`: a Go duration ("500ms", "30s", "2m", "1h30m",
 * api/duration.ts); a bare number means seconds.
 */
import { goDurationMs } from '../api/duration.js';
import { UsageError } from './errors.js';

/** Milliseconds for `text`; throws UsageError naming `flag` on bad syntax. */
export function parseDuration(text: string, flag: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const ms = goDurationMs(text);
  if (ms === undefined) throw new UsageError(`invalid argument "${text}" for "--${flag}" flag: time: invalid duration "${text}"`);
  return ms;
}
