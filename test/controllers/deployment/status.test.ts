import { describe, expect, it } from 'vitest';
import type { DeploymentCondition, DeploymentStatus, ReplicaSet } from '../../../api/types.js';
import { rfc3339 } from '../../../controllers/deployment/conditions.js';
import {
  computeDeploymentStatus, deploymentStatusChanged, hasTimedOut, isDeploymentComplete, progressRecheckMs,
} from '../../../controllers/deployment/status.js';
import { makeDeployment, makeReplicaSet } from '../../support/builders.js';

const NOW = Date.parse('2024-01-01T01:00:00Z');
const EARLIER = '2024-01-01T00:55:00Z';

function rsWith(name: string, spec: number, status: { replicas: number; ready?: number; available?: number }): ReplicaSet {
  return makeReplicaSet(name).replicas(spec).status({ replicas: status.replicas, readyReplicas: status.ready ?? 0, availableReplicas: status.available ?? 0 }).build();
}

const cond = (s: DeploymentStatus, type: string): DeploymentCondition | undefined => s.conditions?.find((c) => c.type === type);

describe('computeDeploymentStatus counters', () => {
  it.each([
    {
      scenario: 'steady state',
      rss: [rsWith('new', 3, { replicas: 3, ready: 3, available: 3 })],
      want: { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 0 },
    },
    {
      // totals over both; updated = new RS's actual replicas; unavailable = spec total 4 - available 3
      scenario: 'mid rollout',
      rss: [rsWith('new', 2, { replicas: 2, ready: 1, available: 1 }), rsWith('old', 2, { replicas: 2, ready: 2, available: 2 })],
      want: { replicas: 4, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1 },
    },
    {
      scenario: 'new RS just created (no status yet)',
      rss: [makeReplicaSet('new').replicas(1).build(), rsWith('old', 3, { replicas: 3, ready: 3, available: 3 })],
      want: { replicas: 3, updatedReplicas: 0, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1 },
    },
  ])('$scenario', ({ rss, want }) => {
    const d = makeDeployment('web').replicas(3).generation(5).build();
    const s = computeDeploymentStatus({ d, all: rss, newRs: rss[0], nowMs: NOW });
    expect({ ...s, conditions: undefined }).toEqual({ ...want, observedGeneration: 5, conditions: undefined });
  });
});

describe('Available condition', () => {
  it.each([
    // 4 replicas, maxUnavailable 25% = 1: 3 available is enough
    { scenario: 'at minimum availability', available: 3, status: 'True', reason: 'MinimumReplicasAvailable' },
    { scenario: 'below minimum availability', available: 2, status: 'False', reason: 'MinimumReplicasUnavailable' },
  ])('$scenario', ({ available, status, reason }) => {
    const d = makeDeployment('web').replicas(4).build();
    const rs = rsWith('new', 4, { replicas: 4, ready: available, available });
    const c = cond(computeDeploymentStatus({ d, all: [rs], newRs: rs, nowMs: NOW }), 'Available');
    expect(c).toMatchObject({ status, reason });
  });
});

