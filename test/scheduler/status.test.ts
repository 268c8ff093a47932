import { describe, expect, it } from 'vitest';
import { bindingFor, scheduledMessage, unschedulableConditionPatch } from '../../scheduler/status.js';
import { makePod } from '../support/builders.js';

const now = new Date('2024-05-01T10:00:00Z');
const msg = '0/1 nodes are available: 1 Insufficient cpu.';

describe('unschedulableConditionPatch', () => {
  it.each([
    {
      scenario: 'first failure: condition written with now as the transition time',
      pod: makePod('p').build(),
      want: { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg, lastTransitionTime: now.toISOString(), lastProbeTime: null }] } },
    },
    {
      scenario: 'new message while already False: the transition time is kept',
      pod: makePod('p').condition({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'older', lastTransitionTime: '2024-05-01T09:00:00Z' }).build(),
      want: { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg, lastTransitionTime: '2024-05-01T09:00:00Z', lastProbeTime: null }] } },
    },
    {
      scenario: 'same message already recorded: no write',
      pod: makePod('p').condition({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg }).build(),
      want: undefined,
    },
  ])('$scenario', ({ pod, want }) => {
    expect(unschedulableConditionPatch(pod, msg, now)).toEqual(want);
  });
});

describe('binding and Scheduled event', () => {
  const pod = makePod('web-1').namespace('shop').build();
  it('targets the node', () => {
    expect(bindingFor(pod, 'n3')).toEqual({
      apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web-1', namespace: 'shop', uid: 'uid-web-1' }, target: { apiVersion: 'v1', kind: 'Node', name: 'n3' },
    });
  });
  it('words the event as kube-scheduler does', () => {
    expect(scheduledMessage(pod, 'n3')).toBe('Successfully assigned shop/web-1 to n3');
  });
});
