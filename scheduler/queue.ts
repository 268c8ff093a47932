/**
 * The scheduling queue (kube-scheduler `internal/queue`, simplified): pod keys wait in one of three
 * places.
 *
 *   active         ready to be scheduled, FIFO
 *   backoff        failed recently (error, or unschedulable then woken by a cluster event); returns to
 *                  active when its per-pod backoff (1 s doubling to 10 s) has passed
 *   unschedulable  no node fits; waits for a cluster event (node added/updated, pod deleted) or, as a
 *                  safety net, a periodic retry (after 5 s, then every 10 s)
 *
 * Pure: time comes in as `nowMs`, so tests drive it without timers. The scheduler calls flush() on a
 * ticker.
 */

/** Queue timing knobs, in milliseconds. */
export interface QueueOptions {
  /** First backoff after a failed attempt; doubles per attempt. Default 1000. */
  readonly initialBackoffMs?: number;
  /** Backoff ceiling. Default 10000. */
  readonly maxBackoffMs?: number;
  /** First periodic retry of an unschedulable pod; doubles per attempt. Default 5000. */
  readonly unschedulableRetryMs?: number;
  /** Ceiling of the periodic retry. Default 10000. */
  readonly unschedulableRetryMaxMs?: number;
}

/** Where each key is; see the file comment. Every method is idempotent per key. */
export interface SchedulingQueue {
  /** A new or changed pod: schedule it as soon as possible (moves it out of backoff/unschedulable). */
  add(key: string): void;
  /** The next key to schedule, removed from the queue; undefined when nothing is active. */
  pop(): string | undefined;
  /** The cycle found no node: park the key until a cluster event or the periodic retry. */
  addUnschedulable(key: string, nowMs: number): void;
  /** The cycle or the bind failed: retry after the key's backoff. */
  addBackoff(key: string, nowMs: number): void;
  /** The pod was bound or deleted: forget the key and its attempts. */
  delete(key: string): void;
  /** A cluster event may have made room: every unschedulable key goes to active, or to backoff if still backing off. */
  moveAllToActive(nowMs: number): void;
  /** Moves keys whose backoff or periodic retry time has come to active. */
  flush(nowMs: number): void;
  /** How many keys are in each place. */
  counts(): { active: number; backoff: number; unschedulable: number };
}

export function createSchedulingQueue(opts: QueueOptions = {}): SchedulingQueue {
  const initial = opts.initialBackoffMs ?? 1000;
  const maxBackoff = opts.maxBackoffMs ?? 10_000;
  const retry = opts.unschedulableRetryMs ?? 5000;
  const retryMax = opts.unschedulableRetryMaxMs ?? 10_000;
  const active = new Set<string>();
  const backoff = new Map<string, number>(); // key -> ready at
  const unschedulable = new Map<string, number>(); // key -> periodic retry at
  const attempts = new Map<string, { count: number; lastMs: number }>();

  const grow = (base: number, max: number, n: number): number => Math.min(max, base * 2 ** Math.max(0, n - 1));
  const backoffUntil = (key: string): number => {
    const a = attempts.get(key);
    return a ? a.lastMs + grow(initial, maxBackoff, a.count) : 0;
  };
  const recordAttempt = (key: string, nowMs: number): number => {
    const count = (attempts.get(key)?.count ?? 0) + 1;
    attempts.set(key, { count, lastMs: nowMs });
    return count;
  };
  const take = (key: string): void => { active.delete(key); backoff.delete(key); unschedulable.delete(key); };

  return {
    add(key) { backoff.delete(key); unschedulable.delete(key); active.add(key); },
    pop() {
      const next = active.values().next();
      if (next.done) return undefined;
      active.delete(next.value);
      return next.value;
    },
    addUnschedulable(key, nowMs) {
      take(key);
      const n = recordAttempt(key, nowMs);
      unschedulable.set(key, nowMs + grow(retry, retryMax, n));
    },
    addBackoff(key, nowMs) {
      take(key);
      recordAttempt(key, nowMs);
      backoff.set(key, backoffUntil(key));
    },
    delete(key) { take(key); attempts.delete(key); },
    moveAllToActive(nowMs) {
      for (const key of unschedulable.keys()) {
        const until = backoffUntil(key);
        if (until > nowMs) backoff.set(key, until); else active.add(key);
      }
      unschedulable.clear();
    },
    flush(nowMs) {
      for (const [key, at] of backoff) if (at <= nowMs) { backoff.delete(key); active.add(key); }
      for (const [key, at] of unschedulable) if (at <= nowMs) { unschedulable.delete(key); active.add(key); }
    },
    counts: () => ({ active: active.size, backoff: backoff.size, unschedulable: unschedulable.size }),
  };
}
