/**
 * Watch streaming (wire doc §6): newline-delimited JSON events over a chunked 200 response, replay
 * from a resourceVersion (410 when it is too old), selector-aware ADDED/MODIFIED/DELETED, Table rows
 * when the client asks for them.
 */
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { BadRequestError } from '../api/errors.js';
import type { ResourceInfo } from '../api/resources.js';
import { objectKey, type KubeObject, type WatchEventType } from '../api/types.js';
import { collectionPrefix } from './keys.js';
import type { Clock, Registry, Selectors } from './registry.js';
import type { Store, StoreEvent } from './storage/store.js';
import { toTable, type IncludeObject } from './tables.js';

export interface WatchRequest {
  r: ResourceInfo;
  namespace: string | undefined;
  sel: Selectors;
  resourceVersion: string | undefined;
  timeoutSeconds: number | undefined;
  table: { include: IncludeObject } | undefined;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface WatchDeps { store: Store; registry: Registry; clock: Clock; logger: Logger }

/** Serves one watch until the client goes away, the timeout passes, or the store closes. */
export async function serveWatch(req: Request, res: Response, w: WatchRequest, deps: WatchDeps): Promise<void> {
  const visible = new Set<string>();
  let firstTable = true;
  const encode = (type: WatchEventType, obj: KubeObject): string => {
    let object: unknown = obj;
    if (w.table) {
      object = toTable(w.r.kind, [obj], { now: deps.clock.now(), include: w.table.include, withColumns: firstTable, ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}) });
      firstTable = false;
    }
    return `${JSON.stringify({ type, object })}\n`;
  };

  let fromRevision: number;
  // The list that seeds `visible` shows the state at listRevision: right for events after it, but
  // for replayed events at or before it the state *before* each event is needed (see wasVisible).
  let listRevision = -1;
  const initial: KubeObject[] = [];
  if (w.resourceVersion === undefined || w.resourceVersion === '' || w.resourceVersion === '0') {
    const list = await deps.registry.list(w.r, w.namespace, w.sel);
    initial.push(...list.items);
    fromRevision = Number(list.resourceVersion);
  } else {
    fromRevision = /^\d{1,15}$/.test(w.resourceVersion) ? Number(w.resourceVersion) : NaN;
    if (!Number.isSafeInteger(fromRevision)) throw new BadRequestError(`invalid resourceVersion "${w.resourceVersion}"`);
    const list = await deps.registry.list(w.r, w.namespace, w.sel);
    for (const o of list.items) visible.add(objectKey(o));
    listRevision = Number(list.resourceVersion);
  }

  const decided = new Set<string>();
  /**
   * Did the client see `key` before event `e`? Exact once the stream has an event for the key, or
   * for events after the list. A replayed event older than the list is judged from the event:
   * ADDED means absent before; a DELETED object's last state is also its state at fromRevision;
   * for MODIFIED the previous state is unknown, so assume visible: a non-matching object then
   * arrives as DELETED (harmless if the client never had it) instead of staying stale in its cache.
   */
  const wasVisible = (e: StoreEvent, key: string): boolean => {
    if (decided.has(key) || e.revision > listRevision) return visible.has(key);
    if (e.type === 'ADDED') return false;
    if (e.type === 'DELETED') return deps.registry.matches(e.object, w.sel);
    return true;
  };

  const pending: string[] = [];
  let ready = false;
  const send = (line: string): void => { if (ready) res.write(line); else pending.push(line); };
  const onEvent = (e: StoreEvent): void => {
    const key = objectKey(e.object);
    const matches = deps.registry.matches(e.object, w.sel);
    const was = wasVisible(e, key);
    decided.add(key);
    let type: WatchEventType | undefined;
    if (e.type === 'DELETED') type = was ? 'DELETED' : undefined;
    else if (matches) type = was && e.type === 'MODIFIED' ? 'MODIFIED' : 'ADDED';
    else if (was) type = 'DELETED';
    if (matches && e.type !== 'DELETED') visible.add(key); else visible.delete(key);
    if (type) send(encode(type, e.object));
  };
  // Throws StorageError('Compacted') before any header is sent, so the route answers 410.
  const handle = deps.store.watch(collectionPrefix(w.r, w.namespace), fromRevision, onEvent);

  res.status(200);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-cache, private');
  res.setHeader('Transfer-Encoding', 'chunked');
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  for (const o of initial) { visible.add(objectKey(o)); res.write(encode('ADDED', o)); }
  ready = true;
  for (const line of pending.splice(0)) res.write(line);

  let timer: NodeJS.Timeout | undefined;
  const finish = (): void => { handle.stop(); if (timer) clearTimeout(timer); if (!res.writableEnded) res.end(); };
  // Node timers overflow past 2^31-1 ms (and then fire at once): longer timeouts wait that long.
  if (w.timeoutSeconds !== undefined && w.timeoutSeconds > 0) timer = setTimeout(finish, Math.min(w.timeoutSeconds * 1000, MAX_TIMER_MS));
  // res 'close' (not req 'close') tells that the client went away (wire doc pitfall 7).
  res.on('close', finish);
  req.socket.on('error', (err) => deps.logger.debug({ err: err.message }, 'watch socket error'));
}
