import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../api/types.js';
import { createSchedulerCache } from '../../scheduler/cache.js';
import { NO_NODES_MESSAGE, formatUnschedulableMessage, scheduleOne, selectHost, type ScheduleResult } from '../../scheduler/cycle.js';
import { unschedulable, type Profile, type Random, type ScorePlugin } from '../../scheduler/framework.js';
import { log2Nodes, percentageOfNodes } from '../../scheduler/nodes-to-score.js';
import { createSeededRandom } from '../../scheduler/random.js';
import { buildProfile, profileConfigFor, type Scoring } from '../../scheduler/registry.js';
import { makeNode, makePod } from '../support/builders.js';
import { snapshotOf } from './helpers.js';

const spread = buildProfile(profileConfigFor('least-allocated'));
const pack = buildProfile(profileConfigFor('bin-packing'));
const node = (name: string, cpu = '4', memory = '4Gi'): Node => makeNode(name).allocatable({ cpu, memory, pods: '110' }).build();

function nodeOf(r: ScheduleResult): string {
  if (!('node' in r)) throw new Error(`expected a node, got ${JSON.stringify(r)}`);
  return r.node;
}
function messageOf(r: ScheduleResult): string {
  if (!('unschedulable' in r)) throw new Error(`expected unschedulable, got ${JSON.stringify(r)}`);
  return r.unschedulable;
}

/** Schedules `pods` one after another, assuming each onto its node as the scheduler does. */
function placeAll(nodes: Node[], pods: Pod[], profile: Profile, rng: Random): string[] {
  const cache = createSchedulerCache();
  for (const n of nodes) cache.upsertNode(n);
  return pods.map((p) => {
    const name = nodeOf(scheduleOne(p, cache.snapshot(), profile, rng));
    cache.assumePod(p, name);
    return name;
  });
}

const countBy = (names: string[]): Record<string, number> => names.reduce<Record<string, number>>((acc, n) => ({ ...acc, [n]: (acc[n] ?? 0) + 1 }), {});

describe('scheduleOne: the unschedulable message', () => {
  const ssd = { disk: 'ssd' };
  it.each([
    {
      scenario: 'the issue example: 2 too small in memory, 1 selector mismatch',
      nodes: [makeNode('a').labels(ssd).allocatable({ cpu: '4', memory: '1Gi' }).build(),
        makeNode('b').labels(ssd).allocatable({ cpu: '4', memory: '1Gi' }).build(),
        makeNode('c').labels({ disk: 'hdd' }).allocatable({ cpu: '4', memory: '8Gi' }).build()],
      pod: makePod('big').nodeSelector(ssd).requests({ memory: '2Gi' }).build(),
      want: "0/3 nodes are available: 2 Insufficient memory, 1 node(s) didn't match node selector.",
    },
    {
      scenario: 'a node short of both counts under both reasons',
      nodes: [node('a', '1', '1Gi'), node('b', '8', '1Gi')],
      pod: makePod('p').requests({ cpu: '2', memory: '2Gi' }).build(),
      want: '0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.',
    },
    {
      scenario: 'cordoned and not-ready nodes report the first failing filter only',
      nodes: [makeNode('a').unschedulable().ready('False').allocatable({ cpu: '1' }).build(),
        makeNode('b').ready('Unknown').allocatable({ cpu: '1' }).build(), node('c', '1')],
      pod: makePod('p').requests({ cpu: '2' }).build(),
      want: '0/3 nodes are available: 1 Insufficient cpu, 1 node(s) were not ready, 1 node(s) were unschedulable.',
    },
    {
      scenario: 'no pod slots left',
      nodes: [makeNode('a').allocatable({ cpu: '4', memory: '4Gi', pods: '0' }).build()],
      pod: makePod('p').build(),
      want: '0/1 nodes are available: 1 Too many pods.',
    },
    { scenario: 'no nodes at all', nodes: [], pod: makePod('p').build(), want: NO_NODES_MESSAGE },
  ])('$scenario', ({ nodes, pod, want }) => {
    expect(messageOf(scheduleOne(pod, snapshotOf(nodes), spread, createSeededRandom(1)))).toBe(want);
  });

  it('orders reasons by reason text, not by count', () => {
    const reasons = new Map([['node(s) were unschedulable', 1], ['Insufficient cpu', 5], ['Insufficient memory', 2]]);
    expect(formatUnschedulableMessage(8, reasons)).toBe('0/8 nodes are available: 5 Insufficient cpu, 2 Insufficient memory, 1 node(s) were unschedulable.');
  });

  it('reports a PreFilter rejection for every node', () => {
    const rejectAll = { name: 'RejectAll', preFilter: () => unschedulable('pod has an unbound volume') };
    const profile: Profile = { ...spread, preFilter: [rejectAll, ...spread.preFilter] };
    expect(messageOf(scheduleOne(makePod('p').build(), snapshotOf([node('a'), node('b')]), profile, createSeededRandom(1))))
      .toBe('0/2 nodes are available: pod has an unbound volume.');
  });

  it('returns an error (not a message) when a plugin reports Error', () => {
    const r = scheduleOne(makePod('p').requests({ cpu: 'lots' }).build(), snapshotOf([node('a')]), spread, createSeededRandom(1));
    expect(r).toEqual({ error: expect.stringMatching(/^NodeResourcesFit: invalid resource request/) });
  });
});

