/**
 * The in-memory heart shared by every local backend: the key map, the global revision counter, the
 * bounded event history and the watchers. Persistence is layered on top (see committing-store.ts):
 * a mutation is applied here at once and gets its revision, but its event is only published (added
 * to history and sent to watchers) when the backend says the write is durable.
 */
import type { KubeObject } from '../../api/types.js';
import { EventHistory } from './event-history.js';
import { StorageError, type StoreEvent, type WatchHandle } from './store.js';

/** How many events a watch can replay by default. */
export const DEFAULT_HISTORY_LIMIT = 10_000;

/** Options every local backend accepts. */
export interface StoreCoreOptions {
  /** Events retained for watch replay; older revisions answer Compacted. Default 10000. */
  historyLimit?: number;
  /**
   * Called when a watch callback throws. The event still counts as delivered and the watcher stays
   * registered. Default: a process warning (code TUGBOAT_STORE_WATCHER).
   */
  onWatcherError?: (err: unknown, event: StoreEvent) => void;
}

/** Every stored object at one revision. The objects are store-owned: never mutate them. */
export interface StoreSnapshot { revision: number; objects: ReadonlyMap<string, KubeObject> }

/**
 * The result of applying one write in memory. Both objects are store-owned: copy them before they
 * leave the store. `result` is what the caller gets back (for a delete: the last stored state).
 */
export interface Mutation { event: StoreEvent; result: KubeObject }

interface Entry { object: KubeObject; revision: number }
interface Watcher { prefix: string; lastRevision: number; onEvent: (e: StoreEvent) => void; stopped: boolean }

/** Map + revision + history + watchers, with no IO. All methods are synchronous. */
export class StoreCore {
  private readonly entries = new Map<string, Entry>();
  private revision: number;
  private readonly history: EventHistory;
  private readonly watchers = new Set<Watcher>();
  private readonly onWatcherError: (err: unknown, event: StoreEvent) => void;
  private outbox: StoreEvent[] = [];
  private dispatching = false;

  /** @param initial objects loaded from disk; their resourceVersions must be integer strings. */
  constructor(options: StoreCoreOptions = {}, initial?: StoreSnapshot) {
    this.revision = initial?.revision ?? 0;
    this.history = new EventHistory(options.historyLimit ?? DEFAULT_HISTORY_LIMIT, this.revision);
    this.onWatcherError = options.onWatcherError ?? warnWatcherError;
    for (const [key, object] of initial?.objects ?? []) {
      this.entries.set(key, { object, revision: Number(object.metadata.resourceVersion) });
    }
  }

  /** The revision of the newest applied write (it may not be published yet). */
  currentRevision(): number { return this.revision; }

  /** A copy of the object at `key`, or undefined. */
  get(key: string): KubeObject | undefined {
    const entry = this.entries.get(key);
    return entry ? structuredClone(entry.object) : undefined;
  }

