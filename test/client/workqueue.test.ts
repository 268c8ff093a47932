import { describe, expect, it } from 'vitest';
import { createWorkQueue, TerminalError, type ReconcileFn } from '../../client/workqueue.js';
import { waitFor } from '../support/wait.js';

/** A reconcile that records calls and can be held open, to observe what runs when. */
function recorder(behaviour: (key: string, call: number) => Promise<{ requeueAfterMs?: number } | void> = async () => {}) {
  const calls: string[] = [];
  let running = 0;
  let maxRunning = 0;
  const perKey = new Map<string, number>();
  const reconcile: ReconcileFn = async (key) => {
    calls.push(key);
    const n = (perKey.get(key) ?? 0) + 1;
    perKey.set(key, n);
    running++;
    maxRunning = Math.max(maxRunning, running);
    try { return await behaviour(key, n); } finally { running--; }
  };
  return { reconcile, calls, maxRunning: () => maxRunning };
}

function gate(): { wait: Promise<void>; open(): void } {
  let open = (): void => {};
  const wait = new Promise<void>((r) => { open = r; });
  return { wait, open };
}

describe('createWorkQueue', () => {
  it('collapses duplicate keys added before processing starts', async () => {
    const r = recorder();
    const q = createWorkQueue({ reconcile: r.reconcile });
    for (const k of ['a', 'b', 'a', 'a', 'b']) q.add(k);
    expect(q.length()).toBe(2);
    q.start();
    await q.idle();
    expect(r.calls).toEqual(['a', 'b']);
    q.stop();
  });

  it('never runs one key twice at once, and re-runs a key added while it ran', async () => {
    const g = gate();
    const r = recorder(async (_key, call) => { if (call === 1) await g.wait; });
    const q = createWorkQueue({ reconcile: r.reconcile, concurrency: 4 });
    q.start();
    q.add('a');
    await waitFor(() => r.calls.length === 1);
    q.add('a'); // while the first run is still going
    q.add('a');
    expect(r.calls).toEqual(['a']);
    g.open();
    await waitFor(() => r.calls.length === 2);
    await q.idle();
    expect(r.calls).toEqual(['a', 'a']);
    expect(r.maxRunning()).toBe(1);
    q.stop();
  });

  it('runs different keys concurrently up to the limit', async () => {
    const g = gate();
    const r = recorder(async () => { await g.wait; });
    const q = createWorkQueue({ reconcile: r.reconcile, concurrency: 2 });
    q.start();
    for (const k of ['a', 'b', 'c']) q.add(k);
    await waitFor(() => r.calls.length === 2);
    expect(r.maxRunning()).toBe(2);
    g.open();
    await q.idle();
    expect(r.calls.sort()).toEqual(['a', 'b', 'c']);
    q.stop();
  });

  it('retries a thrown error with backoff until it succeeds', async () => {
    const r = recorder(async (_key, call) => { if (call < 3) throw new Error(`fail ${call}`); });
    const q = createWorkQueue({ reconcile: r.reconcile, baseDelayMs: 5 });
    q.start();
    q.add('a');
    await waitFor(() => r.calls.length === 3, { timeoutMs: 2000 });
    q.stop();
    expect(r.calls).toEqual(['a', 'a', 'a']);
  });

  it('does not retry a TerminalError', async () => {
    const r = recorder(async () => { throw new TerminalError('cannot be fixed by retrying'); });
    const q = createWorkQueue({ reconcile: r.reconcile, baseDelayMs: 1 });
    q.start();
    q.add('a');
    await q.idle();
    // Give a (wrong) retry timer several base delays to fire.
    await new Promise((res) => setTimeout(res, 30));
    expect(r.calls).toEqual(['a']);
    q.stop();
  });

  it('requeues after the delay a reconcile asks for', async () => {
    const r = recorder(async (_key, call) => (call === 1 ? { requeueAfterMs: 10 } : undefined));
    const q = createWorkQueue({ reconcile: r.reconcile });
    q.start();
    q.add('a');
    await waitFor(() => r.calls.length === 2, { timeoutMs: 2000 });
    q.stop();
  });

  it('takes no work after stop()', async () => {
    const r = recorder();
    const q = createWorkQueue({ reconcile: r.reconcile });
    q.start();
    q.stop();
    q.add('a');
    q.addAfter('b', 1);
    await new Promise((res) => setTimeout(res, 20));
    expect(r.calls).toEqual([]);
  });
});
