/**
 * The reads behind `get`: a Table (what kubectl asks for when printing columns) or plain objects
 * (for -o yaml/json/name), for a whole collection or for named objects.
 */
import { resourcePath, type ApiClient } from '../../client/client.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeList, KubeObject } from '../../api/types.js';
import { withTypeMeta } from '../printers/list.js';
import { asTable, TABLE_ACCEPT, tableFromObjects, type Table } from '../printers/table.js';

/** Selectors passed through to the server. */
export interface SelectorQuery { labelSelector?: string; fieldSelector?: string }

function isList(body: unknown): body is KubeList {
  return typeof body === 'object' && body !== null && Array.isArray((body as { items?: unknown }).items);
}

/** Turns any answer (Table, list, single object) into a Table, building NAME/AGE when it is not one. */
export function toTable(body: unknown, now: Date): Table {
  const table = asTable(body);
  if (table) return table;
  if (isList(body)) return { ...tableFromObjects(body.items, now), metadata: { resourceVersion: body.metadata.resourceVersion } };
  return tableFromObjects([body as KubeObject], now);
}

/** GETs a collection (name undefined) or one object as a Table. Throws ApiError (404 for a missing name). */
export async function fetchTable(client: ApiClient, r: ResourceInfo, namespace: string | undefined, name: string | undefined, query: SelectorQuery, now: Date): Promise<Table> {
  const path = resourcePath(r, r.namespaced ? namespace : undefined, name);
  const body = await client.transport.json<unknown>(path, { accept: TABLE_ACCEPT, query: name === undefined ? { ...query } : {} });
  return toTable(body, now);
}

/** Lists a collection as plain objects, with apiVersion and kind filled in. */
export async function fetchList(client: ApiClient, r: ResourceInfo, namespace: string | undefined, query: SelectorQuery): Promise<KubeList> {
  const list = await client.list<KubeObject>(r.kind, r.namespaced ? namespace : undefined, query);
  return { ...list, items: list.items.map((o) => withTypeMeta(o, r)) };
}

/** GETs one object with apiVersion and kind filled in. */
export async function fetchObject(client: ApiClient, r: ResourceInfo, namespace: string | undefined, name: string): Promise<KubeObject> {
  return withTypeMeta(await client.get<KubeObject>(r.kind, r.namespaced ? namespace : undefined, name), r);
}
