import { describe, expect, it } from 'vitest';
import { backoffRemainingMs, createBackoffBook, formatDuration, nextBackoff, type BackoffEntry } from '../../../agent/pods/backoff.js';

const POLICY = { initialMs: 10_000, maxMs: 300_000 };

describe('crash-loop backoff (kubelet flowcontrol.Backoff)', () => {
  it.each<{ name: string; entry?: BackoffEntry; eventMs: number; next: BackoffEntry }>([
    { name: 'first failure starts at 10s', eventMs: 1000, next: { delayMs: 10_000, lastUpdateMs: 1000 } },
    // 10s x 2 = 20s
    { name: 'a failure while the entry is fresh doubles it', entry: { delayMs: 10_000, lastUpdateMs: 0 }, eventMs: 15_000, next: { delayMs: 20_000, lastUpdateMs: 15_000 } },
    // 160s x 2 = 320s > 300s cap
    { name: 'doubling stops at the 5 min cap', entry: { delayMs: 160_000, lastUpdateMs: 0 }, eventMs: 200_000, next: { delayMs: 300_000, lastUpdateMs: 200_000 } },
    // 600_001 - 0 > 2 x 300_000: expired, start over
    { name: 'a failure more than 10 min after the last one starts over', entry: { delayMs: 300_000, lastUpdateMs: 0 }, eventMs: 600_001, next: { delayMs: 10_000, lastUpdateMs: 600_001 } },
  ])('$name', ({ entry, eventMs, next }) => {
    expect(nextBackoff(entry, eventMs, POLICY)).toEqual(next);
  });

  it.each<{ name: string; entry?: BackoffEntry; eventMs: number; nowMs: number; remaining: number }>([
    { name: 'no entry: retry at once', eventMs: 0, nowMs: 0, remaining: 0 },
    // exit at 50s + 20s delay = 70s; now 61s -> 9s left
    { name: 'inside the delay: the rest of it', entry: { delayMs: 20_000, lastUpdateMs: 40_000 }, eventMs: 50_000, nowMs: 61_000, remaining: 9000 },
    { name: 'delay over: 0', entry: { delayMs: 20_000, lastUpdateMs: 40_000 }, eventMs: 50_000, nowMs: 70_000, remaining: 0 },
    { name: 'expired entry: 0', entry: { delayMs: 20_000, lastUpdateMs: 0 }, eventMs: 700_000, nowMs: 700_000, remaining: 0 },
  ])('remaining: $name', ({ entry, eventMs, nowMs, remaining }) => {
    expect(backoffRemainingMs(entry, eventMs, nowMs, POLICY)).toBe(remaining);
  });

  it.each([[10_000, '10s'], [59_400, '59s'], [80_000, '1m20s'], [300_000, '5m0s']])('formats %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('the book keeps entries per pod uid and container, and forgets or prunes pods', () => {
    const book = createBackoffBook();
    const e = { delayMs: 1, lastUpdateMs: 2 };
    book.setCrash('u1', 'app', e);
    book.setCrash('u2', 'app', e);
    book.setStartFailure('u1', 'side', { reason: 'ErrImagePull', message: 'm', backoff: e });
    expect(book.crash('u1', 'app')).toEqual(e);
    expect(book.crash('u1', 'side')).toBeUndefined();
    book.forget('u1');
    expect([book.crash('u1', 'app'), book.startFailure('u1', 'side')]).toEqual([undefined, undefined]);
    book.prune((uid) => uid !== 'u2');
    expect(book.crash('u2', 'app')).toBeUndefined();
  });
});
