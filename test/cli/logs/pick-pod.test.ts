import { describe, expect, it } from 'vitest';
import { pickContainer, pickLogPod } from '../../../cli/logs/pick-pod.js';
import { makePod } from '../../support/builders.js';

describe('pickLogPod (kubectl ByLogging)', () => {
  it.each([
    { scenario: 'assigned beats unassigned', pods: [makePod('a').phase('Running').build(), makePod('b').nodeName('n').phase('Pending').build()], want: 'b' },
    { scenario: 'Running beats Pending', pods: [makePod('a').nodeName('n').phase('Pending').build(), makePod('b').nodeName('n').phase('Running').build()], want: 'b' },
    { scenario: 'ready beats not ready', pods: [makePod('a').nodeName('n').phase('Running').build(), makePod('b').nodeName('n').ready().build()], want: 'b' },
    { scenario: 'ready longer beats ready shorter', pods: [makePod('a').nodeName('n').ready('2024-01-02T00:00:00Z').build(), makePod('b').nodeName('n').ready('2024-01-01T00:00:00Z').build()], want: 'b' },
    { scenario: 'older beats newer when all else is equal', pods: [makePod('a').nodeName('n').creationTimestamp('2024-02-01T00:00:00Z').build(), makePod('b').nodeName('n').creationTimestamp('2024-01-01T00:00:00Z').build()], want: 'b' },
  ])('$scenario', ({ pods, want }) => {
    expect(pickLogPod(pods)?.metadata.name).toBe(want);
  });

  it('returns undefined for no pods', () => {
    expect(pickLogPod([])).toBeUndefined();
  });
});

describe('pickContainer', () => {
  const two = makePod('p').container({ name: 'app' }).container({ name: 'side' }).build();
  it.each([
    { scenario: '-c wins', pod: two, requested: 'side', want: { name: 'side', defaulted: false } },
    { scenario: 'the annotation picks the default', pod: { ...two, metadata: { ...two.metadata, annotations: { 'kubectl.kubernetes.io/default-container': 'side' } } }, requested: undefined, want: { name: 'side', defaulted: false } },
    { scenario: 'else the first, flagged as defaulted among several', pod: two, requested: undefined, want: { name: 'app', defaulted: true } },
    { scenario: 'a single container is not "defaulted"', pod: makePod('q').build(), requested: undefined, want: { name: 'c0', defaulted: false } },
  ])('$scenario', ({ pod, requested, want }) => {
    expect(pickContainer(pod, requested)).toEqual(want);
  });
});
