/**
 * Watch streaming (wire doc §6): newline-delimited JSON events over a chunked 200 response, replay
 * from a resourceVersion (410 when it is too old), selector-aware ADDED/MODIFIED/DELETED, Table rows
 * when the client asks for them.
 */
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { BadRequestError } from '../api/errors.js';
import type { KindDefinition } from '../api/resources.js';
import type { KubeObject, WatchEventType } from '../api/types.js';
import { collectionPrefix } from './keys.js';
import type { Clock } from '../api/clock.js';
import type { Registry, Selectors } from './registry.js';
import type { Store, StoreEvent } from './storage/store.js';
import { toTable, type IncludeObject } from './tables.js';

export interface WatchRequest {
  r: KindDefinition;
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
  const initial: KubeObject[] = [];
  if (w.resourceVersion === undefined || w.resourceVersion === '' || w.resourceVersion === '0') {
    const list = await deps.registry.list(w.r, w.namespace, w.sel);
    initial.push(...list.items);
    fromRevision = Number(list.resourceVersion);
  } else {
    fromRevision = /^\d{1,15}$/.test(w.resourceVersion) ? Number(w.resourceVersion) : NaN;
    if (!Number.isSafeInteger(fromRevision)) throw new BadRequestError(`invalid resourceVersion "${w.resourceVersion}"`);
  }

  const pending: string[] = [];
  let ready = false;
  const send = (line: string): void => { if (ready) res.write(line); else pending.push(line); };
  const onEvent = (e: StoreEvent): void => {
    const type = classify(e, (o) => deps.registry.matches(o, w.sel));
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
  for (const o of initial) res.write(encode('ADDED', o));
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

/**
 * What a filtered watcher sees of a store event (Kubernetes' cacher rules), judged from the states
 * before and after: an object that starts matching arrives as ADDED, one that stops matching as
 * DELETED, one that matches before and after as MODIFIED; anything else is not shown.
 */
export function classify(e: StoreEvent, matches: (o: KubeObject) => boolean): WatchEventType | undefined {
  if (e.type === 'ADDED') return matches(e.object) ? 'ADDED' : undefined;
  const before = e.prevObject ? matches(e.prevObject) : e.type === 'DELETED' && matches(e.object);
  if (e.type === 'DELETED') return before ? 'DELETED' : undefined;
  const after = matches(e.object);
  if (before && after) return 'MODIFIED';
  if (after) return 'ADDED';
  return before ? 'DELETED' : undefined;
}
