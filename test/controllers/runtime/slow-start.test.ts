import { describe, expect, it } from 'vitest';
import { slowStartBatch } from '../../../controllers/runtime/slow-start.js';

/** Runs slowStartBatch with calls that fail at the given indexes; records batch boundaries. */
async function run(count: number, failAt: number[]): Promise<{ result: Awaited<ReturnType<typeof slowStartBatch>>; batches: number[][] }> {
  const batches: number[][] = [];
  let current: number[] = [];
  const result = await slowStartBatch(count, 1, async (i) => {
    current.push(i);
    // All calls of one batch start before any of them settles; close the batch after a tick.
    await Promise.resolve();
    if (current.length > 0) { batches.push(current); current = []; }
    if (failAt.includes(i)) throw new Error(`fail ${i}`);
  });
  return { result, batches };
}

describe('slowStartBatch', () => {
  it.each([
    { scenario: 'nothing to do', count: 0, failAt: [], successes: 0, errors: 0, skipped: 0, sizes: [] },
    { scenario: 'one call', count: 1, failAt: [], successes: 1, errors: 0, skipped: 0, sizes: [1] },
    // 1 + 2 + 4 = 7, then the remaining 3 (capped, not 8)
    { scenario: 'ten calls double up to the remainder', count: 10, failAt: [], successes: 10, errors: 0, skipped: 0, sizes: [1, 2, 4, 3] },
    { scenario: 'first call fails: nothing else is tried', count: 100, failAt: [0], successes: 0, errors: 1, skipped: 99, sizes: [1] },
    // batches [0] [1,2] [3..6]: index 4 fails in the third batch; 3 of its 4 succeed; 7..9 skipped
    { scenario: 'failure in the third batch stops after that batch', count: 10, failAt: [4], successes: 6, errors: 1, skipped: 3, sizes: [1, 2, 4] },
  ])('$scenario', async ({ count, failAt, successes, errors, skipped, sizes }) => {
    const { result, batches } = await run(count, failAt);
    expect(result.successes).toBe(successes);
    expect(result.errors).toHaveLength(errors);
    expect(result.skipped).toBe(skipped);
    expect(batches.map((b) => b.length)).toEqual(sizes);
  });

  it('passes each index exactly once, in order across batches', async () => {
    const seen: number[] = [];
    await slowStartBatch(7, 1, async (i) => { seen.push(i); });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
