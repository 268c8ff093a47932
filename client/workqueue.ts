/**
 * A keyed work queue after controller-runtime's: duplicate keys collapse, one key is never processed
 * twice at once (a key added while it runs is processed again afterwards), thrown errors are retried
 * with per-key exponential backoff, and a TerminalError is logged without a retry.
 */
import type { Logger } from 'pino';

/** Thrown by a reconciler for errors that a retry cannot fix. */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) { super(message, options); this.name = 'TerminalError'; }
}

export interface ReconcileResult { requeueAfterMs?: number }
export type ReconcileFn = (key: string) => Promise<ReconcileResult | void>;

export interface WorkQueueOptions {
  reconcile: ReconcileFn;
  logger?: Logger;
  concurrency?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface WorkQueue {
  add(key: string): void;
  addAfter(key: string, delayMs: number): void;
  start(): void;
  /** Stops taking work and cancels timers; idempotent. */
  stop(): void;
  /** Number of keys waiting (not counting running ones). */
  length(): number;
  /** Resolves when nothing is queued or running (for tests). */
  idle(): Promise<void>;
}

export function createWorkQueue(opts: WorkQueueOptions): WorkQueue {
  const queue: string[] = [];
  const queued = new Set<string>();
  const running = new Set<string>();
  const dirty = new Set<string>();
  const failures = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const concurrency = opts.concurrency ?? 2;
  const base = opts.baseDelayMs ?? 100;
  const max = opts.maxDelayMs ?? 30_000;
  let started = false;
  let stopped = false;
  let idleWaiters: (() => void)[] = [];

  function add(key: string): void {
    if (stopped) return;
    if (running.has(key)) { dirty.add(key); return; }
    if (queued.has(key)) return;
    queued.add(key);
    queue.push(key);
    pump();
  }

  function addAfter(key: string, delayMs: number): void {
    if (stopped) return;
    // Node fires timers longer than 2^31-1 ms at once; cap them (about 24.8 days).
    const t = setTimeout(() => { timers.delete(t); add(key); }, Math.min(Math.max(0, delayMs), 2 ** 31 - 1));
    t.unref();
    timers.add(t);
  }

  function checkIdle(): void {
    if (queue.length === 0 && running.size === 0) { const w = idleWaiters; idleWaiters = []; w.forEach((f) => f()); }
  }

  async function work(key: string): Promise<void> {
    try {
      const res = await opts.reconcile(key);
      failures.delete(key);
      if (res && res.requeueAfterMs !== undefined) addAfter(key, res.requeueAfterMs);
    } catch (err) {
      if (err instanceof TerminalError) {
        failures.delete(key);
        opts.logger?.error({ err, key }, 'reconcile failed terminally');
      } else {
        const n = (failures.get(key) ?? 0) + 1;
        failures.set(key, n);
        const delay = Math.min(max, base * 2 ** (n - 1));
        opts.logger?.warn({ key, attempt: n, delayMs: delay, err: err instanceof Error ? err.message : String(err) }, 'reconcile failed; retrying');
        addAfter(key, delay);
      }
    } finally {
      running.delete(key);
      if (dirty.delete(key)) add(key);
      pump();
      checkIdle();
    }
  }

  function pump(): void {
    if (!started || stopped) return;
    while (running.size < concurrency && queue.length > 0) {
      const key = queue.shift();
      if (key === undefined) break;
      queued.delete(key);
      running.add(key);
      void work(key);
    }
  }

  return {
    add,
    addAfter,
    start() { started = true; pump(); },
    stop() { stopped = true; for (const t of timers) clearTimeout(t); timers.clear(); },
    length: () => queue.length,
    idle() { return new Promise<void>((r) => { idleWaiters.push(r); checkIdle(); }); },
  };
}
