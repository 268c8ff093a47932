/**
 * Owner references: building the controller reference a child carries, and claiming children
 * (ControllerRefManager): keep what the owner controls and still selects, adopt selected orphans,
 * release controlled children the selector no longer matches.
 */
import { matchesLabels, type Selector } from '../../api/selector.js';
import { controllerOf, type KubeObject, type OwnerReference } from '../../api/types.js';

/** The ownerReferences entry a controller puts on the children it creates or adopts. */
export function controllerRefFor(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** True when `obj`'s controller reference points at `owner` (by uid). */
export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const ref = controllerOf(obj);
  return ref !== undefined && ref.uid === owner.metadata.uid;
}

/** What claiming decides for one candidate child. */
export type ClaimDecision = 'keep' | 'adopt' | 'release' | 'ignore';

/**
 * Decides what the owner does with a candidate in its namespace: keep (controlled and selected),
 * release (controlled, no longer selected), adopt (orphan, selected, neither side being deleted), or
 * ignore (someone else's, or not selected). An empty selector selects nothing, as in Kubernetes.
 */
export function claimDecision(obj: KubeObject, owner: KubeObject, selector: Selector): ClaimDecision {
  const selected = selector.length > 0 && matchesLabels(selector, obj.metadata.labels);
  if (isControlledBy(obj, owner)) return selected ? 'keep' : 'release';
  if (controllerOf(obj) !== undefined || !selected) return 'ignore';
  if (owner.metadata.deletionTimestamp || obj.metadata.deletionTimestamp) return 'ignore';
  return 'adopt';
}

/**
 * A JSON merge patch that appends the owner's controller reference. The resourceVersion makes the
 * server reject it (409) if the child changed since we read it, e.g. another owner adopted it first.
 */
export function adoptPatch(obj: KubeObject, owner: KubeObject): unknown {
  return {
    metadata: {
      ownerReferences: [...(obj.metadata.ownerReferences ?? []), controllerRefFor(owner)],
      ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}),
    },
  };
}

/** A JSON merge patch that drops the owner's reference(s) from the child. */
export function releasePatch(obj: KubeObject, owner: KubeObject): unknown {
  const rest = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
  return {
    metadata: {
      ownerReferences: rest.length > 0 ? rest : null,
      ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}),
    },
  };
}
