import { describe, expect, it } from 'vitest';
import { createExpectations, EXPECTATIONS_TTL_MS } from '../../../controllers/runtime/expectations.js';

function fakeClock(startMs = 1_700_000_000_000): { now: () => Date; advance: (ms: number) => void } {
  let t = startMs;
  return { now: () => new Date(t), advance: (ms) => { t += ms; } };
}

describe('ControllerExpectations', () => {
  it('is satisfied for an owner it has never heard of', () => {
    expect(createExpectations(fakeClock()).satisfied('default/web')).toBe(true);
  });

  it.each([
    { scenario: 'no creation observed yet', observe: 0, satisfied: false },
    { scenario: 'some creations observed', observe: 2, satisfied: false },
    { scenario: 'every creation observed', observe: 3, satisfied: true },
    { scenario: 'more creations observed than expected', observe: 4, satisfied: true },
  ])('creations: $scenario', ({ observe, satisfied }) => {
    const exp = createExpectations(fakeClock());
    exp.expectCreations('default/web', 3);
    for (let i = 0; i < observe; i++) exp.creationObserved('default/web');
    expect(exp.satisfied('default/web')).toBe(satisfied);
  });

  it('tracks deletions by pod key, so a pod observed twice counts once', () => {
    const exp = createExpectations(fakeClock());
    exp.expectDeletions('default/web', ['default/web-a', 'default/web-b']);
    exp.deletionObserved('default/web', 'default/web-a');
    exp.deletionObserved('default/web', 'default/web-a'); // graceful delete, then the real one
    expect(exp.satisfied('default/web')).toBe(false);
    exp.deletionObserved('default/web', 'default/web-b');
    expect(exp.satisfied('default/web')).toBe(true);
  });

  it('lowerCreations accounts for creations that failed or were skipped', () => {
    const exp = createExpectations(fakeClock());
    exp.expectCreations('default/web', 5);
    exp.creationObserved('default/web');
    exp.lowerCreations('default/web', 4);
    expect(exp.satisfied('default/web')).toBe(true);
  });

  it.each([
    { scenario: 'just before the TTL', advanceMs: EXPECTATIONS_TTL_MS, satisfied: false },
    { scenario: 'just after the TTL', advanceMs: EXPECTATIONS_TTL_MS + 1, satisfied: true },
  ])('an unfulfilled record expires: $scenario', ({ advanceMs, satisfied }) => {
    const clock = fakeClock();
    const exp = createExpectations(clock);
    exp.expectCreations('default/web', 2);
    clock.advance(advanceMs);
    expect(exp.satisfied('default/web')).toBe(satisfied);
  });

  it('forget drops the record; keys are independent', () => {
    const exp = createExpectations(fakeClock());
    exp.expectCreations('default/a', 1);
    exp.expectCreations('default/b', 1);
    exp.forget('default/a');
    expect(exp.satisfied('default/a')).toBe(true);
    expect(exp.satisfied('default/b')).toBe(false);
  });
});
