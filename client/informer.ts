/**
 * A list-watch cache (STYLE habit 9): list, remember the resourceVersion, watch from it; on 410 Gone
 * or an ERROR event, list again and report objects that vanished as deletes. Handlers only enqueue.
 */
import type { Logger } from 'pino';
import { ApiError } from '../api/errors.js';
import { objectKey, type KubeObject } from '../api/types.js';
import type { ApiClient } from './client.js';

export interface InformerHandlers<T> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T): void;
}

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  logger?: Logger;
  /** Delay before retrying after an error (doubles up to 8x). */
  retryDelayMs?: number;
}

export interface Informer<T extends KubeObject> {
  /** Starts the loop; resolves once the first list is in the cache. */
  start(): Promise<void>;
  /** Ends the watch; idempotent. */
  stop(): void;
  addHandlers(h: InformerHandlers<T>): void;
  /** Cached objects (copies are not made: treat them as read-only). */
  list(): T[];
  get(key: string): T | undefined;
  hasSynced(): boolean;
  /** The resourceVersion the cache is current to. */
  lastResourceVersion(): string;
}

export function createInformer<T extends KubeObject>(client: ApiClient, kind: string, opts: InformerOptions = {}): Informer<T> {
  const cache = new Map<string, T>();
  const handlers: InformerHandlers<T>[] = [];
  const log = opts.logger?.child({ informer: kind });
  const baseDelay = opts.retryDelayMs ?? 200;
  let rv = '';
  let synced = false;
  let stopped = false;
  let abort: AbortController | undefined;
  let resolveSynced: (() => void) | undefined;
  const syncedPromise = new Promise<void>((r) => { resolveSynced = r; });
  const sel = { ...(opts.labelSelector ? { labelSelector: opts.labelSelector } : {}), ...(opts.fieldSelector ? { fieldSelector: opts.fieldSelector } : {}) };

  const emit = (fn: (h: InformerHandlers<T>) => void): void => {
    for (const h of handlers) {
      try { fn(h); } catch (err) { log?.error({ err }, 'informer handler threw'); }
    }
  };

  function upsert(obj: T): void {
    const key = objectKey(obj);
    const old = cache.get(key);
    cache.set(key, obj);
    if (old) emit((h) => h.onUpdate?.(old, obj)); else emit((h) => h.onAdd?.(obj));
  }
  function remove(obj: T): void {
    const key = objectKey(obj);
    const old = cache.get(key);
    cache.delete(key);
    emit((h) => h.onDelete?.(old ?? obj));
  }

  async function relist(): Promise<void> {
    const list = await client.list<T>(kind, opts.namespace, sel);
    const seen = new Set<string>();
    for (const item of list.items) {
      const obj = { ...item, kind, apiVersion: list.apiVersion } as T;
      seen.add(objectKey(obj));
      const old = cache.get(objectKey(obj));
      if (!old || old.metadata.resourceVersion !== obj.metadata.resourceVersion) upsert(obj);
    }
    for (const [key, obj] of [...cache]) if (!seen.has(key)) remove(obj);
    rv = list.metadata.resourceVersion;
    if (!synced) { synced = true; resolveSynced?.(); }
  }

  /** Watches until the stream ends; returns true when a relist is needed. */
  async function watchOnce(): Promise<boolean> {
    abort = new AbortController();
    for await (const ev of client.watch<T>(kind, opts.namespace, { ...sel, resourceVersion: rv, timeoutSeconds: 300, signal: abort.signal })) {
      if (stopped) return false;
      if (ev.type === 'ERROR') return true;
      const newRv = ev.object.metadata.resourceVersion;
      if (newRv) rv = newRv;
      if (ev.type === 'BOOKMARK') continue;
      if (ev.type === 'DELETED') remove(ev.object); else upsert(ev.object);
    }
    return false;
  }

  async function run(): Promise<void> {
    let needList = true;
    let failures = 0;
    while (!stopped) {
      try {
        if (needList) await relist();
        needList = await watchOnce();
        failures = 0;
      } catch (err) {
        if (stopped) return;
        needList = true;
        const gone = err instanceof ApiError && err.httpStatus === 410;
        if (!gone) {
          failures++;
          log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'list/watch failed; retrying');
          await new Promise((r) => setTimeout(r, baseDelay * Math.min(8, 2 ** (failures - 1))));
        }
      }
    }
  }

  return {
    start() { void run(); return syncedPromise; },
    stop() { stopped = true; abort?.abort(); },
    addHandlers(h) { handlers.push(h); },
    list: () => [...cache.values()],
    get: (key) => cache.get(key),
    hasSynced: () => synced,
    lastResourceVersion: () => rv,
  };
}
