import { describe, expect, it } from 'vitest';
import type { Node, NodeCondition } from '../../../api/types.js';
import {
  lastSeenMs, nodeHealth, notReadyConditions, podsMustBeNotReady, podsToMarkNotReady, unknownConditions,
} from '../../../controllers/nodelifecycle/plan.js';
import { makeNode, makePod } from '../../support/builders.js';

const GRACE = 40_000;
const NOW = new Date('2024-01-01T00:10:00Z');
const NOW_MS = NOW.getTime();
/** An RFC 3339 time `ms` before NOW. */
const ago = (ms: number): string => new Date(NOW_MS - ms).toISOString();

/** A node as the agent leaves it: the four conditions, all with the same heartbeat. */
function agentNode(heartbeat: string, created = ago(3_600_000)): Node {
  const cond = (type: string, status: 'True' | 'False', reason: string): NodeCondition =>
    ({ type, status, reason, message: `${type} message`, lastHeartbeatTime: heartbeat, lastTransitionTime: created });
  const node = makeNode('n1').build();
  node.metadata.creationTimestamp = created;
  node.status = {
    conditions: [
      cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory'), cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure'),
      cond('PIDPressure', 'False', 'KubeletHasSufficientPID'), cond('Ready', 'True', 'KubeletReady'),
    ],
  };
  return node;
}

/** A node without any Ready condition (registered, never heartbeat). */
function silentNode(created: string): Node {
  const node = makeNode('n1').ready(undefined).build();
  node.metadata.creationTimestamp = created;
  return node;
}

describe('nodeHealth (grace 40 s, now 00:10:00)', () => {
  it.each([
    // staleInMs = heartbeat + grace - now + 1 (stale means strictly past the deadline).
    { scenario: 'fresh heartbeat (5 s ago)', node: agentNode(ago(5_000)), want: { stale: false, staleInMs: 35_001 } },
    { scenario: 'heartbeat exactly at grace (40 s ago): still fine', node: agentNode(ago(GRACE)), want: { stale: false, staleInMs: 1 } },
    { scenario: 'heartbeat 1 ms past grace', node: agentNode(ago(GRACE + 1)), want: { stale: true } },
    { scenario: 'stale heartbeat (5 min ago)', node: agentNode(ago(300_000)), want: { stale: true } },
    { scenario: 'no Ready condition, created 10 s ago', node: silentNode(ago(10_000)), want: { stale: false, staleInMs: 30_001 } },
    { scenario: 'no Ready condition, created 2 min ago', node: silentNode(ago(120_000)), want: { stale: true } },
    { scenario: 'heartbeat not a date: creation time counts', node: agentNode('yesterday', ago(120_000)), want: { stale: true } },
    { scenario: 'heartbeat in the future (clock skew)', node: agentNode(new Date(NOW_MS + 60_000).toISOString()), want: { stale: false, staleInMs: 100_001 } },
  ])('$scenario', ({ node, want }) => {
    expect(nodeHealth(node, NOW_MS, GRACE)).toEqual(want);
  });

  it('a controller that started 10 s ago gives an old node the rest of a full grace period', () => {
    const startedAt = NOW_MS - 10_000;
    expect(lastSeenMs(agentNode(ago(300_000)), startedAt)).toBe(startedAt);
    expect(nodeHealth(agentNode(ago(300_000)), NOW_MS, GRACE, startedAt)).toEqual({ stale: false, staleInMs: 30_001 });
    expect(nodeHealth(agentNode(ago(300_000)), NOW_MS + 30_001, GRACE, startedAt)).toEqual({ stale: true });
  });

  it('a node with no time at all is never judged (until the controller start time gives it one)', () => {
    const node = makeNode('n1').ready(undefined).build();
    expect(nodeHealth(node, NOW_MS, GRACE)).toEqual({ stale: false });
    expect(nodeHealth(node, NOW_MS, GRACE, NOW_MS - GRACE - 1)).toEqual({ stale: true });
  });
});

describe('unknownConditions', () => {
  it('turns Ready and the pressure conditions Unknown; heartbeats kept, transitions now', () => {
    const heartbeat = ago(300_000);
    const node = agentNode(heartbeat);
    node.status?.conditions?.push({ type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated' });
    const got = unknownConditions(node, NOW);
    expect(got?.map((c) => `${c.type}=${c.status}`)).toEqual(['MemoryPressure=Unknown', 'DiskPressure=Unknown', 'PIDPressure=Unknown', 'Ready=Unknown', 'NetworkUnavailable=False']);
    expect(got?.find((c) => c.type === 'Ready')).toEqual({
      type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.',
      lastHeartbeatTime: heartbeat, lastTransitionTime: NOW.toISOString(),
    });
  });

  it('adds the conditions a node never reported (NodeStatusNeverUpdated, heartbeat = creation time)', () => {
    const created = ago(120_000);
    const got = unknownConditions(silentNode(created), NOW);
    expect(got).toHaveLength(4);
    expect(got?.find((c) => c.type === 'Ready')).toEqual({
      type: 'Ready', status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.',
      lastHeartbeatTime: created, lastTransitionTime: NOW.toISOString(),
    });
  });

  it('already Unknown: no change, so no write', () => {
    const node = agentNode(ago(300_000));
    const once = unknownConditions(node, new Date(NOW_MS - 60_000));
    node.status = { ...node.status, conditions: once ?? [] };
    expect(once).toBeDefined();
    expect(unknownConditions(node, NOW)).toBeUndefined();
  });
});

describe('pods on a node that is not ready', () => {
  it.each([
    { scenario: 'Ready=True', node: makeNode('n1').ready('True').build(), want: false },
    { scenario: 'Ready=Unknown', node: makeNode('n1').ready('Unknown').build(), want: true },
    { scenario: 'Ready=False', node: makeNode('n1').ready('False').build(), want: true },
    { scenario: 'no Ready condition yet', node: makeNode('n1').ready(undefined).build(), want: false },
  ])('podsMustBeNotReady: $scenario -> $want', ({ node, want }) => {
    expect(podsMustBeNotReady(node)).toBe(want);
  });

  it('Ready=True becomes False (transition now, reason kept); other conditions untouched', () => {
    const pod = makePod('web').nodeName('n1').ready('2024-01-01T00:00:00Z')
      .condition({ type: 'ContainersReady', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }).build();
    expect(notReadyConditions(pod, NOW)).toEqual([
      { type: 'Ready', status: 'False', lastTransitionTime: NOW.toISOString() },
      { type: 'ContainersReady', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' },
    ]);
  });

  it.each([
    { scenario: 'already Ready=False', pod: makePod('a').nodeName('n1').condition({ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }).build() },
    { scenario: 'no Ready condition (not started yet)', pod: makePod('a').nodeName('n1').phase('Pending').build() },
  ])('no write when $scenario', ({ pod }) => {
    expect(notReadyConditions(pod, NOW)).toBeUndefined();
  });

  it('podsToMarkNotReady picks only this node\'s pods that still claim Ready', () => {
    const pods = [
      makePod('here-ready').nodeName('n1').ready().build(),
      makePod('here-unready').nodeName('n1').condition({ type: 'Ready', status: 'False' }).build(),
      makePod('elsewhere').nodeName('n2').ready().build(),
      makePod('unbound').ready().build(),
      makePod('here-unknown').nodeName('n1').condition({ type: 'Ready', status: 'Unknown' }).build(),
    ];
    expect(podsToMarkNotReady(pods, 'n1', NOW).map((p) => p.pod.metadata.name)).toEqual(['here-ready', 'here-unknown']);
  });
});
