/**
 * Watch over raw HTTP (wire doc §6): replay from a resourceVersion, synthetic ADDED for "0",
 * selector transitions, 410 Expired, timeoutSeconds, and Table events. The client's watch() and
 * createInformer are in watch-client.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types.js';
import { createMemoryStore } from '../../apiserver/storage/memory.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { call, field, PATCH_TYPES, podManifest, TABLE_ACCEPT } from './helpers.js';
import { openWatch, summary, type OpenWatch } from './watch-stream.js';

const PODS = '/api/v1/namespaces/default/pods';

let api: TestApi;
const watches: OpenWatch[] = [];
afterEach(async () => {
  for (const w of watches.splice(0)) w.close();
  await api.close();
});

async function start(historyLimit?: number): Promise<void> {
  api = await startTestApi(historyLimit ? { store: createMemoryStore({ historyLimit }) } : {});
}
async function watch(query: string, accept?: string): Promise<OpenWatch> {
  const w = await openWatch(api, `${PODS}?watch=true&${query}`, accept);
  watches.push(w);
  return w;
}
const create = (name: string, labels: Record<string, string> = { app: 'web' }): Promise<Pod> => api.client.create(podManifest(name, labels));
const label = (name: string, labels: Record<string, string | null>): Promise<Pod> => api.client.patch<Pod>('Pod', 'default', name, { metadata: { labels } }, 'merge');
const annotate = (name: string, value: string): Promise<Pod> => api.client.patch<Pod>('Pod', 'default', name, { metadata: { annotations: { note: value } } }, 'merge');
const remove = (name: string): Promise<Pod> => api.client.delete<Pod>('Pod', 'default', name);
const listRv = async (query = ''): Promise<string> => String(field((await call(api, `${PODS}?${query}`)).body, 'metadata.resourceVersion'));

describe('watch from a resourceVersion', () => {
  it('replays exactly the changes after N, in order, with their real types, then streams live ones', async () => {
    await start();
    await create('p1');
    const n = await listRv();
    await create('p2');
    await annotate('p1', 'a');
    await create('p3');
    await remove('p2');
    await annotate('p1', 'b');
    await remove('p1');
    const w = await watch(`resourceVersion=${n}`);
    expect(w.status).toBe(200);
    expect(w.contentType).toMatch(/^application\/json/);
    const replay = await w.take(6);
    expect(summary(replay)).toEqual(['ADDED p2', 'MODIFIED p1', 'ADDED p3', 'DELETED p2', 'MODIFIED p1', 'DELETED p1']);
    const rvs = replay.map((e) => Number(field(e.object, 'metadata.resourceVersion')));
    expect(rvs.every((rv) => rv > Number(n))).toBe(true);
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
    await create('p4');
    expect(summary(await w.take(1))).toEqual(['ADDED p4']);
    expect(w.buffered()).toEqual([]);
  });

  it('a watch from the list resourceVersion sends nothing until something changes', async () => {
    await start();
    await create('p1');
    const w = await watch(`resourceVersion=${await listRv()}`);
    await annotate('p1', 'x');
    expect(summary(await w.take(1))).toEqual(['MODIFIED p1']);
  });

  it.each(['resourceVersion=0', 'resourceVersion=', ''])('"%s" starts with ADDED for every existing object', async (query) => {
    await start();
    await create('p1');
    await create('p2');
    const w = await watch(query);
    expect(summary(await w.take(2))).toEqual(['ADDED p1', 'ADDED p2']);
    await remove('p1');
    expect(summary(await w.take(1))).toEqual(['DELETED p1']);
  });

  it('DELETED carries the last state with a newer resourceVersion', async () => {
    await start();
    const p = await create('p1');
    const w = await watch(`resourceVersion=${await listRv()}`);
    await remove('p1');
    const [ev] = await w.take(1);
    expect(ev?.type).toBe('DELETED');
    expect(field(ev?.object, 'metadata.uid')).toBe(p.metadata.uid);
    expect(Number(field(ev?.object, 'metadata.resourceVersion'))).toBeGreaterThan(Number(p.metadata.resourceVersion));
  });
});

describe('selectors on watches', () => {
  it('fieldSelector metadata.name=X only shows X', async () => {
    await start();
    await create('a');
    await create('b');
    const w = await watch('fieldSelector=metadata.name%3Db&resourceVersion=0');
    expect(summary(await w.take(1))).toEqual(['ADDED b']);
    await annotate('a', '1');
    await annotate('b', '1');
    await remove('a');
    await remove('b');
    expect(summary(await w.take(2))).toEqual(['MODIFIED b', 'DELETED b']);
  });

  it('label transitions: stops matching -> DELETED, starts matching -> ADDED', async () => {
    await start();
    const w = await watch(`labelSelector=app%3Dweb&resourceVersion=${await listRv()}`);
    await create('p', { app: 'db' });
    await label('p', { app: 'web' });
    await annotate('p', 'x');
    await label('p', { app: 'db' });
    await annotate('p', 'y');
    await remove('p');
    await create('sentinel');
    expect(summary(await w.take(4))).toEqual(['ADDED p', 'MODIFIED p', 'DELETED p', 'ADDED sentinel']);
  });

  it('in a replay, an object that stopped matching after N arrives as DELETED', async () => {
    await start();
    await create('p');
    const n = await listRv('labelSelector=app%3Dweb');
    await label('p', { app: 'db' });
    await create('sentinel');
    const w = await watch(`labelSelector=app%3Dweb&resourceVersion=${n}`);
    expect(summary(await w.take(2))).toEqual(['DELETED p', 'ADDED sentinel']);
  });

  it('in a replay, an object deleted while not matching is not reported', async () => {
    await start();
    await create('p', { app: 'db' });
    const n = await listRv('labelSelector=app%3Dweb');
    await remove('p');
    await create('sentinel');
    const w = await watch(`labelSelector=app%3Dweb&resourceVersion=${n}`);
    expect(summary(await w.take(1))).toEqual(['ADDED sentinel']);
  });

  it('watches in one namespace do not see another', async () => {
    await start();
    const w = await watch(`resourceVersion=${await listRv()}`);
    await api.client.create(podManifest('elsewhere', { app: 'web' }, 'kube-system'));
    await create('here');
    expect(summary(await w.take(1))).toEqual(['ADDED here']);
  });
});

describe('expiry and timeouts', () => {
  it('a resourceVersion older than the history is HTTP 410 with reason Expired', async () => {
    await start(5);
    for (let i = 0; i < 8; i++) await create(`p${i}`);
    const w = await watch('resourceVersion=1');
    expect(w.status).toBe(410);
    expect(w.errorBody).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 });
    const fresh = await watch(`resourceVersion=${await listRv()}`);
    expect(fresh.status).toBe(200);
  });

  it('timeoutSeconds ends the stream', async () => {
    await start();
    await create('p1');
    const started = Date.now();
    const w = await watch('resourceVersion=0&timeoutSeconds=1');
    expect(summary(await w.rest(4000))).toEqual(['ADDED p1']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('Table watches', () => {
  it('each event object is a Table with one row; the first carries the columns', async () => {
    await start();
    await create('p1');
    const w = await watch('resourceVersion=0', TABLE_ACCEPT);
    await create('p2');
    await api.client.patch('Pod', 'default', 'p2', { metadata: { labels: { x: 'y' } } }, 'merge');
    const events = await w.take(3);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'MODIFIED']);
    for (const e of events) {
      expect(e.object).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
      expect(field(e.object, 'rows')).toHaveLength(1);
      expect(typeof field(e.object, 'metadata.resourceVersion')).toBe('string');
    }
    expect((field(events[0]?.object, 'columnDefinitions') as unknown[]).length).toBeGreaterThan(0);
    const rows = events.map((e) => (field(e.object, 'rows') as { cells: unknown[]; object: unknown }[])[0]);
    expect(rows.map((r) => r?.cells[0])).toEqual(['p1', 'p2', 'p2']);
    expect(field(rows[2]?.object, 'kind')).toBe('PartialObjectMetadata');
    expect(field(rows[2]?.object, 'metadata.labels')).toEqual({ app: 'web', x: 'y' });
  });

  it('a merge patch through PATCH_TYPES shows up as MODIFIED on a plain watch too', async () => {
    await start();
    await create('p1');
    const w = await watch(`resourceVersion=${await listRv()}`);
    await call(api, `${PODS}/p1`, { method: 'PATCH', body: { metadata: { labels: { v: '2' } } }, contentType: PATCH_TYPES.merge });
    expect(summary(await w.take(1))).toEqual(['MODIFIED p1']);
  });
});
