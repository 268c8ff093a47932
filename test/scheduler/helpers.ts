/** Small helpers for the scheduler tests: NodeInfos built through the real cache. */
import type { Node, Pod } from '../../api/types.js';
import { createSchedulerCache } from '../../scheduler/cache.js';
import type { NodeInfo } from '../../scheduler/framework.js';

/** The NodeInfo of `node` with `pods` bound to it. */
export function nodeInfoOf(node: Node, ...pods: Pod[]): NodeInfo {
  const cache = createSchedulerCache();
  cache.upsertNode(node);
  const name = node.metadata.name ?? '';
  for (const p of pods) cache.upsertPod({ ...p, spec: { ...p.spec, nodeName: name } });
  const info = cache.snapshot().find((i) => i.name === name);
  if (!info) throw new Error(`no NodeInfo for ${name}`);
  return info;
}

/** NodeInfos for several nodes, pods placed by their spec.nodeName. */
export function snapshotOf(nodes: Node[], pods: Pod[] = []): readonly NodeInfo[] {
  const cache = createSchedulerCache();
  for (const n of nodes) cache.upsertNode(n);
  for (const p of pods) cache.upsertPod(p);
  return cache.snapshot();
}
