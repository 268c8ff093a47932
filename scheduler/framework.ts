/**
 * The scheduling framework: the extension points a plugin can implement and the values they exchange
 * (after kube-scheduler `framework/interface.go`). A cycle runs, for one pod:
 *
 *   PreFilter (once per pod) -> Filter (per node) -> PreScore (once) -> Score (per feasible node)
 *     -> NormalizeScore -> weight and sum -> pick the best node (seeded tie-break)
 *
 * Every method is pure: it reads the pod, the NodeInfo and the CycleState and returns a value.
 * Expected outcomes ("this node is too small") are Status values; only bugs throw.
 */
import type { Node, Pod } from '../api/types.js';

/** What a plugin method concluded. */
export type StatusCode =
  /** Go on: the pod passes this check. */
  | 'Success'
  /** The pod cannot run here (Filter) or at all right now (PreFilter); `reasons` say why. */
  | 'Unschedulable'
  /** The plugin has nothing to say for this pod; later calls of this plugin are skipped this cycle. */
  | 'Skip'
  /** A bug or impossible input: the cycle stops and the pod is retried with backoff. */
  | 'Error';

/**
 * A plugin's verdict. `reasons` are short, stable strings kept as constants in each plugin file
 * ('Insufficient cpu', "node(s) didn't match node selector"); the cycle counts them per node to build
 * "0/3 nodes are available: 2 Insufficient memory, 1 node(s) didn't match node selector."
 */
export interface Status {
  readonly code: StatusCode;
  readonly reasons: readonly string[];
}

export const SUCCESS: Status = Object.freeze({ code: 'Success', reasons: Object.freeze([]) });
export const SKIP: Status = Object.freeze({ code: 'Skip', reasons: Object.freeze([]) });
export function unschedulable(...reasons: string[]): Status { return { code: 'Unschedulable', reasons }; }
export function errorStatus(message: string): Status { return { code: 'Error', reasons: [message] }; }

/** Amounts of the resources the scheduler accounts for. */
export interface Resources {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly pods: number;
}

/**
 * One node as the cycle sees it: the Node object, what it can give (allocatable) and what the pods
 * bound or assumed to it already request. Immutable: the cache replaces a NodeInfo when it changes, so a
 * snapshot taken for one cycle stays consistent.
 */
export interface NodeInfo {
  readonly name: string;
  readonly node: Node;
  /** status.allocatable (capacity when allocatable is absent); pods defaults to 110 as the kubelet does. */
  readonly allocatable: Resources;
  /** Sum of the requests of the pods on the node (requests default to limits, per container). */
  readonly requested: Resources;
  /**
   * Like `requested`, but a container that requests no cpu/memory counts as 100m/200Mi, so scoring still
   * spreads pods that declare nothing (kube-scheduler `GetNonzeroRequests`).
   */
  readonly nonZeroRequested: Resources;
}

/** A typed slot in the CycleState; create one per plugin value with `stateKey<T>('Plugin/name')`. */
export interface StateKey<T> {
  readonly name: string;
  /** Phantom field that carries T; never set. */
  readonly __type?: T;
}

export function stateKey<T>(name: string): StateKey<T> { return { name }; }

/**
 * Per-pod scratch space for one cycle: PreFilter writes what it worked out once (the pod's summed
 * requests); Filter and Score read it for every node. A fresh CycleState is made for every pod.
 */
export class CycleState {
  private readonly values = new Map<string, unknown>();
  private readonly skipped = new Set<string>();

  write<T>(key: StateKey<T>, value: T): void { this.values.set(key.name, value); }

  read<T>(key: StateKey<T>): T | undefined {
    // The map is only written through write<T>() with the same key, so the cast cannot lie.
    return this.values.get(key.name) as T | undefined;
  }

  /** Marks a plugin as having returned Skip for this pod at one extension point. */
  skip(point: 'Filter' | 'Score', plugin: string): void { this.skipped.add(`${point}/${plugin}`); }
  isSkipped(point: 'Filter' | 'Score', plugin: string): boolean { return this.skipped.has(`${point}/${plugin}`); }
}

/** Every plugin has a unique name; the registry and profiles refer to it. */
export interface Plugin {
  readonly name: string;
}

/**
 * Called once per pod before any Filter. Works out per-pod values (summed requests) and stores them in
 * the CycleState. Unschedulable means no node can take the pod (the message is reported as is);
 * Skip means this plugin's Filter is not run for this pod.
 */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod): Status;
}

/**
 * Called for each node: can this node run this pod? Success, or Unschedulable with the reasons.
 * Must not change the NodeInfo or the pod. The cycle stops at a node's first failing filter, so the
 * order of filters in a profile decides which reason a node reports (cheap, decisive checks first).
 */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status;
}

/** A node's score from one plugin. */
export interface NodeScore {
  readonly name: string;
  score: number;
}

/** Scores are bounded: every plugin returns 0..MAX_NODE_SCORE after normalization. */
export const MAX_NODE_SCORE = 100;

/**
 * Ranks the feasible nodes. `preScore` (optional) runs once with the feasible nodes; Skip there leaves
 * this plugin out of the cycle. `score` returns 0..100 for one node (higher is better) and must be pure.
 * `normalizeScores` (optional) may rescale all nodes' scores in place to 0..100 before the weights apply.
 */
export interface ScorePlugin extends Plugin {
  preScore?(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status;
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number;
  normalizeScores?(state: CycleState, pod: Pod, scores: NodeScore[]): void;
}

export function isPreFilterPlugin(p: Plugin): p is PreFilterPlugin {
  return typeof (p as Partial<PreFilterPlugin>).preFilter === 'function';
}
export function isFilterPlugin(p: Plugin): p is FilterPlugin {
  return typeof (p as Partial<FilterPlugin>).filter === 'function';
}
export function isScorePlugin(p: Plugin): p is ScorePlugin {
  return typeof (p as Partial<ScorePlugin>).score === 'function';
}

/**
 * How many feasible nodes to find before scoring stops the search (Nomad's LimitIterator,
 * kube-scheduler's percentageOfNodesToScore). Receives the number of nodes in the snapshot and returns
 * a count >= 1. Finding fewer nodes makes large clusters cheaper at the cost of a less optimal pick.
 */
export type NodesToScore = (numAllNodes: number) => number;

/** A seeded source of randomness, injected so tie-breaks are reproducible in tests. */
export interface Random {
  /** An integer in [0, n). */
  intn(n: number): number;
}

/** A profile: the plugins one scheduler runs, in order, and the weight of each score plugin. */
export interface Profile {
  readonly schedulerName: string;
  readonly preFilter: readonly PreFilterPlugin[];
  readonly filter: readonly FilterPlugin[];
  readonly score: readonly { readonly plugin: ScorePlugin; readonly weight: number }[];
  readonly nodesToScore: NodesToScore;
}
