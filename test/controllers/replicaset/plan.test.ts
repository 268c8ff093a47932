import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../api/types.js';
import { diffReplicas, podFromTemplate, podsToDelete } from '../../../controllers/replicaset/plan.js';
import { makePod, makeReplicaSet } from '../../support/builders.js';

describe('diffReplicas', () => {
  it.each([
    { scenario: 'in sync', desired: 3, active: 3, burst: 500, want: { create: 0, delete: 0 } },
    { scenario: 'fresh ReplicaSet', desired: 3, active: 0, burst: 500, want: { create: 3, delete: 0 } },
    { scenario: 'a pod was deleted', desired: 3, active: 2, burst: 500, want: { create: 1, delete: 0 } },
    { scenario: 'scaled down', desired: 1, active: 4, burst: 500, want: { create: 0, delete: 3 } },
    { scenario: 'scaled to zero', desired: 0, active: 2, burst: 500, want: { create: 0, delete: 2 } },
    { scenario: 'creations capped by burst', desired: 1200, active: 0, burst: 500, want: { create: 500, delete: 0 } },
    { scenario: 'deletions capped by burst', desired: 0, active: 900, burst: 500, want: { create: 0, delete: 500 } },
  ])('$scenario', ({ desired, active, burst, want }) => {
    expect(diffReplicas(desired, active, burst)).toEqual(want);
  });
});

const T0 = '2024-01-01T00:00:00Z';
const T1 = '2024-01-01T00:01:00Z';
const T2 = '2024-01-01T00:02:00Z';

describe('podsToDelete ranking', () => {
  const names = (pods: Pod[]): (string | undefined)[] => pods.map((p) => p.metadata.name);

  it.each([
    {
      scenario: 'unscheduled before scheduled',
      pods: [makePod('bound').nodeName('n1').phase('Pending').build(), makePod('unbound').phase('Pending').build()],
      want: ['unbound', 'bound'],
    },
    {
      scenario: 'Pending before Unknown before Running',
      pods: [makePod('running').nodeName('n1').phase('Running').build(), makePod('unknown').nodeName('n1').phase('Unknown').build(), makePod('pending').nodeName('n1').phase('Pending').build()],
      want: ['pending', 'unknown', 'running'],
    },
    {
      scenario: 'not ready before ready',
      pods: [makePod('ready').nodeName('n1').ready(T0).build(), makePod('not-ready').nodeName('n2').phase('Running').build()],
      want: ['not-ready', 'ready'],
    },
    {
      // n1 carries 2 of these pods, n2 one: spread wins, so the n1 pods go first.
      scenario: 'most crowded node first',
      pods: [makePod('n2-a').nodeName('n2').ready(T0).build(), makePod('n1-a').nodeName('n1').ready(T0).build(), makePod('n1-b').nodeName('n1').ready(T0).build()],
      want: ['n1-a', 'n1-b', 'n2-a'],
    },
    {
      scenario: 'most recently ready first',
      pods: [makePod('old').nodeName('n1').ready(T0).build(), makePod('new').nodeName('n2').ready(T2).build(), makePod('mid').nodeName('n3').ready(T1).build()],
      want: ['new', 'mid', 'old'],
    },
    {
      scenario: 'then newest created first',
      pods: [makePod('a').creationTimestamp(T0).build(), makePod('c').creationTimestamp(T2).build(), makePod('b').creationTimestamp(T1).build()],
      want: ['c', 'b', 'a'],
    },
    {
      scenario: 'complete ties break by name',
      pods: [makePod('y').build(), makePod('x').build()],
      want: ['x', 'y'],
    },
  ])('$scenario', ({ pods, want }) => {
    expect(names(podsToDelete(pods, pods.length))).toEqual(want);
  });

  it('returns only the requested number of victims, best first', () => {
    const pods = [makePod('ready').nodeName('n1').ready(T0).build(), makePod('pending').build(), makePod('running').nodeName('n2').phase('Running').build()];
    expect(names(podsToDelete(pods, 2))).toEqual(['pending', 'running']);
    expect(podsToDelete(pods, 0)).toEqual([]);
  });

  it('does not reorder the caller\'s array', () => {
    const pods = [makePod('b').build(), makePod('a').build()];
    podsToDelete(pods, 2);
    expect(names(pods)).toEqual(['b', 'a']);
  });
});

describe('podFromTemplate', () => {
  it('stamps generateName, template labels and annotations, spec and a controller reference', () => {
    const rs = makeReplicaSet('web-abc').uid('rs-uid').labels({ app: 'web', 'pod-template-hash': 'abc' }).build();
    rs.spec.template.metadata = { ...rs.spec.template.metadata, annotations: { note: 'x' } };
    const pod = podFromTemplate(rs);
    expect(pod.metadata).toEqual({
      generateName: 'web-abc-',
      namespace: 'default',
      labels: { app: 'web', 'pod-template-hash': 'abc' },
      annotations: { note: 'x' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }],
    });
    expect(pod.spec).toEqual(rs.spec.template.spec);
  });

  it('copies the spec, so changing the pod does not change the template', () => {
    const rs = makeReplicaSet('web').build();
    const pod = podFromTemplate(rs);
    pod.spec.containers[0] = { name: 'changed', image: 'x' };
    expect(rs.spec.template.spec.containers[0]?.name).toBe('web');
  });
});
