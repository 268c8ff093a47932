import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types.js';
import { createSchedulerCache, type SchedulerCache } from '../../scheduler/cache.js';
import { makeNode, makePod } from '../support/builders.js';

const Mi = 1024 * 1024;

function setup(): SchedulerCache {
  const cache = createSchedulerCache();
  cache.upsertNode(makeNode('a').allocatable({ cpu: '4', memory: '4Gi', pods: '10' }).build());
  cache.upsertNode(makeNode('b').allocatable({ cpu: '2', memory: '2Gi', pods: '10' }).build());
  return cache;
}

/** What the snapshot says is requested on each node: "cpuMillis/memoryMi/pods". */
function usage(cache: SchedulerCache): Record<string, string> {
  return Object.fromEntries(cache.snapshot().map((i) => [i.name, `${i.requested.cpuMillis}/${i.requested.memoryBytes / Mi}/${i.requested.pods}`]));
}

const web = (node?: string): Pod => {
  const b = makePod('web').requests({ cpu: '500m', memory: '256Mi' });
  return (node ? b.nodeName(node) : b).build();
};

describe('SchedulerCache', () => {
  it('reads allocatable from the node and counts bound pods', () => {
    const cache = setup();
    cache.upsertPod(web('a'));
    const a = cache.snapshot().find((i) => i.name === 'a');
    expect(a?.allocatable).toEqual({ cpuMillis: 4000, memoryBytes: 4096 * Mi, pods: 10 });
    expect(usage(cache)).toEqual({ a: '500/256/1', b: '0/0/0' });
  });

  it.each([
    { scenario: 'unbound pods use nothing', pod: web(), want: { a: '0/0/0', b: '0/0/0' } },
    { scenario: 'a Succeeded pod uses nothing', pod: makePod('done').nodeName('a').requests({ cpu: '1' }).phase('Succeeded').build(), want: { a: '0/0/0', b: '0/0/0' } },
    { scenario: 'a Failed pod uses nothing', pod: makePod('done').nodeName('a').requests({ cpu: '1' }).phase('Failed').build(), want: { a: '0/0/0', b: '0/0/0' } },
    { scenario: 'a terminating pod still uses its resources', pod: makePod('t').nodeName('b').requests({ cpu: '1' }).deletionTimestamp().build(), want: { a: '0/0/0', b: '1000/0/1' } },
  ])('$scenario', ({ pod, want }) => {
    const cache = setup();
    cache.upsertPod(pod);
    expect(usage(cache)).toEqual(want);
  });

  it('moves a pod when it finishes or is deleted', () => {
    const cache = setup();
    cache.upsertPod(web('a'));
    cache.upsertPod({ ...web('a'), status: { phase: 'Succeeded' } });
    expect(usage(cache).a).toBe('0/0/0');
    cache.upsertPod(web('b'));
    cache.removePod(web('b'));
    expect(usage(cache).b).toBe('0/0/0');
  });

  describe('assumed pods', () => {
    it('count at once and are confirmed when the informer shows the pod bound', () => {
      const cache = setup();
      cache.assumePod(web(), 'a');
      expect(cache.isAssumed('default/web')).toBe(true);
      expect(usage(cache).a).toBe('500/256/1');
      // The informer still has the unbound pod (e.g. a status update arrives first): keep the reservation.
      cache.upsertPod(web());
      expect(usage(cache).a).toBe('500/256/1');
      cache.upsertPod(web('a'));
      expect(cache.isAssumed('default/web')).toBe(false);
      expect(usage(cache).a).toBe('500/256/1');
    });

    it('follow the informer when the pod turns out bound elsewhere', () => {
      const cache = setup();
      cache.assumePod(web(), 'a');
      cache.upsertPod(web('b'));
      expect(usage(cache)).toEqual({ a: '0/0/0', b: '500/256/1' });
      expect(cache.nodeOf('default/web')).toBe('b');
    });

    it('are dropped by forgetPod, which is idempotent', () => {
      const cache = setup();
      cache.assumePod(web(), 'a');
      cache.forgetPod('default/web');
      cache.forgetPod('default/web');
      expect(usage(cache).a).toBe('0/0/0');
      expect(cache.isAssumed('default/web')).toBe(false);
    });

    it('forgetPod leaves a confirmed pod alone', () => {
      const cache = setup();
      cache.assumePod(web(), 'a');
      cache.upsertPod(web('a'));
      cache.forgetPod('default/web');
      expect(usage(cache).a).toBe('500/256/1');
    });

    it('are dropped when the pod is deleted before the bind shows up', () => {
      const cache = setup();
      cache.assumePod(web(), 'a');
      cache.removePod(web());
      expect(usage(cache).a).toBe('0/0/0');
    });
  });

  describe('snapshot', () => {
    it('is immutable: a later change does not alter a snapshot already taken', () => {
      const cache = setup();
      const before = cache.snapshot();
      cache.assumePod(web(), 'a');
      expect(before.find((i) => i.name === 'a')?.requested.pods).toBe(0);
      expect(cache.snapshot().find((i) => i.name === 'a')?.requested.pods).toBe(1);
    });

    it('is reused while nothing changes', () => {
      const cache = setup();
      expect(cache.snapshot()).toBe(cache.snapshot());
    });

    it('leaves out removed nodes, and keeps their pods counted if the node comes back', () => {
      const cache = setup();
      cache.upsertPod(web('b'));
      cache.removeNode('b');
      expect(cache.snapshot().map((i) => i.name)).toEqual(['a']);
      cache.upsertNode(makeNode('b').allocatable({ cpu: '2' }).build());
      expect(usage(cache).b).toBe('500/256/1');
    });

    it('picks up a node update (allocatable grows)', () => {
      const cache = setup();
      cache.upsertNode(makeNode('b').allocatable({ cpu: '16', memory: '2Gi' }).resourceVersion('9').build());
      expect(cache.snapshot().find((i) => i.name === 'b')?.allocatable.cpuMillis).toBe(16000);
    });
  });
});
