import { describe, expect, it } from 'vitest';
import { createTrackedQueue } from '../../../agent/pods/tracked-queue.js';
import { waitFor } from '../../support/wait.js';
import { silentLogger } from '../helpers.js';

describe('tracked queue', () => {
  it('drain waits for the reconcile in progress and starts no new one', async () => {
    const started: string[] = [];
    let finish: (() => void) | undefined;
    const { queue, drain } = createTrackedQueue(() => (key) => {
      started.push(key);
      return new Promise((resolve) => { finish = () => resolve({}); });
    }, silentLogger, 1);
    queue.start();
    queue.add('a');
    queue.add('b'); // waits behind "a" (concurrency 1)
    await waitFor(() => started.length === 1, { message: 'a running' });
    let drained = false;
    const draining = drain().then(() => { drained = true; });
    await new Promise((r) => setImmediate(r));
    expect(drained).toBe(false);
    finish?.();
    await draining;
    expect(started).toEqual(['a']);
  });
});
