/**
 * Scheduler throughput: schedules 1000 pods onto 100 nodes with the pure cycle and the cache (assume
 * after every decision, as the running scheduler does), and prints pods/s for each profile.
 *
 *   npm run build && node dist/bench/scheduler-throughput.js [pods] [nodes]
 *
 * Baseline: ~100 pods/s for kube-scheduler on the same shape, the figure the project brief attributes to
 * the upstream scheduler_perf docs (kubernetes/kubernetes test/integration/scheduler_perf, metric
 * SchedulingThroughput). It was not re-measured here, and it covers kube-scheduler end to end against a
 * real API server, whereas this bench times the in-process decision loop only (no HTTP, no binds) —
 * read the ratio as "the cycle is not the bottleneck", not as an end-to-end comparison.
 */
import type { Node, Pod } from '../api/types.js';
import { createSchedulerCache } from '../scheduler/cache.js';
import { scheduleOne } from '../scheduler/cycle.js';
import type { NodesToScore } from '../scheduler/framework.js';
import { allNodes, log2Nodes } from '../scheduler/nodes-to-score.js';
import { createSeededRandom } from '../scheduler/random.js';
import { buildProfile, profileConfigFor, type Scoring } from '../scheduler/registry.js';

const KUBE_SCHEDULER_BASELINE_PODS_PER_SEC = 100;

function makeNodes(n: number): Node[] {
  return Array.from({ length: n }, (_, i) => ({
    apiVersion: 'v1', kind: 'Node',
    metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}` }, resourceVersion: '1' },
    spec: {},
    status: { allocatable: { cpu: '4', memory: '16Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  }));
}

function makePods(n: number): Pod[] {
  return Array.from({ length: n }, (_, i) => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace: 'default', uid: `uid-${i}` },
    spec: { containers: [{ name: 'c', image: 'pause', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
  }));
}

/** Schedules every pod once; returns elapsed ms and how many were placed. */
function run(nodes: Node[], pods: Pod[], scoring: Scoring, nodesToScore: NodesToScore): { ms: number; placed: number } {
  const profile = buildProfile(profileConfigFor(scoring, 'default-scheduler', nodesToScore));
  const cache = createSchedulerCache();
  for (const n of nodes) cache.upsertNode(n);
  const rng = createSeededRandom(1);
  let placed = 0;
  const start = performance.now();
  for (const pod of pods) {
    const r = scheduleOne(pod, cache.snapshot(), profile, rng);
    if ('node' in r) { cache.assumePod(pod, r.node); placed++; }
  }
  return { ms: performance.now() - start, placed };
}

function main(): void {
  const podCount = Number(process.argv[2] ?? 1000);
  const nodeCount = Number(process.argv[3] ?? 100);
  const nodes = makeNodes(nodeCount);
  const pods = makePods(podCount);
  console.log(`scheduling ${podCount} pods onto ${nodeCount} nodes (pure cycle + cache, no API calls)`);
  const cases: [string, Scoring, NodesToScore][] = [
    ['least-allocated, all nodes', 'least-allocated', allNodes],
    ['least-allocated, log2 nodes', 'least-allocated', log2Nodes],
    ['bin-packing, all nodes', 'bin-packing', allNodes],
  ];
  for (const [label, scoring, limit] of cases) {
    run(nodes, pods, scoring, limit); // warm-up: let the JIT settle
    const { ms, placed } = run(nodes, pods, scoring, limit);
    const perSec = (placed / ms) * 1000;
    const ratio = perSec / KUBE_SCHEDULER_BASELINE_PODS_PER_SEC;
    console.log(`${label.padEnd(30)} ${placed} placed in ${ms.toFixed(1)} ms = ${perSec.toFixed(0)} pods/s (${ratio.toFixed(1)}x the ~${KUBE_SCHEDULER_BASELINE_PODS_PER_SEC} pods/s kube-scheduler baseline)`);
  }
}

main();
