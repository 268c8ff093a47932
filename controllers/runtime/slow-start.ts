/**
 * slowStartBatch after the ReplicaSet controller's: run `count` calls in batches of 1, 2, 4, ...
 * (each batch in parallel, capped by what is left) and stop after the first batch with a failure,
 * so a quota or admission error costs one request instead of a hundred.
 */

/** What slowStartBatch did: how many calls succeeded, and the errors of the batch that stopped it. */
export interface SlowStartResult {
  successes: number;
  /** Errors of the last batch run; empty when every call succeeded. */
  errors: unknown[];
  /** Calls never attempted because an earlier batch failed. */
  skipped: number;
}

/**
 * Calls `fn(i)` for i in 0..count-1 in doubling batches starting at `initialBatchSize`.
 * Never throws: failures come back in `errors`.
 */
export async function slowStartBatch(count: number, initialBatchSize: number, fn: (index: number) => Promise<unknown>): Promise<SlowStartResult> {
  let remaining = Math.max(0, count);
  let batch = Math.max(1, Math.min(remaining, initialBatchSize));
  let successes = 0;
  let next = 0;
  while (remaining > 0) {
    const indexes = Array.from({ length: batch }, (_, i) => next + i);
    const results = await Promise.allSettled(indexes.map((i) => fn(i)));
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    successes += results.length - errors.length;
    next += batch;
    remaining -= batch;
    if (errors.length > 0) return { successes, errors, skipped: remaining };
    batch = Math.min(remaining, batch * 2);
  }
  return { successes, errors: [], skipped: 0 };
}
