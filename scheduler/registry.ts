/**
 * The plugin registry (kube-scheduler `plugins/registry.go`) and the profiles built from it.
 * Adding a plugin is one file in plugins/ and one line in DEFAULT_REGISTRY; a profile then names it.
 */
import {
  isFilterPlugin, isPreFilterPlugin, isScorePlugin,
  type FilterPlugin, type NodesToScore, type Plugin, type PreFilterPlugin, type Profile, type ScorePlugin,
} from './framework.js';
import { allNodes } from './nodes-to-score.js';
import * as balanced from './plugins/balanced-allocation.js';
import * as binPack from './plugins/bin-pack.js';
import * as leastAllocated from './plugins/least-allocated.js';
import * as fit from './plugins/node-resources-fit.js';
import * as ready from './plugins/node-ready.js';
import * as selector from './plugins/node-selector.js';
import * as nodeUnschedulable from './plugins/node-unschedulable.js';

/** Makes a fresh plugin instance. Called once per profile build; the instance is reused for every cycle. */
export type PluginFactory = () => Plugin;

/** Plugin name -> factory. */
export type Registry = Readonly<Record<string, PluginFactory>>;

export const DEFAULT_REGISTRY: Registry = Object.freeze({
  [nodeUnschedulable.NAME]: nodeUnschedulable.createNodeUnschedulable,
  [ready.NAME]: ready.createNodeReady,
  [selector.NAME]: selector.createNodeSelector,
  [fit.NAME]: fit.createNodeResourcesFit,
  [leastAllocated.NAME]: () => leastAllocated.createLeastAllocated(),
  [balanced.NAME]: balanced.createBalancedAllocation,
  [binPack.NAME]: binPack.createBinPack,
});

/**
 * Which plugins a profile runs. `filters` lists PreFilter/Filter plugins in the order they run (a node
 * reports the reason of its first failing filter, so cheap and decisive checks go first, as in
 * kube-scheduler's default order). `scores` gives each score plugin's weight.
 */
export interface ProfileConfig {
  readonly schedulerName: string;
  readonly filters: readonly string[];
  readonly scores: readonly { readonly name: string; readonly weight: number }[];
  readonly nodesToScore?: NodesToScore;
}

/** The scoring strategies a scheduler can be started with. */
export type Scoring = 'least-allocated' | 'bin-packing';

export const DEFAULT_FILTERS: readonly string[] = Object.freeze([nodeUnschedulable.NAME, ready.NAME, selector.NAME, fit.NAME]);

const SCORES: Readonly<Record<Scoring, ProfileConfig['scores']>> = {
  // Spread: kube-scheduler's default NodeResourcesFit(LeastAllocated) + NodeResourcesBalancedAllocation.
  'least-allocated': [{ name: leastAllocated.NAME, weight: 1 }, { name: balanced.NAME, weight: 1 }],
  // Pack: Nomad's best-fit alone, so the fullest node that fits wins.
  'bin-packing': [{ name: binPack.NAME, weight: 1 }],
};

/** The profile config for a scoring strategy. */
export function profileConfigFor(scoring: Scoring, schedulerName = 'default-scheduler', nodesToScore?: NodesToScore): ProfileConfig {
  return { schedulerName, filters: DEFAULT_FILTERS, scores: SCORES[scoring], ...(nodesToScore ? { nodesToScore } : {}) };
}

function instantiate(name: string, registry: Registry, made: Map<string, Plugin>): Plugin {
  const existing = made.get(name);
  if (existing) return existing;
  const factory = registry[name];
  if (!factory) throw new Error(`scheduler profile names unknown plugin "${name}"`);
  const plugin = factory();
  made.set(name, plugin);
  return plugin;
}

/**
 * Instantiates a profile's plugins (one instance per name, shared across extension points).
 * Throws on a config bug: an unknown name, a filter entry that is neither PreFilter nor Filter, a score
 * entry that is no ScorePlugin, or a negative weight.
 */
export function buildProfile(config: ProfileConfig, registry: Registry = DEFAULT_REGISTRY): Profile {
  const made = new Map<string, Plugin>();
  const preFilter: PreFilterPlugin[] = [];
  const filter: FilterPlugin[] = [];
  for (const name of config.filters) {
    const p = instantiate(name, registry, made);
    if (!isPreFilterPlugin(p) && !isFilterPlugin(p)) throw new Error(`plugin "${name}" has no PreFilter or Filter`);
    if (isPreFilterPlugin(p)) preFilter.push(p);
    if (isFilterPlugin(p)) filter.push(p);
  }
  const score: { plugin: ScorePlugin; weight: number }[] = [];
  for (const { name, weight } of config.scores) {
    const p = instantiate(name, registry, made);
    if (!isScorePlugin(p)) throw new Error(`plugin "${name}" is not a score plugin`);
    if (!(weight >= 0)) throw new Error(`plugin "${name}" has invalid weight ${weight}`);
    score.push({ plugin: p, weight });
  }
  return { schedulerName: config.schedulerName, preFilter, filter, score, nodesToScore: config.nodesToScore ?? allNodes };
}
