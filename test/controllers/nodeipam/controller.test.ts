/** The node IPAM controller against an in-process API server: distinct ranges, kept ranges, concurrent joins. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Node } from '../../../api/types.js';
import { startHarness, type Harness } from '../harness.js';
import { waitFor } from '../../support/wait.js';

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.close(); });

const node = (name: string, podCIDR?: string): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: podCIDR ? { podCIDR } : {} });
const cidrOf = async (name: string): Promise<string | undefined> => (await h.client.get<Node>('Node', undefined, name)).spec.podCIDR;

describe('node IPAM controller', () => {
  it('gives nodes that join at once distinct ranges, keeps a range a node already has, and refuses to change it', async () => {
    await h.client.create(node('pre', '127.1.0.0/16'));
    await Promise.all(['a', 'b', 'c', 'd'].map((n) => h.client.create(node(n))));
    await waitFor(async () => (await Promise.all(['a', 'b', 'c', 'd'].map(cidrOf))).every(Boolean), { message: 'every node got a pod CIDR' });
    await h.manager.idle();
    const ranges = await Promise.all(['pre', 'a', 'b', 'c', 'd'].map(cidrOf));
    expect(new Set(ranges).size).toBe(5);
    expect([...ranges].sort()).toEqual(['127.1.0.0/16', '127.2.0.0/16', '127.3.0.0/16', '127.4.0.0/16', '127.5.0.0/16']);
    const a = await h.client.get<Node>('Node', undefined, 'a');
    expect(a.spec.podCIDRs).toEqual([a.spec.podCIDR]);
    await expect(h.client.patch('Node', undefined, 'a', { spec: { podCIDR: '127.9.0.0/16', podCIDRs: ['127.9.0.0/16'] } })).rejects.toThrow(/may not change podCIDR/);
  });

  it('a deleted node\'s range is handed out again', async () => {
    await h.client.create(node('x'));
    await waitFor(async () => (await cidrOf('x')) !== undefined, { message: 'x got a range' });
    const first = await cidrOf('x');
    await h.client.delete('Node', undefined, 'x');
    await h.client.create(node('y'));
    await waitFor(async () => (await cidrOf('y')) !== undefined, { message: 'y got a range' });
    expect(await cidrOf('y')).toBe(first);
  });
});