  /** Copies of every object under `prefix`, sorted by key. */
  list(prefix: string): { items: KubeObject[]; revision: number } {
    const keys: string[] = [];
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) keys.push(key);
    keys.sort(compareKeys);
    const items: KubeObject[] = [];
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry) items.push(structuredClone(entry.object));
    }
    return { items, revision: this.revision };
  }

  /** Applies a create; throws StorageError('KeyExists'). */
  create(key: string, obj: KubeObject): Mutation {
    if (this.entries.has(key)) throw new StorageError('KeyExists', key);
    const object = this.stamp(obj);
    this.entries.set(key, { object, revision: this.revision });
    return { event: { type: 'ADDED', key, object, revision: this.revision }, result: object };
  }

  /** Applies an update; throws StorageError('NotFound' | 'Conflict'). */
  update(key: string, obj: KubeObject, expectedRevision?: number): Mutation {
    const prevObject = this.current(key, expectedRevision).object;
    const object = this.stamp(obj);
    this.entries.set(key, { object, revision: this.revision });
    return { event: { type: 'MODIFIED', key, object, revision: this.revision, prevObject }, result: object };
  }

  /** Applies a delete; throws StorageError('NotFound' | 'Conflict'). `result` is the last state. */
  delete(key: string, expectedRevision?: number): Mutation {
    const last = this.current(key, expectedRevision).object;
    const tombstone = structuredClone(last);
    this.revision++;
    tombstone.metadata.resourceVersion = String(this.revision);
    this.entries.delete(key);
    return { event: { type: 'DELETED', key, object: tombstone, revision: this.revision, prevObject: last }, result: last };
  }

  /**
   * Records durable events in history and sends them to watchers, in the order given (which must be
   * revision order). Re-entrant: a write made from inside a watch callback is queued behind them.
   */
  publish(events: readonly StoreEvent[]): void {
    for (const event of events) {
      this.history.append(event);
      this.outbox.push(event);
    }
    this.dispatch();
  }

  /**
   * Registers a watcher: replays published events after `fromRevision` synchronously, before
   * returning, then delivers live ones. Throws StorageError('Compacted') if history is too short.
   */
  watch(prefix: string, fromRevision: number, onEvent: (e: StoreEvent) => void): WatchHandle {
    if (!Number.isSafeInteger(fromRevision) || fromRevision < 0) {
      throw new RangeError(`watch fromRevision must be a non-negative integer, got ${fromRevision}`);
    }
    if (!this.history.canReplayFrom(fromRevision)) {
      throw new StorageError('Compacted', prefix,
        `Compacted: revision ${fromRevision} is older than the retained history (compacted at ${this.history.compactRevision})`);
    }
    const watcher: Watcher = { prefix, lastRevision: fromRevision, onEvent, stopped: false };
    this.watchers.add(watcher);
    // Materialized first: a write made by a replayed callback may compact the history under us.
    const replay = [...this.history.since(fromRevision)];
    this.dispatch(() => { for (const event of replay) this.deliver(watcher, event); });
    return { stop: () => { watcher.stopped = true; this.watchers.delete(watcher); } };
  }

  /** Every object at the current revision (store-owned, for persistence). */
  snapshot(): StoreSnapshot {
    const objects = new Map<string, KubeObject>();
    for (const [key, entry] of this.entries) objects.set(key, entry.object);
    return { revision: this.revision, objects };
  }

  /** Stops every watcher (on close). */
  stopAllWatchers(): void {
    for (const watcher of this.watchers) watcher.stopped = true;
    this.watchers.clear();
  }

  /** The entry at `key`, checked against `expectedRevision`. */
  private current(key: string, expectedRevision: number | undefined): Entry {
    const entry = this.entries.get(key);
    if (!entry) throw new StorageError('NotFound', key);
    if (expectedRevision !== undefined && expectedRevision !== entry.revision) {
      throw new StorageError('Conflict', key,
        `Conflict: ${key}: expected revision ${expectedRevision}, stored revision is ${entry.revision}`);
    }
    return entry;
  }

  /** A store-owned copy of `obj` carrying the next revision, which it claims. */
  private stamp(obj: KubeObject): KubeObject {
    const object = structuredClone(obj);
    if (typeof object.metadata !== 'object' || object.metadata === null) {
      throw new TypeError('stored objects must have a metadata object');
    }
    this.revision++;
    object.metadata.resourceVersion = String(this.revision);
    return object;
  }

  /** Runs `first` (a replay) and drains the outbox, unless an outer call is already draining it. */
  private dispatch(first?: () => void): void {
    if (this.dispatching) {
      first?.();
      return;
    }
    this.dispatching = true;
    try {
      first?.();
      for (let i = 0; i < this.outbox.length; i++) {
        const event = this.outbox[i];
        if (event) for (const watcher of this.watchers) this.deliver(watcher, event);
      }
    } finally {
      this.outbox = [];
      this.dispatching = false;
    }
  }

  /** Sends one event to one watcher if it matches and is new to it; never throws. */
  private deliver(watcher: Watcher, event: StoreEvent): void {
    if (watcher.stopped || event.revision <= watcher.lastRevision || !event.key.startsWith(watcher.prefix)) return;
    watcher.lastRevision = event.revision;
    try {
      watcher.onEvent(structuredClone(event));
    } catch (err) {
      try { this.onWatcherError(err, event); } catch { /* a failing error hook must not break dispatch */ }
    }
  }
}

/** Plain code-unit order, so list order does not depend on the locale. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function warnWatcherError(err: unknown, event: StoreEvent): void {
  const message = err instanceof Error ? err.message : String(err);
  process.emitWarning(`store watch callback threw on ${event.type} ${event.key}@${event.revision}: ${message}`,
    { code: 'TUGBOAT_STORE_WATCHER' });
}
