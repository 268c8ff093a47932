import { describe, expect, it } from 'vitest';
import {
  maxUnavailableOf, newReplicaSetReplicas, planOldReplicaSetsScaleDown, resolveFenceposts, resolveIntOrPercent, type ReplicaSetCounts,
} from '../../../controllers/deployment/rolling.js';
import { makeDeployment } from '../../support/builders.js';

const rs = (name: string, replicas: number, availableReplicas: number, createdMs = 0): ReplicaSetCounts => ({ name, replicas, availableReplicas, createdMs });

describe('resolveIntOrPercent', () => {
  it.each([
    { scenario: 'plain number', v: 2, total: 10, up: true, want: 2 },
    { scenario: 'numeric string', v: '3', total: 10, up: false, want: 3 },
    { scenario: '25% of 10 rounded up', v: '25%', total: 10, up: true, want: 3 }, // 2.5 -> 3
    { scenario: '25% of 10 rounded down', v: '25%', total: 10, up: false, want: 2 }, // 2.5 -> 2
    { scenario: '25% of 1 rounded down', v: '25%', total: 1, up: false, want: 0 }, // 0.25 -> 0
    { scenario: 'undefined', v: undefined, total: 10, up: true, want: 0 },
    { scenario: 'garbage', v: 'lots', total: 10, up: true, want: 0 },
  ])('$scenario', ({ v, total, up, want }) => {
    expect(resolveIntOrPercent(v, total, up)).toBe(want);
  });
});

describe('resolveFenceposts', () => {
  it.each([
    // 25% of 4 = 1 both ways
    { scenario: 'defaults, 4 replicas', replicas: 4, surge: undefined, unavail: undefined, want: { maxSurge: 1, maxUnavailable: 1 } },
    // surge ceil(0.75) = 1, unavailable floor(0.75) = 0
    { scenario: 'defaults, 3 replicas', replicas: 3, surge: '25%', unavail: '25%', want: { maxSurge: 1, maxUnavailable: 0 } },
    { scenario: 'both zero: unavailable becomes 1', replicas: 3, surge: 0, unavail: 0, want: { maxSurge: 0, maxUnavailable: 1 } },
    { scenario: 'absolute numbers', replicas: 10, surge: 2, unavail: 3, want: { maxSurge: 2, maxUnavailable: 3 } },
  ])('$scenario', ({ replicas, surge, unavail, want }) => {
    const b = makeDeployment('web').replicas(replicas);
    const d = surge === undefined && unavail === undefined ? b.build() : b.rollingUpdate(surge, unavail).build();
    expect(resolveFenceposts(d)).toEqual(want);
  });

  it('maxUnavailableOf is 0 for Recreate and capped at replicas', () => {
    expect(maxUnavailableOf(makeDeployment('web').replicas(4).recreate().build())).toBe(0);
    expect(maxUnavailableOf(makeDeployment('web').replicas(2).rollingUpdate(0, 5).build())).toBe(2);
  });
});

describe('newReplicaSetReplicas', () => {
  it.each([
    // 3 replicas, surge 1: total may reach 4; 3 old + 0 new -> new gets 1
    { scenario: 'rollout start: new RS gets the surge', replicas: 3, surge: 1, unavail: 0, newRs: rs('new', 0, 0), old: [rs('old', 3, 3)], want: 1 },
    // total is already 4 = 3 + 1
    { scenario: 'at the surge limit: no change', replicas: 3, surge: 1, unavail: 0, newRs: rs('new', 1, 0), old: [rs('old', 3, 3)], want: 1 },
    // old scaled to 2: total 3, room for 1 more
    { scenario: 'old scaled down frees room', replicas: 3, surge: 1, unavail: 0, newRs: rs('new', 1, 1), old: [rs('old', 2, 2)], want: 2 },
    // plenty of surge room but never past spec.replicas
    { scenario: 'never past spec.replicas', replicas: 3, surge: 10, unavail: 0, newRs: rs('new', 1, 0), old: [rs('old', 3, 3)], want: 3 },
    { scenario: 'more than spec.replicas: scale down at once', replicas: 2, surge: 1, unavail: 0, newRs: rs('new', 5, 5), old: [], want: 2 },
    { scenario: 'fresh deployment (no old): straight to replicas', replicas: 4, surge: '25%', unavail: '25%', newRs: rs('new', 0, 0), old: [], want: 4 },
  ])('$scenario', ({ replicas, surge, unavail, newRs, old, want }) => {
    const d = makeDeployment('web').replicas(replicas).rollingUpdate(surge, unavail).build();
    expect(newReplicaSetReplicas(d, newRs, [...old, newRs])).toBe(want);
  });
});

