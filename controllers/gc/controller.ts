/**
 * The garbage collector: deletes ReplicaSets and Pods whose owners no longer exist (missing, or
 * present with another uid), with propagationPolicy Background, which cascades Deployment ->
 * ReplicaSet -> Pods. Level-triggered: every dependent is re-checked on its own events, when an
 * owner is deleted, and on a periodic resync. A missing owner in the cache is confirmed with a live
 * GET before anything is deleted, because the owner's informer may simply lag the dependent's.
 */
import type { Logger } from 'pino';
import { isConflict, isNotFound } from '../../api/errors.js';
import { resourceByKind, RESOURCES } from '../../api/resources.js';
import { objectKey, splitKey, type KubeObject, type OwnerReference } from '../../api/types.js';
import type { ApiClient, ReconcileResult } from '../../client/index.js';
import { createController, type Controller, type WatchSpec } from '../runtime/controller.js';
import type { InformerFactory } from '../runtime/informers.js';
import { gcDecision, gcKey, parseGcKey, type OwnerState } from './plan.js';

/** Kinds whose objects the collector deletes when their owners are gone: what some kind `owns`. */
export const DEPENDENT_KINDS: readonly string[] = [...new Set(RESOURCES.flatMap((r) => r.owns ?? []))];
/** Kinds whose deletion orphans dependents; their caches answer most owner look-ups. */
export const OWNER_KINDS: readonly string[] = RESOURCES.filter((r) => r.owns?.length).map((r) => r.kind);

/** What the garbage collector needs. */
export interface GarbageCollectorDeps {
  client: ApiClient;
  informers: InformerFactory;
  logger: Logger;
  /** Full re-check period; default 30 s. */
  resyncMs?: number;
}

/** Builds the garbage collector; start() it after the informers have synced. */
export function createGarbageCollector(deps: GarbageCollectorDeps): Controller {
  const log = deps.logger.child({ controller: 'garbage-collector' });
  const dependents = (): Dependent[] => DEPENDENT_KINDS.flatMap((kind) => deps.informers.forKind(kind).list().map((obj) => ({ kind, obj })));
  const watches: WatchSpec[] = [
    ...DEPENDENT_KINDS.map((kind): WatchSpec => ({ kind, map: (o) => (o.metadata.ownerReferences?.length ? [gcKey(kind, objectKey(o))] : []), events: ['add', 'update'] })),
    ...OWNER_KINDS.map((kind): WatchSpec => ({ kind, map: (owner) => dependentsOf(owner, dependents()), events: ['delete'] })),
  ];
  for (const kind of OWNER_KINDS) deps.informers.forKind(kind);
  return createController({
    name: 'garbage-collector',
    informers: deps.informers,
    logger: deps.logger,
    watches,
    resyncMs: deps.resyncMs ?? 30_000,
    resyncKeys: () => dependents().filter((d) => d.obj.metadata.ownerReferences?.length).map((d) => gcKey(d.kind, objectKey(d.obj))),
    reconcile: (key) => collect(deps, log, key),
  });
}

interface Dependent { kind: string; obj: KubeObject }

/** Keys of cached dependents that reference `owner`'s uid. */
function dependentsOf(owner: KubeObject, all: readonly Dependent[]): string[] {
  const uid = owner.metadata.uid;
  if (!uid) return [];
  return all.filter((d) => d.obj.metadata.ownerReferences?.some((r) => r.uid === uid)).map((d) => gcKey(d.kind, objectKey(d.obj)));
}

async function collect(deps: GarbageCollectorDeps, log: Logger, key: string): Promise<ReconcileResult | void> {
  const parsed = parseGcKey(key);
  if (!parsed) return;
  const obj = deps.informers.forKind(parsed.kind).get(parsed.objectKey);
  const refs = obj?.metadata.ownerReferences ?? [];
  if (!obj || obj.metadata.deletionTimestamp || refs.length === 0) return;
  const ns = obj.metadata.namespace;
  const states = await Promise.all(refs.map((r) => ownerState(deps, r, ns)));
  const decision = gcDecision(refs, states);
  const { name } = splitKey(parsed.objectKey);
  try {
    if (decision.action === 'delete') {
      // Preconditioned on the cached version: if the object changed since (e.g. an Orphan delete of
      // its owner just took the reference off), the 409 brings the fresh object back here instead.
      const { uid, resourceVersion } = obj.metadata;
      await deps.client.delete(parsed.kind, ns, name, { propagationPolicy: 'Background', preconditions: { ...(uid ? { uid } : {}), ...(resourceVersion ? { resourceVersion } : {}) } });
      log.info({ kind: parsed.kind, key: parsed.objectKey }, 'deleted object whose owners are gone');
    } else if (decision.action === 'removeRefs') {
      const patch = { metadata: { ownerReferences: decision.remaining, ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}) } };
      await deps.client.patch(parsed.kind, ns, name, patch, 'merge');
      log.info({ kind: parsed.kind, key: parsed.objectKey }, 'removed dangling owner references');
    }
  } catch (err) {
    // Gone already, or changed under us (the next event brings it back here).
    if (!isNotFound(err) && !isConflict(err)) throw err;
  }
}

/** Looks the owner up in the cache, then (if not found there) live. */
async function ownerState(deps: GarbageCollectorDeps, ref: OwnerReference, ns: string | undefined): Promise<OwnerState> {
  const r = resourceByKind(ref.kind);
  if (!r) return 'unknown';
  const ownerNs = r.namespaced ? ns : undefined;
  if ((OWNER_KINDS as readonly string[]).includes(ref.kind)) {
    const cached = deps.informers.forKind(ref.kind).get(ownerNs ? `${ownerNs}/${ref.name}` : ref.name);
    if (cached?.metadata.uid === ref.uid) return 'present';
  }
  try {
    const live = await deps.client.get(ref.kind, ownerNs, ref.name);
    return live.metadata.uid === ref.uid ? 'present' : 'absent';
  } catch (err) {
    if (isNotFound(err)) return 'absent';
    throw err;
  }
}
