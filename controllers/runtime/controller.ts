/**
 * A small controller builder after controller-runtime's: a primary kind whose keys reconcile()
 * receives, owned kinds whose events enqueue their controller owner's key (via controllerOf), extra
 * watches with a custom mapping, an optional periodic resync, and one work queue from client/.
 * Event handlers only enqueue keys; reconcile reads the caches (level-triggered, STYLE habit 5).
 */
import type { Logger } from 'pino';
import { controllerOf, objectKey, type KubeObject } from '../../api/types.js';
import { createWorkQueue, type ReconcileFn } from '../../client/index.js';
import type { InformerFactory } from './informers.js';

/** Which informer events a watch reacts to. */
export type WatchEventKind = 'add' | 'update' | 'delete';

/** A watch on another kind: `map` turns an object into the keys to enqueue. */
export interface WatchSpec {
  kind: string;
  /** Keys to enqueue for this object; called with the new object on update (and again with the old one). */
  map(obj: KubeObject): string[];
  /** Defaults to every event. */
  events?: readonly WatchEventKind[];
}

/** What a controller watches and how it reconciles. */
export interface ControllerOptions {
  name: string;
  informers: InformerFactory;
  logger: Logger;
  /** The primary kind: its objects' keys ("ns/name") go to reconcile. */
  forKind?: string;
  /** Kinds whose objects carry a controller ownerReference to a `forKind` object. */
  owns?: readonly string[];
  watches?: readonly WatchSpec[];
  reconcile: ReconcileFn;
  /** Parallel reconciles (different keys only); default 4. */
  concurrency?: number;
  /** Re-enqueue resyncKeys() this often (0 or absent = never). */
  resyncMs?: number;
  /** Keys for a resync; defaults to every cached `forKind` object. */
  resyncKeys?(): string[];
}

/**
 * A running controller. Handlers are registered when it is created (so they see the informers'
 * initial list); reconciles start only after start().
 */
export interface Controller {
  readonly name: string;
  /** Starts reconciling; call after the informers have synced. */
  start(): void;
  /** Stops the queue and the resync timer; idempotent. */
  stop(): void;
  enqueue(key: string): void;
  /** Resolves when nothing is queued or running (tests). */
  idle(): Promise<void>;
}

/** The key of `ref`'s owner when the owner is of `kind`: "ns/name" of a namespaced child. */
export function ownerKeyOf(obj: KubeObject, kind: string): string | undefined {
  const ref = controllerOf(obj);
  if (!ref || ref.kind !== kind) return undefined;
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${ref.name}` : ref.name;
}

/** Builds a controller and registers its event handlers. */
export function createController(opts: ControllerOptions): Controller {
  const log = opts.logger.child({ controller: opts.name });
  // The work queue caps requeue delays at 2^31-1 ms itself (Node timers overflow past that).
  const queue = createWorkQueue({ reconcile: opts.reconcile, logger: log, concurrency: opts.concurrency ?? 4 });
  const enqueue = (key: string | undefined): void => { if (key) queue.add(key); };
  const { forKind } = opts;
  if (forKind) {
    opts.informers.forKind(forKind).addHandlers({
      onAdd: (o) => enqueue(objectKey(o)),
      onUpdate: (_old, o) => enqueue(objectKey(o)),
      onDelete: (o) => enqueue(objectKey(o)),
    });
    for (const kind of opts.owns ?? []) {
      const toOwner = (o: KubeObject): void => enqueue(ownerKeyOf(o, forKind));
      opts.informers.forKind(kind).addHandlers({
        onAdd: toOwner,
        onUpdate: (old, o) => { toOwner(old); toOwner(o); },
        onDelete: toOwner,
      });
    }
  }
  for (const w of opts.watches ?? []) registerWatch(opts.informers, w, enqueue);
  const resyncKeys = opts.resyncKeys ?? (() => (forKind ? opts.informers.forKind(forKind).list().map(objectKey) : []));
  let timer: NodeJS.Timeout | undefined;
  return {
    name: opts.name,
    start() {
      queue.start();
      if (opts.resyncMs) {
        timer = setInterval(() => resyncKeys().forEach(enqueue), opts.resyncMs);
        timer.unref();
      }
    },
    stop() { queue.stop(); if (timer) clearInterval(timer); },
    enqueue,
    idle: () => queue.idle(),
  };
}

function registerWatch(informers: InformerFactory, w: WatchSpec, enqueue: (key: string) => void): void {
  const on = new Set<WatchEventKind>(w.events ?? ['add', 'update', 'delete']);
  const fire = (o: KubeObject): void => w.map(o).forEach(enqueue);
  informers.forKind(w.kind).addHandlers({
    ...(on.has('add') ? { onAdd: fire } : {}),
    ...(on.has('update') ? { onUpdate: (old: KubeObject, o: KubeObject) => { fire(old); fire(o); } } : {}),
    ...(on.has('delete') ? { onDelete: fire } : {}),
  });
}
