/** The namespace controller's pure parts: when a namespace is terminating, and in what order to empty it. */
import { RESOURCES, type KindDefinition as ResourceInfo } from '../../api/resources.js';
import type { KubeObject, Namespace } from '../../api/types.js';


/** A namespace being deleted: it has a deletionTimestamp or phase Terminating. */
export function isTerminating(ns: Namespace): boolean {
  return Boolean(ns.metadata.deletionTimestamp) || ns.status?.phase === 'Terminating';
}

/** Owners first (kinds declare namespaceDeletion 'first'), so they cannot recreate what is deleted after them; Events last. */
function rank(r: ResourceInfo): number {
  return r.namespaceDeletion === 'first' ? 0 : r.namespaceDeletion === 'last' ? 2 : 1;
}

/** Every namespaced kind, in the order a terminating namespace is emptied (stable otherwise). */
export function deletionOrder(resources: readonly ResourceInfo[] = RESOURCES): ResourceInfo[] {
  return resources.filter((r) => r.namespaced).map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map(({ r }) => r);
}

/**
 * Whether an object still exists after our DELETE answered with `answer`: the server answers a
 * graceful delete with the object carrying deletionTimestamp, an immediate one with the last state
 * (no deletionTimestamp) or a Status.
 */
export function stillTerminating(answer: KubeObject | { kind?: string }): boolean {
  return 'metadata' in answer && typeof answer.metadata === 'object' && answer.metadata !== null &&
    Boolean((answer.metadata as { deletionTimestamp?: string }).deletionTimestamp);
}