describe('Progressing condition', () => {
  const progressing = (reason: string, at: string, status: 'True' | 'False' = 'True'): DeploymentCondition =>
    ({ type: 'Progressing', status, reason, message: 'x', lastUpdateTime: at, lastTransitionTime: at });

  it.each([
    {
      scenario: 'template changed after a finished rollout: NewReplicaSetCreated',
      prior: { updatedReplicas: 3, replicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: [progressing('NewReplicaSetAvailable', EARLIER)] }, created: true,
      rss: [rsWith('web-new', 1, { replicas: 0 }), rsWith('web-old', 3, { replicas: 3, ready: 3, available: 3 })],
      want: { status: 'True', reason: 'NewReplicaSetCreated', message: 'Created new replica set "web-new"', lastUpdateTime: rfc3339(NOW), lastTransitionTime: EARLIER },
    },
    {
      scenario: 'counters moved: ReplicaSetUpdated, deadline clock restarts',
      prior: { updatedReplicas: 1, replicas: 4, readyReplicas: 3, availableReplicas: 3, conditions: [progressing('NewReplicaSetCreated', EARLIER)] }, created: false,
      rss: [rsWith('web-new', 2, { replicas: 2, ready: 1, available: 1 }), rsWith('web-old', 2, { replicas: 2, ready: 2, available: 2 })],
      want: { status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: rfc3339(NOW), lastTransitionTime: EARLIER },
    },
    {
      scenario: 'every pod updated and available: NewReplicaSetAvailable',
      prior: { updatedReplicas: 3, replicas: 4, readyReplicas: 3, availableReplicas: 3, conditions: [progressing('ReplicaSetUpdated', EARLIER)] }, created: false,
      rss: [rsWith('web-new', 3, { replicas: 3, ready: 3, available: 3 }), rsWith('web-old', 0, { replicas: 0 })],
      want: { status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "web-new" has successfully progressed.' },
    },
    {
      scenario: 'no progress for longer than the deadline: ProgressDeadlineExceeded',
      prior: { updatedReplicas: 1, replicas: 4, readyReplicas: 3, availableReplicas: 3, conditions: [progressing('ReplicaSetUpdated', '2024-01-01T00:49:59Z')] }, created: false,
      rss: [rsWith('web-new', 1, { replicas: 1 }), rsWith('web-old', 3, { replicas: 3, ready: 3, available: 3 })],
      want: { status: 'False', reason: 'ProgressDeadlineExceeded' },
    },
    {
      scenario: 'no progress, deadline not reached: unchanged',
      prior: { updatedReplicas: 1, replicas: 4, readyReplicas: 3, availableReplicas: 3, conditions: [progressing('ReplicaSetUpdated', EARLIER)] }, created: false,
      rss: [rsWith('web-new', 1, { replicas: 1 }), rsWith('web-old', 3, { replicas: 3, ready: 3, available: 3 })],
      want: { status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: EARLIER },
    },
  ])('$scenario', ({ prior, created, rss, want }) => {
    const b = makeDeployment('web').replicas(3).rollingUpdate(1, 0).progressDeadlineSeconds(600);
    const d = prior ? b.status(prior).build() : b.build();
    const s = computeDeploymentStatus({ d, all: rss, newRs: rss[0], nowMs: NOW, createdNewRs: created });
    expect(cond(s, 'Progressing')).toMatchObject(want);
  });

  it('keeps a complete condition (and its timestamps) when nothing changed, so status is not rewritten', () => {
    const rs = rsWith('web-new', 3, { replicas: 3, ready: 3, available: 3 });
    const d = makeDeployment('web').replicas(3).build();
    const first = computeDeploymentStatus({ d, all: [rs], newRs: rs, nowMs: NOW });
    const again = computeDeploymentStatus({ d: { ...d, status: first }, all: [rs], newRs: rs, nowMs: NOW + 60_000 });
    expect(deploymentStatusChanged(first, again)).toBe(false);
  });
});

describe('paused Deployments', () => {
  const rs = (): ReplicaSet => rsWith('web-new', 1, { replicas: 1 });
  const stale: DeploymentCondition = { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: '2020-01-01T00:00:00Z', lastTransitionTime: '2020-01-01T00:00:00Z' };

  it('a paused rollout reports DeploymentPaused and never times out', () => {
    const d = makeDeployment('web').replicas(3).paused().progressDeadlineSeconds(10).status({ conditions: [stale] }).build();
    const s = computeDeploymentStatus({ d, all: [rs()], newRs: rs(), nowMs: NOW });
    expect(cond(s, 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', lastUpdateTime: rfc3339(NOW) });
  });

  it('resuming restarts the deadline clock (DeploymentResumed now) instead of timing out at once', () => {
    const paused: DeploymentCondition = { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', lastUpdateTime: '2020-01-01T00:00:00Z' };
    // counters unchanged since the pause: no progress, so only the resume stamp can save it from the deadline
    const d = makeDeployment('web').replicas(3).progressDeadlineSeconds(10).status({ replicas: 1, updatedReplicas: 1, readyReplicas: 0, availableReplicas: 0, conditions: [paused] }).build();
    const s = computeDeploymentStatus({ d, all: [rs()], newRs: rs(), nowMs: NOW });
    expect(cond(s, 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentResumed', lastUpdateTime: rfc3339(NOW) });
  });
});

describe('rollout status helpers', () => {
  it.each([
    { scenario: 'done', s: { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }, complete: true },
    { scenario: 'old pods still there', s: { observedGeneration: 2, replicas: 4, updatedReplicas: 3, availableReplicas: 3 }, complete: false },
    { scenario: 'not all available', s: { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 2 }, complete: false },
    { scenario: 'status from an older generation', s: { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }, complete: false },
  ])('isDeploymentComplete: $scenario', ({ s, complete }) => {
    expect(isDeploymentComplete(makeDeployment('web').replicas(3).generation(2).build(), s)).toBe(complete);
  });

  it('hasTimedOut never fires for a finished rollout and sticks once exceeded', () => {
    const d = makeDeployment('web').progressDeadlineSeconds(10).build();
    const c = (reason: string): DeploymentCondition => ({ type: 'Progressing', status: 'True', reason, lastUpdateTime: '2020-01-01T00:00:00Z' });
    expect(hasTimedOut(d, c('NewReplicaSetAvailable'), NOW)).toBe(false);
    expect(hasTimedOut(d, c('ReplicaSetUpdated'), NOW)).toBe(true);
    expect(hasTimedOut(d, { ...c('ProgressDeadlineExceeded'), lastUpdateTime: rfc3339(NOW) }, NOW)).toBe(true);
    expect(hasTimedOut(d, undefined, NOW)).toBe(false);
  });

  it('progressRecheckMs schedules the deadline check of an unfinished rollout', () => {
    const d = makeDeployment('web').replicas(3).progressDeadlineSeconds(600).build();
    const s: DeploymentStatus = { replicas: 3, updatedReplicas: 1, availableReplicas: 2, conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: EARLIER }] };
    // EARLIER is 300 s before NOW: 300 s left, plus the 1 s margin
    expect(progressRecheckMs(d, s, NOW)).toBe(301_000);
    expect(progressRecheckMs(d, { ...s, conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }] }, NOW)).toBeUndefined();
  });
});
