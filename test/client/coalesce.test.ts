import { describe, expect, it } from 'vitest';
import { createCoalescedRunner } from '../../client/coalesce.js';

describe('createCoalescedRunner', () => {
  it('runs once now, never twice at once, and folds changes during a run into one more run', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    let release: (() => void) | undefined;
    const runner = createCoalescedRunner(async () => {
      running++; runs++; maxRunning = Math.max(maxRunning, running);
      if (runs === 1) await new Promise<void>((r) => { release = r; });
      running--;
    }, () => undefined);
    runner.schedule();
    await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 5; i++) runner.schedule();
    release?.();
    await runner.settled();
    expect(runs).toBe(2);
    expect(maxRunning).toBe(1);
  });

  it('a failing run is reported and the next schedule runs again; nothing runs after stop', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const runner = createCoalescedRunner(() => { runs++; return Promise.reject(new Error('boom')); }, (e) => errors.push(e));
    runner.schedule();
    await runner.settled();
    runner.schedule();
    await runner.settled();
    expect([runs, errors.length]).toEqual([2, 2]);
    runner.stop();
    runner.schedule();
    await runner.settled();
    expect(runs).toBe(2);
  });
});
