/** Start-up retries: the API server may still be starting (kubelet waits for it too). */
import type { Logger } from 'pino';

/**
 * Calls `fn` until it succeeds, waiting 0.5 s, 1 s, 2 s … (at most 10 s) between attempts and
 * logging each failure as "cannot <what>; retrying". Rethrows once `stopped()` turns true.
 */
export async function retryUntilDone<T>(fn: () => Promise<T>, opts: { what: string; log: Logger; stopped: () => boolean }): Promise<T> {
  for (let delayMs = 500; ; delayMs = Math.min(delayMs * 2, 10_000)) {
    try {
      return await fn();
    } catch (err) {
      if (opts.stopped()) throw err;
      opts.log.warn({ err: err instanceof Error ? err.message : String(err), retryInMs: delayMs }, `cannot ${opts.what}; retrying`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
