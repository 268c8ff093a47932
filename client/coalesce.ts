/**
 * Folds bursts of informer events into single runs of a task: schedule() after any change; the
 * task runs once now, never twice at once, and changes that arrive while it runs make exactly one
 * more run. Shared by the components that rebuild a whole view on change (the service proxy's
 * rules, the ingress proxy's route table).
 */

/** A coalescing runner. */
export interface CoalescedRunner {
  /** Asks for a run (after the current one, folded with other requests). No-op once stopped. */
  schedule(): void;
  /** Resolves when every run asked for so far has finished. */
  settled(): Promise<void>;
  /** No further runs are started. */
  stop(): void;
}

/** `onError` receives what a run throws; the next schedule() runs again. */
export function createCoalescedRunner(task: () => Promise<void>, onError: (err: unknown) => void): CoalescedRunner {
  let running: Promise<void> = Promise.resolve();
  let pending = false;
  let stopped = false;
  return {
    schedule() {
      if (pending || stopped) return;
      pending = true;
      running = running.then(async () => {
        pending = false;
        if (stopped) return;
        await task().catch(onError);
      });
    },
    settled: () => running,
    stop() { stopped = true; },
  };
}
