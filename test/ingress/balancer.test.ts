import { describe, expect, it } from 'vitest';
import { createBackendRegistry } from '../../ingress/backend-registry.js';
import { pickEndpoint, pickGroup, reportFailure, reportSuccess, type BalancePolicy } from '../../ingress/balancer.js';
import type { Backend, BackendGroup } from '../../ingress/route-table.js';

function backend(n: number): Backend {
  const reg = createBackendRegistry();
  return { id: 'default/web:80', endpoints: Array.from({ length: n }, (_, i) => reg.endpoint(`10.0.0.${i + 1}`, 80)), state: reg.backend('default/web:80') };
}

function groups(weights: Record<string, number>): BackendGroup[] {
  const reg = createBackendRegistry();
  return Object.entries(weights).map(([id, weight]) => ({ weight, backend: { id, endpoints: [], state: reg.backend(id) } }));
}

function picks(policy: BalancePolicy, b: Backend, n: number, now = 0): string[] {
  return Array.from({ length: n }, () => pickEndpoint(b, now, policy, null)!.ip);
}

describe('pickGroup (smooth weighted round robin)', () => {
  it.each([
    // One group of weight 100 (today's routes): always it.
    ['single group', { stable: 100 }, 3, 'stable stable stable'],
    // nginx's example: weights 5/1/1 give a a b a c a a — the heavy group spread out, never 5 in a row.
    ['5/1/1 spreads the heavy group', { a: 5, b: 1, c: 1 }, 7, 'a a b a c a a'],
    // 90/10: scores after each pick (stable, canary): +90/+10 -> (90,10) pick stable -> (-10,10) ...
    // the canary reaches the top once every 10 picks.
    ['90/10 canary', { stable: 90, canary: 10 }, 10, 'stable stable stable stable stable canary stable stable stable stable'],
    ['weight 0 is never picked', { stable: 100, canary: 0 }, 3, 'stable stable stable'],
  ])('%s', (_name, weights, n, want) => {
    const g = groups(weights);
    const scores = new Int32Array(g.length);
    expect(Array.from({ length: n }, () => pickGroup(g, scores)!.backend.id).join(' ')).toBe(want);
  });

  it('keeps exact proportions over a full cycle', () => {
    const g = groups({ stable: 90, canary: 10 });
    const scores = new Int32Array(2);
    const counts = { stable: 0, canary: 0 } as Record<string, number>;
    for (let i = 0; i < 1000; i++) counts[pickGroup(g, scores)!.backend.id]!++;
    expect(counts).toEqual({ stable: 900, canary: 100 });
  });

  it('returns null when no group has weight', () => {
    expect(pickGroup(groups({ a: 0, b: 0 }), new Int32Array(2))).toBeNull();
    expect(pickGroup(groups({ a: 0 }), new Int32Array(1))).toBeNull();
  });
});

describe('pickEndpoint', () => {
  it('round robin cycles through endpoints', () => {
    expect(picks('round-robin', backend(3), 6)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.1', '10.0.0.2', '10.0.0.3']);
  });

  it('returns null without endpoints', () => {
    expect(pickEndpoint(backend(0), 0, 'round-robin', null)).toBeNull();
  });

  it('least outstanding picks the idlest, ties broken round robin', () => {
    const b = backend(3);
    b.endpoints[0]!.inflight = 2;
    b.endpoints[1]!.inflight = 1;
    b.endpoints[2]!.inflight = 1;
    // .2 and .3 tie at 1: the first after the cursor wins, then the cursor moves past it.
    expect(picks('least-outstanding', b, 2)).toEqual(['10.0.0.2', '10.0.0.3']);
    b.endpoints[0]!.inflight = 0;
    expect(picks('least-outstanding', b, 1)).toEqual(['10.0.0.1']);
  });

  it('skips the excluded endpoint on retry unless it is the only one', () => {
    const b = backend(2);
    expect(pickEndpoint(b, 0, 'round-robin', b.endpoints[0]!)!.ip).toBe('10.0.0.2');
    expect(pickEndpoint(b, 0, 'round-robin', b.endpoints[1]!)!.ip).toBe('10.0.0.1');
    const one = backend(1);
    expect(pickEndpoint(one, 0, 'round-robin', one.endpoints[0]!)!.ip).toBe('10.0.0.1');
  });
});

describe('passive health', () => {
  const policy = { baseMs: 10_000, maxMs: 60_000 };

  it.each<[BalancePolicy]>([['round-robin'], ['least-outstanding']])('%s: an ejected endpoint leaves rotation until its time is up', (bp) => {
    const b = backend(2);
    reportFailure(b.endpoints[0]!, 1000, policy);
    expect(picks(bp, b, 3, 1000)).toEqual(['10.0.0.2', '10.0.0.2', '10.0.0.2']);
    // 1000 + 10 s: back in rotation.
    expect(new Set(picks(bp, b, 4, 11_000))).toEqual(new Set(['10.0.0.1', '10.0.0.2']));
  });

  it.each([
    // 10 s, then doubling per consecutive failure, capped at 60 s.
    [1, 10_000], [2, 20_000], [3, 40_000], [4, 60_000], [10, 60_000], [100, 60_000],
  ])('after %i consecutive failures the ejection lasts %i ms', (failures, ms) => {
    const ep = backend(1).endpoints[0]!;
    for (let i = 0; i < failures; i++) reportFailure(ep, 0, policy);
    expect(ep.ejectedUntil).toBe(ms);
  });

  it('success clears the ejection', () => {
    const b = backend(2);
    reportFailure(b.endpoints[0]!, 0, policy);
    reportSuccess(b.endpoints[0]!);
    expect(b.endpoints[0]).toMatchObject({ failures: 0, ejectedUntil: 0 });
    expect(picks('round-robin', b, 2)).toContain('10.0.0.1');
  });

  it('when every endpoint is ejected, they are tried anyway', () => {
    const b = backend(2);
    reportFailure(b.endpoints[0]!, 0, policy);
    reportFailure(b.endpoints[1]!, 0, policy);
    expect(picks('round-robin', b, 2)).toEqual(['10.0.0.1', '10.0.0.2']);
  });
});
