/**
 * The agent's work queue (client/workqueue.ts) plus what a clean stop needs: once stopped it
 * starts no reconcile, and `drain()` waits for the ones in progress, so a stopped agent never
 * creates a container behind the back of the agent that replaces it.
 */
import type { Logger } from 'pino';
import { createWorkQueue, type ReconcileFn, type ReconcileResult, type WorkQueue } from '../../client/workqueue.js';

/** A work queue that can be stopped and drained. */
export interface TrackedQueue {
  queue: WorkQueue;
  /** Stops the queue (idempotent) and resolves when no reconcile is running any more. */
  drain(): Promise<void>;
}

/** Creates the queue; `reconcile` is looked up per call, so it may be set after creation. */
export function createTrackedQueue(reconcile: () => ReconcileFn, log: Logger, concurrency = 4): TrackedQueue {
  const inflight = new Set<Promise<ReconcileResult | void>>();
  let stopped = false;
  const queue = createWorkQueue({
    logger: log, concurrency,
    reconcile: (key) => {
      if (stopped) return Promise.resolve({});
      const p = reconcile()(key);
      inflight.add(p);
      void p.finally(() => inflight.delete(p)).catch(() => undefined);
      return p;
    },
  });
  return {
    queue,
    async drain() {
      stopped = true;
      queue.stop();
      await Promise.allSettled([...inflight]);
    },
  };
}
