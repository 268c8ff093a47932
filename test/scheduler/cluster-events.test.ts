import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../api/types.js';
import { assignedPodUpdateMayHelp, needsScheduling, nodeUpdateMayHelp, unscheduledPodChanged } from '../../scheduler/cluster-events.js';
import { makeNode, makePod } from '../support/builders.js';

describe('needsScheduling', () => {
  it.each([
    { scenario: 'a new pod with no schedulerName', pod: makePod('p').build(), want: true },
    { scenario: 'schedulerName default-scheduler', pod: makePod('p').schedulerName('default-scheduler').build(), want: true },
    { scenario: 'another scheduler\'s pod', pod: makePod('p').schedulerName('other').build(), want: false },
    { scenario: 'already bound', pod: makePod('p').nodeName('n').build(), want: false },
    { scenario: 'being deleted', pod: makePod('p').deletionTimestamp().build(), want: false },
    { scenario: 'already finished', pod: makePod('p').phase('Succeeded').build(), want: false },
  ])('$scenario', ({ pod, want }) => {
    expect(needsScheduling(pod, 'default-scheduler')).toBe(want);
  });

  it('a custom-named scheduler takes only the pods that name it', () => {
    expect(needsScheduling(makePod('p').build(), 'gpu')).toBe(false);
    expect(needsScheduling(makePod('p').schedulerName('gpu').build(), 'gpu')).toBe(true);
  });
});

describe('nodeUpdateMayHelp', () => {
  const base = makeNode('n').allocatable({ cpu: '2' }).build();
  const heartbeat: Node = { ...base, status: { ...base.status, conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2024-01-01T00:00:10Z' }] } };
  it.each([
    { scenario: 'heartbeat only', next: heartbeat, want: false },
    { scenario: 'allocatable grew', next: makeNode('n').allocatable({ cpu: '4' }).build(), want: true },
    { scenario: 'label added', next: makeNode('n').allocatable({ cpu: '2' }).labels({ disk: 'ssd' }).build(), want: true },
    { scenario: 'cordon flag changed', next: makeNode('n').allocatable({ cpu: '2' }).unschedulable(true).build(), want: true },
    { scenario: 'became not ready', next: makeNode('n').allocatable({ cpu: '2' }).ready('False').build(), want: true },
  ])('$scenario', ({ next, want }) => {
    expect(nodeUpdateMayHelp(base, next)).toBe(want);
  });
});

describe('assignedPodUpdateMayHelp', () => {
  const running = makePod('p').nodeName('n').phase('Running').build();
  it.each<{ scenario: string; old: Pod; next: Pod; want: boolean }>([
    { scenario: 'a bound pod finished', old: running, next: makePod('p').nodeName('n').phase('Succeeded').build(), want: true },
    { scenario: 'a bound pod failed', old: running, next: makePod('p').nodeName('n').phase('Failed').build(), want: true },
    { scenario: 'status update of a running pod', old: running, next: makePod('p').nodeName('n').phase('Running').labels({ x: 'y' }).build(), want: false },
    { scenario: 'a pod just got bound', old: makePod('p').build(), next: running, want: false },
  ])('$scenario', ({ old, next, want }) => {
    expect(assignedPodUpdateMayHelp(old, next)).toBe(want);
  });
});

describe('unscheduledPodChanged', () => {
  const pod = makePod('p').build();
  it.each([
    { scenario: 'the scheduler\'s own condition write', next: makePod('p').condition({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }).build(), want: false },
    { scenario: 'a label change', next: makePod('p').labels({ tier: 'web' }).build(), want: true },
    { scenario: 'a spec change', next: makePod('p').nodeSelector({ disk: 'ssd' }).build(), want: true },
  ])('$scenario', ({ next, want }) => {
    expect(unscheduledPodChanged(pod, next)).toBe(want);
  });
});
