/** The loopback address mode: lowest free address of the node's range, never one a container on the engine holds. */
import { describe, expect, it } from 'vitest';
import { createLoopbackNetwork } from '../../../agent/pods/pod-network.js';
import type { Pod } from '../../../api/types.js';
import { makePod } from '../../support/builders.js';
import { FakeRuntime } from '../../support/fake-runtime.js';
import { runInstance, silentLogger } from '../helpers.js';

const pod = (name: string, podIP?: string): Pod => {
  const p = makePod(name).uid(`uid-${name}`).container({ name: 'app', image: 'x:1', ports: [{ containerPort: 8080, hostPort: 18080 }] }).build();
  return podIP ? { ...p, status: { podIP } } : p;
};

function network(rt = new FakeRuntime(), cidr: string | null = '127.1.0.0/16', now = (): number => 0) {
  return createLoopbackNetwork({ runtime: rt, podCIDR: () => cidr ?? undefined, log: silentLogger, now });
}

describe('loopback pod network', () => {
  it('hands out the lowest free address from .2, one per pod, the same again for the same pod', async () => {
    const net = network();
    expect(await net.assign(pod('a'), [])).toBe('127.1.0.2');
    expect(await net.assign(pod('b'), [])).toBe('127.1.0.3');
    expect(await net.assign(pod('a'), [])).toBe('127.1.0.2');
    net.release('uid-a');
    expect(await net.assign(pod('c'), [])).toBe('127.1.0.2');
  });

  it('concurrent calls never share an address', async () => {
    const net = network();
    const ips = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((n) => net.assign(pod(n), [])));
    expect(new Set(ips).size).toBe(5);
  });

  it('skips addresses containers on the engine hold (any node or cluster), and keeps the one a pod\'s containers carry', async () => {
    const rt = new FakeRuntime();
    const other = await runInstance(rt, pod('other'), 'app', 0); // labelled 127.1.0.2 (helpers' TEST_ADDRESS)
    const net = network(rt);
    expect(await net.assign(pod('a'), [])).toBe('127.1.0.3');
    expect(await net.assign(pod('adopted'), [other.labels])).toBe('127.1.0.2');
  });

  it('reuses the stored status.podIP when it is free and in range, not otherwise', async () => {
    const net = network();
    expect(await net.assign(pod('a', '127.1.0.40'), [])).toBe('127.1.0.40');
    expect(await net.assign(pod('b', '127.1.0.40'), [])).toBe('127.1.0.2');
    expect(await net.assign(pod('c', '10.0.0.7'), [])).toBe('127.1.0.3');
  });

  it('an address another process turned out to hold is skipped for a while', async () => {
    let t = 0;
    const net = network(new FakeRuntime(), '127.1.0.0/16', () => t);
    expect(await net.assign(pod('a'), [])).toBe('127.1.0.2');
    net.conflict('uid-a', '127.1.0.2');
    expect(await net.assign(pod('a'), [])).toBe('127.1.0.3');
    net.release('uid-a');
    t = 61_000;
    expect(await net.assign(pod('b'), [])).toBe('127.1.0.2');
  });

  it('no range yet: no address; a full range: none either', async () => {
    expect(await network(new FakeRuntime(), null).assign(pod('a'), [])).toBeUndefined();
    const tiny = network(new FakeRuntime(), '127.1.0.0/30'); // .0 network, .1 skipped, .3 broadcast: only .2
    expect(await tiny.assign(pod('a'), [])).toBe('127.1.0.2');
    expect(await tiny.assign(pod('b'), [])).toBeUndefined();
  });

  it('publishes a port on podIP:containerPort, and a hostPort on the node address', () => {
    expect(network().bindings('127.1.0.9', { containerPort: 8080, hostPort: 18080 })).toEqual([{ hostIp: '127.1.0.9', hostPort: 8080 }, { hostIp: '127.0.0.1', hostPort: 18080 }]);
  });
});
