/**
 * Golden tests: `kubectl describe` (v1.32) output captured against a Tugboat cluster, next to the
 * objects it was describing. tug must print the same text (kubectl's trailing spaces stripped, and
 * the Lease line left out: Tugboat has no node leases).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Event, KubeList, Node, Pod } from '../../../api/types.js';
import { describeNode } from '../../../cli/describe/node.js';
import { describePod } from '../../../cli/describe/pod.js';

const golden = (name: string): string => readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8');
const json = <T>(name: string): T => JSON.parse(golden(name)) as T;
/** When kubectl ran (pod: first line of now.txt, node: second), so ages come out the same. */
const [podAt, nodeAt] = golden('now.txt').split('\n').map((t) => new Date(t));

describe('describe output matches kubectl byte for byte', () => {
  it('pod', () => {
    const events = json<KubeList<Event>>('pod-events.json').items;
    expect(describePod(json<Pod>('pod.json'), events, podAt ?? new Date())).toBe(golden('pod.txt'));
  });

  it('node', () => {
    const pods = json<KubeList<Pod>>('node-pods.json').items;
    expect(describeNode(json<Node>('node.json'), pods, [], nodeAt ?? new Date())).toBe(golden('node.txt'));
  });
});
