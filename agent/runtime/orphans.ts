/**
 * Orphan collection: containers of this node and cluster (scope.ts) whose pod no longer exists (deleted while
 * the agent was down, or a sync that never ran). Only safe after the pod informer has synced: an
 * empty cache would make every container look orphaned.
 */
import type { Logger } from 'pino';
import { LABEL_POD_UID } from './labels.js';
import type { ContainerRuntime, ContainerSummary } from './runtime.js';
import { listInScope } from './scope.js';

/** Containers whose pod uid is not among `liveUids`. Pure. */
export function findOrphans(containers: readonly ContainerSummary[], liveUids: ReadonlySet<string>): ContainerSummary[] {
  return containers.filter((c) => !liveUids.has(c.labels[LABEL_POD_UID] ?? ''));
}

/** What a sweep needs. */
export interface SweepDeps {
  runtime: ContainerRuntime;
  nodeName: string;
  /** Containers labelled with another cluster id are never swept (another cluster's agent owns them). */
  clusterId: string;
  /** Uids of the pods bound to this node, from the synced cache. Read after listing the containers. */
  liveUids(): ReadonlySet<string>;
  log: Logger;
}

/**
 * Removes this node's orphaned containers; returns how many. The pods are read after the containers
 * are listed, so a container created meanwhile for a new pod is never mistaken for an orphan.
 */
export async function sweepOrphans(deps: SweepDeps): Promise<number> {
  const containers = await listInScope(deps.runtime, deps);
  const orphans = findOrphans(containers, deps.liveUids());
  if (orphans.length === 0) return 0;
  deps.log.info({ containers: orphans.map((c) => c.name) }, 'removing orphaned containers');
  await Promise.all(orphans.map((c) => deps.runtime.remove(c.id)));
  return orphans.length;
}
