/**
 * The storage contract (after kine's Backend): a flat key space of JSON objects, one global revision
 * counter bumped by every write, compare-and-swap updates and watches that replay history.
 *
 * Keys look like `/pods/default/web-1` or `/nodes/node-1`; list and watch take a prefix that ends in
 * `/` so `/pods/default/` never matches `/pods/default2/…`.
 *
 * Every mutating call resolves only after the write is durable for the backend (on disk, fsynced, for
 * lowdb), and sets `metadata.resourceVersion` on the stored object to the write's revision as a string.
 * Stored objects are owned by the store: callers get deep copies and must not rely on identity.
 */
import type { KubeObject } from '../../api/types.js';

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * One change. For DELETED, `object` is the last state with resourceVersion set to the delete's
 * revision. `prevObject` is the state before the change (MODIFIED and DELETED), so a filtered watch
 * can tell an object that stopped matching (DELETED for it) from one that started (ADDED).
 */
export interface StoreEvent { type: StoreEventType; key: string; object: KubeObject; revision: number; prevObject?: KubeObject }

export type StorageErrorCode = 'KeyExists' | 'NotFound' | 'Conflict' | 'Compacted';

/** The only errors a backend throws on purpose; the API server maps them to Status errors. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly key: string;
  constructor(code: StorageErrorCode, key: string, message?: string) {
    super(message ?? `${code}: ${key}`);
    this.name = 'StorageError';
    this.code = code;
    this.key = key;
  }
}

export interface WatchHandle { stop(): void }

export interface Store {
  /** The revision of the newest write (0 when empty). */
  currentRevision(): number;
  /** The object at `key`, or undefined. */
  get(key: string): Promise<KubeObject | undefined>;
  /** Every object whose key starts with `prefix`, sorted by key, and the revision they were read at. */
  list(prefix: string): Promise<{ items: KubeObject[]; revision: number }>;
  /** Stores a new object. Throws StorageError('KeyExists') if the key is taken. */
  create(key: string, obj: KubeObject): Promise<KubeObject>;
  /**
   * Replaces the object at `key`. When `expectedRevision` is given and differs from the stored
   * object's revision, throws StorageError('Conflict'). Throws StorageError('NotFound') if absent.
   */
  update(key: string, obj: KubeObject, expectedRevision?: number): Promise<KubeObject>;
  /** Removes the object and returns its last state. Same NotFound/Conflict rules as update. */
  delete(key: string, expectedRevision?: number): Promise<KubeObject>;
  /**
   * Calls `onEvent` for every change under `prefix` with revision > `fromRevision`, first replaying
   * retained history, then live, in revision order. Throws StorageError('Compacted') when history
   * older than `fromRevision + 1` is no longer retained. `stop()` is idempotent.
   */
  watch(prefix: string, fromRevision: number, onEvent: (e: StoreEvent) => void): WatchHandle;
  /** Flushes pending writes and releases files. Further calls fail. */
  close(): Promise<void>;
}
