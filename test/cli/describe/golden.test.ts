/**
 * Golden tests: `kubectl describe` (v1.32) output captured against a Tugboat cluster, next to the
 * objects it was describing. tug must print the same text (kubectl's trailing spaces stripped, and
 * the Lease line left out: Tugboat has no node leases).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Deployment, Event, KubeList, Node, Pod, ReplicaSet, Service } from '../../../api/types.js';
import { describeNode } from '../../../cli/describe/node.js';
import { describePod } from '../../../cli/describe/pod.js';
import { describeService } from '../../../cli/describe/service.js';
import { describeDeployment, describeReplicaSet } from '../../../cli/describe/workloads.js';

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

describe('describe output matches kubectl for workloads and services', () => {
  const at = new Date(golden('now2.txt').trim());

  it('deployment', () => {
    const rs = json<KubeList<ReplicaSet>>('deploy-rs.json').items;
    const events = json<KubeList<Event>>('deploy-events.json').items;
    expect(describeDeployment(json<Deployment>('deploy.json'), rs, events, at)).toBe(golden('deploy.txt'));
  });

  it('replicaset', () => {
    const pods = json<KubeList<Pod>>('rs-pods.json').items;
    const events = json<KubeList<Event>>('rs-events.json').items;
    expect(describeReplicaSet(json<ReplicaSet>('rs.json'), pods, events, at)).toBe(golden('rs.txt'));
  });

  it('service (no EndpointSlices: Endpoints <none>)', () => {
    expect(describeService(json<Service>('svc.json'), [], [], at)).toBe(golden('svc.txt'));
  });
});