describe('planOldReplicaSetsScaleDown', () => {
  it.each([
    // minAvailable = 3 - 0 = 3; all pods 4; new has 1 unavailable -> maxScaledDown = 4 - 3 - 1 = 0
    { scenario: 'new pod not ready yet: hold', replicas: 3, surge: 1, unavail: 0, newRs: rs('new', 1, 0), old: [rs('old', 3, 3)], want: [] },
    // new pod available: available 4 - minAvailable 3 = 1 to remove
    { scenario: 'new pod available: remove one old', replicas: 3, surge: 1, unavail: 0, newRs: rs('new', 1, 1), old: [rs('old', 3, 3)], want: [{ name: 'old', replicas: 2 }] },
    // maxUnavailable 1: minAvailable 2; available 3 -> remove 1 even before new pods are ready
    { scenario: 'maxUnavailable lets old go before new is ready', replicas: 3, surge: 0, unavail: 1, newRs: rs('new', 0, 0), old: [rs('old', 3, 3)], want: [{ name: 'old', replicas: 2 }] },
    // old has 2 unavailable pods: cleanup budget = 4 - 3 - 0 = 1 -> only one unhealthy goes; then available 2+1 - 3 = 0 more
    { scenario: 'unhealthy old pods go first, within the budget', replicas: 3, surge: 1, unavail: 0, newRs: rs('new', 1, 1), old: [rs('old', 3, 1)], want: [{ name: 'old', replicas: 2 }] },
    // two old RSs, oldest first: available 2+2+2 = 6, minAvailable 4 -> remove 2 from the oldest
    {
      scenario: 'oldest old ReplicaSet first',
      replicas: 4, surge: 2, unavail: 0,
      newRs: rs('new', 2, 2),
      old: [rs('older', 2, 2, 100), rs('oldest', 2, 2, 50)],
      want: [{ name: 'oldest', replicas: 0 }],
    },
    { scenario: 'nothing old left', replicas: 3, surge: 1, unavail: 0, newRs: rs('new', 3, 3), old: [rs('old', 0, 0)], want: [] },
  ])('$scenario', ({ replicas, surge, unavail, newRs, old, want }) => {
    const d = makeDeployment('web').replicas(replicas).rollingUpdate(surge, unavail).build();
    expect(planOldReplicaSetsScaleDown(d, newRs, old)).toEqual(want);
  });

  it('a whole rollout converges: 3 replicas, surge 1, unavailable 0, pods become available at once', () => {
    const d = makeDeployment('web').replicas(3).rollingUpdate(1, 0).build();
    let newRs = rs('new', 0, 0);
    let old = rs('old', 3, 3);
    const trace: string[] = [];
    for (let step = 0; step < 20 && !(newRs.replicas === 3 && old.replicas === 0); step++) {
      const target = newReplicaSetReplicas(d, newRs, [old, newRs]);
      if (target !== newRs.replicas) newRs = { ...newRs, replicas: target };
      else {
        const [a] = planOldReplicaSetsScaleDown(d, newRs, [old]);
        if (a) old = { ...old, replicas: a.replicas };
      }
      // the "kubelet": every pod becomes available before the next pass
      newRs = { ...newRs, availableReplicas: newRs.replicas };
      old = { ...old, availableReplicas: old.replicas };
      trace.push(`${old.replicas}/${newRs.replicas}`);
      expect(old.replicas + newRs.replicas).toBeLessThanOrEqual(4); // never past replicas + maxSurge
      expect(old.availableReplicas + newRs.availableReplicas).toBeGreaterThanOrEqual(3); // never below replicas - maxUnavailable
    }
    expect(trace).toEqual(['3/1', '2/1', '2/2', '1/2', '1/3', '0/3']);
  });
});
