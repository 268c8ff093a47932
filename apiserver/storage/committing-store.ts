/**
 * Turns a StoreCore plus a persistence hook into a Store. The memory backend's hook publishes at
 * once; the lowdb backend's hook waits for a group commit. Either way a write's promise resolves
 * only after its event was published, so acknowledged writes are durable and already visible to
 * watchers, in revision order.
 */
import type { KubeObject } from '../../api/types.js';
import type { Mutation, StoreCore } from './store-core.js';
import type { Store, StoreEvent, WatchHandle } from './store.js';

/** What a backend adds to the core. */
export interface Persistence {
  /**
   * Makes `event` durable, then publishes it (and everything before it) through the core. Called
   * once per write, synchronously after the core applied it, in revision order. Rejects if the
   * write could not be made durable; the store then refuses every further call.
   */
  commit(event: StoreEvent): Promise<void>;
  /** Waits for pending commits and releases files. Called once. */
  close(): Promise<void>;
}

/** A Store over `core`; writes resolve once `persistence.commit` does. */
export class CommittingStore implements Store {
  private closed = false;
  private closing: Promise<void> | undefined;
  private failure: unknown;
  private failed = false;

  constructor(private readonly core: StoreCore, private readonly persistence: Persistence) {}

  currentRevision(): number {
    this.assertOpen();
    return this.core.currentRevision();
  }

  async get(key: string): Promise<KubeObject | undefined> {
    this.assertOpen();
    return this.core.get(key);
  }

  async list(prefix: string): Promise<{ items: KubeObject[]; revision: number }> {
    this.assertOpen();
    return this.core.list(prefix);
  }

  async create(key: string, obj: KubeObject): Promise<KubeObject> {
    return this.write(() => this.core.create(key, obj));
  }

  async update(key: string, obj: KubeObject, expectedRevision?: number): Promise<KubeObject> {
    return this.write(() => this.core.update(key, obj, expectedRevision));
  }

  async delete(key: string, expectedRevision?: number): Promise<KubeObject> {
    return this.write(() => this.core.delete(key, expectedRevision));
  }

  watch(prefix: string, fromRevision: number, onEvent: (e: StoreEvent) => void): WatchHandle {
    this.assertOpen();
    return this.core.watch(prefix, fromRevision, onEvent);
  }

  /** Idempotent: flushes pending writes, stops watchers; later calls of other methods throw. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    try {
      await this.persistence.close();
    } finally {
      this.core.stopAllWatchers();
    }
  }

  /** Applies a write in memory now, then waits until it is durable and published. */
  private async write(apply: () => Mutation): Promise<KubeObject> {
    this.assertOpen();
    const { event, result } = apply();
    try {
      await this.persistence.commit(event);
    } catch (err) {
      // Memory now holds a write the disk may not: stop serving rather than diverge.
      if (!this.failed) {
        this.failed = true;
        this.failure = err;
      }
      throw err;
    }
    return structuredClone(result);
  }

  private assertOpen(): void {
    if (this.failed) throw new Error('store is unusable after a failed write; restart to reload from disk', { cause: this.failure });
    if (this.closed) throw new Error('store is closed');
  }
}
