import { describe, expect, it } from 'vitest';
import { computeReplicaSetStatus, replicaSetStatusChanged } from '../../../controllers/replicaset/status.js';
import { isPodActive, isPodAvailable, msUntilNextAvailable } from '../../../controllers/replicaset/pods.js';
import { makePod, makeReplicaSet } from '../../support/builders.js';

const NOW = Date.parse('2024-01-01T00:10:00Z');

describe('computeReplicaSetStatus', () => {
  it.each([
    { scenario: 'no pods', minReady: 0, pods: [], want: { replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0 } },
    {
      scenario: 'pending pods count as replicas only',
      minReady: 0,
      pods: [makePod('a').labels({ app: 'web' }).build(), makePod('b').labels({ app: 'web' }).build()],
      want: { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 0, availableReplicas: 0 },
    },
    {
      scenario: 'ready pods are available at once without minReadySeconds',
      minReady: 0,
      pods: [makePod('a').labels({ app: 'web' }).ready('2024-01-01T00:09:59Z').build()],
      want: { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
    },
    {
      // ready at 00:09:50 with minReadySeconds 30: available from 00:10:20, after NOW
      scenario: 'ready but not yet for minReadySeconds',
      minReady: 30,
      pods: [makePod('a').labels({ app: 'web' }).ready('2024-01-01T00:09:50Z').build(), makePod('b').labels({ app: 'web' }).ready('2024-01-01T00:09:00Z').build()],
      want: { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1 },
    },
    {
      scenario: 'pods missing a template label are not fully labeled',
      minReady: 0,
      pods: [makePod('a').labels({ app: 'web' }).build(), makePod('b').labels({ other: 'x' }).build()],
      want: { replicas: 2, fullyLabeledReplicas: 1, readyReplicas: 0, availableReplicas: 0 },
    },
  ])('$scenario', ({ minReady, pods, want }) => {
    const rs = makeReplicaSet('rs').labels({ app: 'web' }).minReadySeconds(minReady).generation(4).build();
    expect(computeReplicaSetStatus(rs, pods, NOW)).toEqual({ ...want, observedGeneration: 4 });
  });
});

describe('pod helpers', () => {
  it.each([
    { scenario: 'pending', pod: makePod('p').build(), active: true },
    { scenario: 'running', pod: makePod('p').phase('Running').build(), active: true },
    { scenario: 'terminating', pod: makePod('p').phase('Running').deletionTimestamp().build(), active: false },
    { scenario: 'succeeded', pod: makePod('p').phase('Succeeded').build(), active: false },
    { scenario: 'failed', pod: makePod('p').phase('Failed').build(), active: false },
  ])('isPodActive: $scenario', ({ pod, active }) => {
    expect(isPodActive(pod)).toBe(active);
  });

  it('isPodAvailable needs Ready for minReadySeconds', () => {
    const pod = makePod('p').ready('2024-01-01T00:09:30Z').build();
    expect(isPodAvailable(pod, 30, NOW)).toBe(true); // 00:09:30 + 30 s = NOW
    expect(isPodAvailable(pod, 31, NOW)).toBe(false);
    expect(isPodAvailable(makePod('q').phase('Running').build(), 0, NOW)).toBe(false);
  });

  it('msUntilNextAvailable finds the soonest pod still waiting out minReadySeconds', () => {
    const pods = [makePod('a').ready('2024-01-01T00:09:50Z').build(), makePod('b').ready('2024-01-01T00:09:45Z').build()];
    // b: 00:09:45 + 30 s = 00:10:15, 15 s after NOW; a: 20 s
    expect(msUntilNextAvailable(pods, 30, NOW)).toBe(15_000);
    expect(msUntilNextAvailable(pods, 0, NOW)).toBeUndefined();
  });
});

describe('replicaSetStatusChanged', () => {
  const base = { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1, availableReplicas: 1, observedGeneration: 3 };
  it.each([
    { scenario: 'identical', current: base, next: { ...base }, changed: false },
    { scenario: 'no status yet, nothing to report', current: undefined, next: { replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0 }, changed: false },
    { scenario: 'no status yet, generation to report', current: undefined, next: { replicas: 0, observedGeneration: 1 }, changed: true },
    { scenario: 'ready count moved', current: base, next: { ...base, readyReplicas: 2 }, changed: true },
    { scenario: 'new generation observed', current: base, next: { ...base, observedGeneration: 4 }, changed: true },
  ])('$scenario', ({ current, next, changed }) => {
    expect(replicaSetStatusChanged(current, next)).toBe(changed);
  });
});
