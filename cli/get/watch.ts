/**
 * `get -w`: prints the current list, then one row (or object) per watch event from the list's
 * resourceVersion on, until the server ends the stream. Rows stay aligned with the first table.
 */
import { errorFromStatus } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeObject, WatchEvent } from '../../api/types.js';
import { parseWatchStream, resourcePath } from '../../client/client.js';
import type { GetOptions } from '../commands/get.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { printJson } from '../printers/json.js';
import { withTypeMeta } from '../printers/list.js';
import { printName } from '../printers/name.js';
import { columnWidths, formatRows, headerCells, rowCells, TABLE_ACCEPT, type TableOptions } from '../printers/table.js';
import { printYaml } from '../printers/yaml.js';
import { fetchList, fetchTable, toTable, type SelectorQuery } from './fetch.js';

interface WatchTarget { resource: ResourceInfo; namespace: string | undefined; query: SelectorQuery }

function targetOf(o: GetOptions): WatchTarget {
  const [req, more] = o.requests;
  if (!req || more || req.names.length > 1) throw new UsageError('watch is only supported on individual resources and resource collections');
  const name = req.names[0];
  // A watch on one name is a collection watch narrowed by metadata.name, as kubectl does it.
  const fieldSelector = [o.query.fieldSelector, name ? `metadata.name=${name}` : undefined].filter(Boolean).join(',');
  const query: SelectorQuery = { ...o.query, ...(fieldSelector ? { fieldSelector } : {}) };
  return { resource: req.resource, namespace: req.resource.namespaced ? o.namespace : undefined, query };
}

async function* events(ctx: CommandContext, t: WatchTarget, resourceVersion: string | undefined, accept: string): AsyncGenerator<WatchEvent<unknown>> {
  const stream = await ctx.client.transport.stream(resourcePath(t.resource, t.namespace), {
    accept,
    query: { ...t.query, watch: true, ...(resourceVersion ? { resourceVersion } : {}) },
  });
  try {
    yield* parseWatchStream<unknown>(stream);
  } finally {
    stream.destroy();
  }
}

/** Returns false (and reports) when the event is an ERROR; true when it may be printed. */
function checkEvent(ctx: CommandContext, ev: WatchEvent<unknown>): boolean {
  if (ev.type !== 'ERROR') return true;
  const status = ev.object as { code?: unknown };
  const err = errorFromStatus(typeof status.code === 'number' ? status.code : 500, ev.object);
  ctx.stderr.write(`Error from server (${err.reason}): ${err.message}\n`);
  return false;
}

async function watchTable(ctx: CommandContext, o: GetOptions, t: WatchTarget): Promise<number> {
  const opts: TableOptions = { wide: o.output === 'wide', withNamespace: t.namespace === undefined && t.resource.namespaced, noHeaders: o.noHeaders };
  const first = await fetchTable(ctx.client, t.resource, t.namespace, undefined, t.query, ctx.now());
  const header = headerCells(first, opts);
  const initial = rowCells(first, opts);
  let widths = columnWidths([header, ...initial]);
  let headerShown = initial.length > 0 || o.noHeaders;
  let columns = first.columnDefinitions;
  if (initial.length > 0) ctx.stdout.write(formatRows(o.noHeaders ? initial : [header, ...initial]));
  else ctx.stderr.write(t.namespace ? `No resources found in ${t.namespace} namespace.\n` : 'No resources found\n');
  for await (const ev of events(ctx, t, first.metadata.resourceVersion, TABLE_ACCEPT)) {
    if (ev.type === 'BOOKMARK') continue;
    if (!checkEvent(ctx, ev)) return 1;
    const table = toTable(ev.object, ctx.now());
    // Like the real API server, ours sends columnDefinitions only in the first event of a watch.
    if (table.columnDefinitions.length === 0) table.columnDefinitions = columns;
    else columns = table.columnDefinitions;
    const rows = rowCells(table, opts);
    const grid = headerShown ? rows : [header, ...rows];
    ctx.stdout.write(formatRows(grid, widths));
    widths = columnWidths(grid).map((w, i) => Math.max(w, widths[i] ?? 0));
    headerShown = true;
  }
  return 0;
}

function printObject(ctx: CommandContext, o: GetOptions, r: ResourceInfo, obj: KubeObject, index: number): void {
  if (o.output === 'name') ctx.stdout.write(`${printName(r, obj.metadata.name ?? '')}\n`);
  else if (o.output === 'json') ctx.stdout.write(printJson(obj));
  else ctx.stdout.write(`${index > 0 ? '---\n' : ''}${printYaml(obj)}`);
}

async function watchObjects(ctx: CommandContext, o: GetOptions, t: WatchTarget): Promise<number> {
  const list = await fetchList(ctx.client, t.resource, t.namespace, t.query);
  let index = 0;
  for (const obj of list.items) printObject(ctx, o, t.resource, obj, index++);
  for await (const ev of events(ctx, t, list.metadata.resourceVersion, 'application/json')) {
    if (ev.type === 'BOOKMARK') continue;
    if (!checkEvent(ctx, ev)) return 1;
    printObject(ctx, o, t.resource, withTypeMeta(ev.object as KubeObject, t.resource), index++);
  }
  return 0;
}

/** Runs `get -w` until the server closes the watch; exit code 0 then, 1 after an ERROR event. */
export async function watchResource(ctx: CommandContext, o: GetOptions): Promise<number> {
  const t = targetOf(o);
  return o.output === '' || o.output === 'wide' ? watchTable(ctx, o, t) : watchObjects(ctx, o, t);
}
