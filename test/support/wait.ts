/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this long; default 5000. */
  timeoutMs?: number;
  /** Pause between attempts; default 50. */
  intervalMs?: number;
  /** What was awaited, for the timeout error ("pod web-1 Ready"). */
  message?: string;
}

/**
 * Bounded polling: calls `fn` until it returns something other than undefined, null or false,
 * and resolves with that value. A throw counts as "not yet" (so `expect(...)` works inside `fn`);
 * on timeout the error names `message` and the last thrown error or returned value.
 * Use this instead of fixed sleeps in tests.
 */
export async function waitFor<T>(
  fn: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  opts: WaitForOptions = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const intervalMs = opts.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let last: string = 'no attempt finished';
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== null && value !== false) return value;
      last = `last result: ${String(value)}`;
    } catch (err) {
      last = `last error: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${opts.message ?? 'condition'} (${last})`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}
