/**
 * One scheduling cycle for one pod (kube-scheduler `schedule_one.go`, minus the IO): PreFilter, Filter
 * until enough feasible nodes are found, Score, weight and sum, pick the best with a seeded tie-break.
 * Pure: it reads the snapshot and returns a decision. Reserve (assume) and bind are the caller's job.
 */
import type { Pod } from '../api/types.js';
import { CycleState, type NodeInfo, type NodeScore, type Profile, type Random } from './framework.js';

/** The pod fits on `node`. `feasibleNodes` were found after filtering `evaluatedNodes`. */
export interface Scheduled {
  readonly node: string;
  readonly score: number;
  readonly feasibleNodes: number;
  readonly evaluatedNodes: number;
}

/**
 * No node fits. `unschedulable` is the message for the pod's PodScheduled condition and the
 * FailedScheduling event; `reasons` counts, per reason, how many nodes reported it.
 */
export interface Unschedulable {
  readonly unschedulable: string;
  readonly reasons: ReadonlyMap<string, number>;
}

/** A plugin reported Error (a bug or invalid input); the pod is retried with backoff. */
export interface CycleError {
  readonly error: string;
}

export type ScheduleResult = Scheduled | Unschedulable | CycleError;

/** kube-scheduler's ErrNoNodesAvailable. */
export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';

/**
 * "0/3 nodes are available: 2 Insufficient memory, 1 node(s) didn't match node selector."
 * Entries are "<count> <reason>", ordered by reason (code-unit order, so capitalised reasons first).
 */
export function formatUnschedulableMessage(numAllNodes: number, reasons: ReadonlyMap<string, number>): string {
  const parts = [...reasons.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([reason, count]) => `${count} ${reason}`);
  return `0/${numAllNodes} nodes are available: ${parts.join(', ')}.`;
}

type Step<T> = { ok: T } | { result: Unschedulable | CycleError };

function runPreFilters(state: CycleState, pod: Pod, profile: Profile, numAllNodes: number): Step<true> {
  for (const p of profile.preFilter) {
    const s = p.preFilter(state, pod);
    if (s.code === 'Skip') state.skip('Filter', p.name);
    else if (s.code === 'Error') return { result: { error: `${p.name}: ${s.reasons.join(', ')}` } };
    else if (s.code === 'Unschedulable') {
      const reasons = new Map(s.reasons.map((r) => [r, numAllNodes] as const));
      return { result: { unschedulable: `0/${numAllNodes} nodes are available: ${s.reasons.join(', ')}.`, reasons } };
    }
  }
  return { ok: true };
}

/** Runs the filters on one node: undefined when it passes, else the first failing status's reasons. */
function filterNode(state: CycleState, pod: Pod, profile: Profile, info: NodeInfo): { failed: readonly string[]; error?: string } | undefined {
  for (const p of profile.filter) {
    if (state.isSkipped('Filter', p.name)) continue;
    const s = p.filter(state, pod, info);
    if (s.code === 'Success' || s.code === 'Skip') continue;
    if (s.code === 'Error') return { failed: [], error: `${p.name}: ${s.reasons.join(', ')}` };
    return { failed: s.reasons };
  }
  return undefined;
}

/**
 * Filters nodes, starting at a random offset when only some are wanted (so load rotates), until
 * `nodesToScore` feasible nodes are found or every node was tried.
 */
function findFeasible(state: CycleState, pod: Pod, profile: Profile, snapshot: readonly NodeInfo[], rng: Random): Step<{ feasible: NodeInfo[]; evaluated: number }> {
  const n = snapshot.length;
  const limit = Math.min(n, Math.max(1, profile.nodesToScore(n)));
  const start = limit < n ? rng.intn(n) : 0;
  const feasible: NodeInfo[] = [];
  const reasons = new Map<string, number>();
  let evaluated = 0;
  for (let i = 0; i < n && feasible.length < limit; i++) {
    const info = snapshot[(start + i) % n];
    if (!info) continue;
    evaluated++;
    const failure = filterNode(state, pod, profile, info);
    if (!failure) { feasible.push(info); continue; }
    if (failure.error !== undefined) return { result: { error: failure.error } };
    for (const r of failure.failed) reasons.set(r, (reasons.get(r) ?? 0) + 1);
  }
  if (feasible.length === 0) return { result: { unschedulable: formatUnschedulableMessage(n, reasons), reasons } };
  return { ok: { feasible, evaluated } };
}

/** Weighted sum of every score plugin's (normalized) score, per feasible node, in `feasible` order. */
export function scoreNodes(state: CycleState, pod: Pod, profile: Profile, feasible: readonly NodeInfo[]): number[] {
  const totals = feasible.map(() => 0);
  for (const { plugin, weight } of profile.score) {
    if (plugin.preScore?.(state, pod, feasible).code === 'Skip') continue;
    const scores: NodeScore[] = feasible.map((info) => ({ name: info.name, score: plugin.score(state, pod, info) }));
    plugin.normalizeScores?.(state, pod, scores);
    scores.forEach((s, i) => { totals[i] = (totals[i] ?? 0) + s.score * weight; });
  }
  return totals;
}

/** Index of the highest total; ties are broken uniformly at random by reservoir sampling. */
export function selectHost(totals: readonly number[], rng: Random): number {
  let best = -1, bestScore = -Infinity, ties = 0;
  totals.forEach((t, i) => {
    if (t > bestScore) { best = i; bestScore = t; ties = 1; }
    else if (t === bestScore) { ties++; if (rng.intn(ties) === 0) best = i; }
  });
  return best;
}

/**
 * Decides where `pod` goes on the nodes in `snapshot` (pods already bound or assumed included in each
 * NodeInfo). Pure and synchronous; `rng` breaks ties, so a seeded Random makes the result reproducible.
 */
export function scheduleOne(pod: Pod, snapshot: readonly NodeInfo[], profile: Profile, rng: Random): ScheduleResult {
  if (snapshot.length === 0) return { unschedulable: NO_NODES_MESSAGE, reasons: new Map() };
  const state = new CycleState();
  const pre = runPreFilters(state, pod, profile, snapshot.length);
  if ('result' in pre) return pre.result;
  const found = findFeasible(state, pod, profile, snapshot, rng);
  if ('result' in found) return found.result;
  const { feasible, evaluated } = found.ok;
  const only = feasible.length === 1 ? feasible[0] : undefined;
  if (only) return { node: only.name, score: 0, feasibleNodes: 1, evaluatedNodes: evaluated };
  const totals = scoreNodes(state, pod, profile, feasible);
  const i = selectHost(totals, rng);
  const chosen = feasible[i];
  if (!chosen) return { error: 'no node selected from a non-empty feasible list' };
  return { node: chosen.name, score: totals[i] ?? 0, feasibleNodes: feasible.length, evaluatedNodes: evaluated };
}
