/** A named loop that runs `fn` every `intervalMs`, never overlapping itself. */
import type { Logger } from 'pino';

/** A running loop. */
export interface Periodic {
  /** Ends the loop; resolves after a run in progress has finished. Idempotent. */
  stop(): Promise<void>;
}

/** Runs `fn` every `intervalMs` (the first run after one interval). A throw is logged, never fatal. */
export function startPeriodic(name: string, intervalMs: number, fn: () => Promise<unknown>, log: Logger): Periodic {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = fn().then(() => undefined, (err: unknown) => {
        log.warn({ loop: name, err: err instanceof Error ? err.message : String(err) }, 'periodic task failed');
      }).finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