describe('scheduleOne: placement', () => {
  const pods = (n: number, cpu: string, memory: string): Pod[] => Array.from({ length: n }, (_, i) => makePod(`p${i}`).requests({ cpu, memory }).build());
  const three = [node('a'), node('b'), node('c')];

  it.each<{ scenario: string; scoring: Scoring; count: number; want: number[] }>([
    // least-allocated: each placement lowers that node's score, so the next pod goes elsewhere -> 2/2/2
    { scenario: 'least-allocated spreads 6 pods 2 per node', scoring: 'least-allocated', count: 6, want: [2, 2, 2] },
    // bin-packing: the fullest node that fits wins -> one node takes 4 x 1 cpu, the 5th pod opens a second node
    { scenario: 'bin-packing fills one node before opening the next', scoring: 'bin-packing', count: 5, want: [1, 4] },
  ])('$scenario', ({ scoring, count, want }) => {
    const placed = placeAll(three, pods(count, '1', '1Gi'), scoring === 'bin-packing' ? pack : spread, createSeededRandom(7));
    expect(Object.values(countBy(placed)).sort()).toEqual(want);
  });

  it('assumed pods count: the second pod no longer fits where the first was assumed', () => {
    const cache = createSchedulerCache();
    cache.upsertNode(node('a', '4', '2Gi'));
    const first = makePod('first').requests({ memory: '1536Mi' }).build();
    expect(nodeOf(scheduleOne(first, cache.snapshot(), spread, createSeededRandom(1)))).toBe('a');
    cache.assumePod(first, 'a');
    const second = makePod('second').requests({ memory: '1Gi' }).build();
    expect(messageOf(scheduleOne(second, cache.snapshot(), spread, createSeededRandom(1)))).toBe('0/1 nodes are available: 1 Insufficient memory.');
    cache.forgetPod('default/first');
    expect(nodeOf(scheduleOne(second, cache.snapshot(), spread, createSeededRandom(1)))).toBe('a');
  });

  it('skips scoring when only one node is feasible', () => {
    const r = scheduleOne(makePod('p').nodeSelector({ 'kubernetes.io/hostname': 'b' }).build(), snapshotOf(three), spread, createSeededRandom(1));
    expect(r).toEqual({ node: 'b', score: 0, feasibleNodes: 1, evaluatedNodes: 3 });
  });
});

describe('scheduleOne: tie-break', () => {
  const equal = Array.from({ length: 5 }, (_, i) => node(`n${i}`));
  const sequence = (seed: number): string[] => {
    const rng = createSeededRandom(seed);
    const snap = snapshotOf(equal);
    return Array.from({ length: 20 }, (_, i) => nodeOf(scheduleOne(makePod(`p${i}`).build(), snap, spread, rng)));
  };

  it('is deterministic for a seed', () => { expect(sequence(42)).toEqual(sequence(42)); });
  it('differs across seeds', () => { expect(sequence(42)).not.toEqual(sequence(43)); });
  it('reaches every tied node', () => { expect(new Set(sequence(42)).size).toBe(5); });

  it.each([
    { scenario: 'a single best wins without randomness', totals: [1, 9, 3], want: 1 },
    { scenario: 'the last of two tied picks when intn says 0', totals: [9, 1, 9], want: 2 },
  ])('selectHost: $scenario', ({ totals, want }) => {
    expect(selectHost(totals, { intn: () => 0 })).toBe(want);
  });
});

describe('scheduleOne: scoring pipeline', () => {
  it('applies normalizeScores and weights', () => {
    // Raw scores a=1, b=2; normalize -> a=50, b=100; inverted by a second plugin (weight 3): a=100, b=50.
    // totals: a = 50*1 + 100*3 = 350, b = 100*1 + 50*3 = 250 -> a wins.
    const byName = (s: Record<string, number>): ScorePlugin => ({
      name: `S${Object.keys(s).join('')}${Object.values(s).join('')}`,
      score: (_st, _p, info) => s[info.name] ?? 0,
      normalizeScores: (_st, _p, scores) => {
        const max = Math.max(...scores.map((x) => x.score));
        for (const x of scores) x.score = (x.score * 100) / max;
      },
    });
    const profile: Profile = { ...spread, score: [{ plugin: byName({ a: 1, b: 2 }), weight: 1 }, { plugin: byName({ a: 2, b: 1 }), weight: 3 }] };
    expect(scheduleOne(makePod('p').build(), snapshotOf([node('a'), node('b')]), profile, createSeededRandom(1)))
      .toEqual({ node: 'a', score: 350, feasibleNodes: 2, evaluatedNodes: 2 });
  });

  it('stops filtering after log2(n) feasible nodes when that limit is chosen', () => {
    // 16 nodes: max(2, ceil(log2 16)) = 4 candidates
    const profile = buildProfile(profileConfigFor('least-allocated', 'default-scheduler', log2Nodes));
    const many = Array.from({ length: 16 }, (_, i) => node(`n${i}`));
    const r = scheduleOne(makePod('p').build(), snapshotOf(many), profile, createSeededRandom(3));
    expect(r).toMatchObject({ feasibleNodes: 4, evaluatedNodes: 4 });
  });
});

describe('nodes to score', () => {
  it.each([
    // Nomad: max(2, ceil(log2 n))
    { scenario: 'log2 of 1 node', fn: log2Nodes, n: 1, want: 1 },
    { scenario: 'log2 of 100 nodes: ceil(6.64) = 7', fn: log2Nodes, n: 100, want: 7 },
    { scenario: 'log2 of 3 nodes: max(2, 2) = 2', fn: log2Nodes, n: 3, want: 2 },
    // kube-scheduler: max(100, n * pct / 100), never more than n
    { scenario: '10% of 5000 nodes = 500', fn: percentageOfNodes(10), n: 5000, want: 500 },
    { scenario: '10% of 500 nodes is raised to the 100 minimum', fn: percentageOfNodes(10), n: 500, want: 100 },
    { scenario: '10% of 50 nodes is all 50', fn: percentageOfNodes(10), n: 50, want: 50 },
  ])('$scenario', ({ fn, n, want }) => {
    expect(fn(n)).toBe(want);
  });
});
