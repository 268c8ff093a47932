/**
 * The Deployment controller's ReplicaSet helpers, pure: find the ReplicaSet of the current template,
 * build a new one, and pick old ReplicaSets to clean up beyond revisionHistoryLimit.
 */
import type { Deployment, ReplicaSet } from '../../api/types.js';
import { controllerRefFor } from '../runtime/owners.js';
import { POD_TEMPLATE_HASH_LABEL, templateHash } from './hash.js';
import { REVISION_ANNOTATION, revisionOf } from './revision.js';

const createdMs = (rs: ReplicaSet): number => Date.parse(rs.metadata.creationTimestamp ?? '') || 0;

/** The ReplicaSets sorted oldest first (creation time, then name). */
export function oldestFirst(rss: readonly ReplicaSet[]): ReplicaSet[] {
  return [...rss].sort((a, b) => createdMs(a) - createdMs(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

/**
 * Splits the Deployment's ReplicaSets into the one whose template equals the Deployment's (ignoring
 * the pod-template-hash label and empty values; the oldest if several) and the rest.
 */
export function splitNewAndOld(d: Deployment, rss: readonly ReplicaSet[]): { newRs?: ReplicaSet; old: ReplicaSet[] } {
  const hash = templateHash(d.spec.template);
  const newRs = oldestFirst(rss).find((rs) => templateHash(rs.spec.template) === hash);
  return { ...(newRs ? { newRs } : {}), old: rss.filter((rs) => rs !== newRs) };
}

/** The name of the Deployment's ReplicaSet for a template hash: "<deployment>-<hash>". */
export function replicaSetName(d: Deployment, hash: string): string {
  return `${d.metadata.name ?? ''}-${hash}`;
}

/**
 * The ReplicaSet a Deployment creates for its current template: labels and selector gain
 * pod-template-hash, the revision annotation is set, and the Deployment is its controller.
 */
export function buildReplicaSet(d: Deployment, revision: number, replicas: number): ReplicaSet {
  const hash = templateHash(d.spec.template);
  const template = structuredClone(d.spec.template);
  const labels = { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash };
  template.metadata = { ...template.metadata, labels };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: replicaSetName(d, hash),
      ...(d.metadata.namespace ? { namespace: d.metadata.namespace } : {}),
      labels,
      annotations: { [REVISION_ANNOTATION]: String(revision) },
      ownerReferences: [controllerRefFor(d)],
    },
    spec: {
      replicas,
      minReadySeconds: d.spec.minReadySeconds ?? 0,
      selector: {
        ...d.spec.selector,
        matchLabels: { ...d.spec.selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash },
      },
      template,
    },
  };
}

/**
 * Old ReplicaSets to delete so at most `limit` remain (cleanupDeployment): the lowest revisions
 * first, and only ones fully scaled down (spec and status 0, status caught up, not being deleted).
 */
export function replicaSetsToCleanUp(old: readonly ReplicaSet[], limit: number): ReplicaSet[] {
  const alive = old.filter((rs) => !rs.metadata.deletionTimestamp);
  const excess = alive.length - Math.max(0, limit);
  if (excess <= 0) return [];
  const byRevision = [...alive].sort((a, b) => revisionOf(a) - revisionOf(b) || createdMs(a) - createdMs(b));
  return byRevision.slice(0, excess).filter((rs) =>
    (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0 &&
    (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0));
}
