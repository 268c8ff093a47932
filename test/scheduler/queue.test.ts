import { describe, expect, it } from 'vitest';
import { createSchedulingQueue } from '../../scheduler/queue.js';

// Defaults: backoff 1 s doubling to 10 s; periodic retry of unschedulable pods 5 s, then 10 s.
const drain = (q: ReturnType<typeof createSchedulingQueue>): string[] => {
  const out: string[] = [];
  for (let k = q.pop(); k !== undefined; k = q.pop()) out.push(k);
  return out;
};

describe('SchedulingQueue', () => {
  it('pops in FIFO order and collapses duplicates', () => {
    const q = createSchedulingQueue();
    for (const k of ['a', 'b', 'a', 'c']) q.add(k);
    expect(drain(q)).toEqual(['a', 'b', 'c']);
  });

  it.each([
    // attempt 1 at t=0: ready at 0 + 1000
    { scenario: 'first failure waits 1 s', failures: 1, notBefore: 999, at: 1000 },
    // attempts at t=0,0,0: 1000 * 2^2 = 4000
    { scenario: 'third failure waits 4 s', failures: 3, notBefore: 3999, at: 4000 },
    // 1000 * 2^9 capped at 10000
    { scenario: 'backoff is capped at 10 s', failures: 10, notBefore: 9999, at: 10_000 },
  ])('backoff: $scenario', ({ failures, notBefore, at }) => {
    const q = createSchedulingQueue();
    for (let i = 0; i < failures; i++) q.addBackoff('p', 0);
    q.flush(notBefore);
    expect(q.pop()).toBeUndefined();
    q.flush(at);
    expect(q.pop()).toBe('p');
  });

  it('keeps unschedulable pods until a cluster event, respecting their backoff', () => {
    const q = createSchedulingQueue();
    q.addUnschedulable('early', 0);
    q.addUnschedulable('late', 900);
    // At t=1000 "early" (ready at 1000) goes straight to active; "late" (ready at 1900) waits in backoff.
    q.moveAllToActive(1000);
    expect(drain(q)).toEqual(['early']);
    expect(q.counts()).toEqual({ active: 0, backoff: 1, unschedulable: 0 });
    q.flush(1900);
    expect(drain(q)).toEqual(['late']);
  });

  it.each([
    // first unschedulable attempt: retried after 5 s without any event
    { scenario: 'first periodic retry after 5 s', attempts: 1, notBefore: 4999, at: 5000 },
    // later attempts: 5 s * 2 = 10 s, the ceiling
    { scenario: 'then every 10 s', attempts: 3, notBefore: 9999, at: 10_000 },
  ])('periodic retry: $scenario', ({ attempts, notBefore, at }) => {
    const q = createSchedulingQueue();
    for (let i = 0; i < attempts; i++) q.addUnschedulable('p', 0);
    q.flush(notBefore);
    expect(q.pop()).toBeUndefined();
    q.flush(at);
    expect(q.pop()).toBe('p');
  });

  it('add() pulls a key out of backoff or unschedulable at once', () => {
    const q = createSchedulingQueue();
    q.addBackoff('b', 0);
    q.addUnschedulable('u', 0);
    q.add('b');
    q.add('u');
    expect(drain(q)).toEqual(['b', 'u']);
    expect(q.counts()).toEqual({ active: 0, backoff: 0, unschedulable: 0 });
  });

  it('delete() forgets the key and its attempts', () => {
    const q = createSchedulingQueue();
    for (let i = 0; i < 5; i++) q.addBackoff('p', 0);
    q.delete('p');
    expect(q.counts()).toEqual({ active: 0, backoff: 0, unschedulable: 0 });
    // Attempts were reset: the next failure backs off 1 s again, not 32 s.
    q.addBackoff('p', 0);
    q.flush(1000);
    expect(q.pop()).toBe('p');
  });
});
