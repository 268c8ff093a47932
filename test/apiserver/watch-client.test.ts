/**
 * The client side of watches against the real server: ApiClient.watch() and createInformer,
 * including the relist after 410 Gone (STYLE habit 9).
 */
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { GoneError } from '../../api/errors.js';
import type { KubeObject, Pod, WatchEvent } from '../../api/types.js';
import { createMemoryStore } from '../../apiserver/storage/memory.js';
import { ApiClient } from '../../client/client.js';
import { createInformer, type Informer } from '../../client/informer.js';
import type { RequestOptions, Transport } from '../../client/transport.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { waitFor } from '../support/wait.js';
import { podManifest } from './helpers.js';

let api: TestApi;
const informers: Informer<KubeObject>[] = [];
const clients: ApiClient[] = [];
afterEach(async () => {
  for (const i of informers.splice(0)) i.stop();
  for (const c of clients.splice(0)) c.close();
  await api.close();
});

const create = (name: string): Promise<Pod> => api.client.create(podManifest(name));
const annotate = (name: string, value: string): Promise<Pod> => api.client.patch<Pod>('Pod', 'default', name, { metadata: { annotations: { note: value } } }, 'merge');
const remove = (name: string): Promise<Pod> => api.client.delete<Pod>('Pod', 'default', name);

describe('ApiClient.watch', () => {
  it('yields ADDED, MODIFIED and DELETED and ends when aborted', async () => {
    api = await startTestApi();
    await create('p1');
    const abort = new AbortController();
    const seen: string[] = [];
    const done = (async () => {
      for await (const ev of api.client.watch<Pod>('Pod', 'default', { resourceVersion: '0', signal: abort.signal })) {
        seen.push(`${ev.type} ${ev.object.metadata.name ?? ''}`);
        if (seen.length === 4) abort.abort();
      }
    })();
    await waitFor(() => seen.length === 1, { message: 'the initial ADDED' });
    await annotate('p1', 'x');
    await create('p2');
    await remove('p1');
    await done;
    expect(seen).toEqual(['ADDED p1', 'MODIFIED p1', 'ADDED p2', 'DELETED p1']);
  });

  it('a too-old resourceVersion throws GoneError', async () => {
    api = await startTestApi({ store: createMemoryStore({ historyLimit: 5 }) });
    for (let i = 0; i < 8; i++) await create(`p${i}`);
    const gen = api.client.watch('Pod', 'default', { resourceVersion: '1' });
    await expect(gen.next()).rejects.toBeInstanceOf(GoneError);
  });

  it('timeoutSeconds ends the generator', async () => {
    api = await startTestApi();
    const events: WatchEvent<Pod>[] = [];
    for await (const ev of api.client.watch<Pod>('Pod', 'default', { timeoutSeconds: 1 })) events.push(ev);
    expect(events).toEqual([]);
  });
});

/** Wraps a transport so a test can cut the current watch stream and hold the next one at a gate. */
function controllableTransport(inner: Transport): { transport: Transport; cutWatch(): void; holdNextWatch(): () => void; watchCalls(): number; listCalls(): number } {
  let current: Readable | undefined;
  let gate: Promise<void> | undefined;
  let calls = 0;
  let lists = 0;
  const isWatch = (opts?: RequestOptions): boolean => opts?.query?.watch === true;
  const transport: Transport = {
    json(path, opts) {
      if ((opts?.method ?? 'GET') === 'GET' && path.endsWith('/pods')) lists++;
      return inner.json(path, opts);
    },
    async stream(path, opts) {
      if (isWatch(opts)) {
        calls++;
        if (gate) await gate;
      }
      const s = await inner.stream(path, opts);
      if (isWatch(opts)) current = s;
      return s;
    },
    close: () => inner.close(),
  };
  return {
    transport,
    cutWatch: () => current?.destroy(),
    holdNextWatch() {
      let open: () => void = () => undefined;
      gate = new Promise<void>((resolve) => { open = () => { gate = undefined; resolve(); }; });
      return open;
    },
    watchCalls: () => calls,
    listCalls: () => lists,
  };
}

describe('createInformer', () => {
  function recording(informer: Informer<KubeObject>): string[] {
    const log: string[] = [];
    informer.addHandlers({
      onAdd: (o) => log.push(`add ${o.metadata.name ?? ''}`),
      onUpdate: (_old, o) => log.push(`update ${o.metadata.name ?? ''} ${o.metadata.annotations?.note ?? ''}`),
      onDelete: (o) => log.push(`delete ${o.metadata.name ?? ''}`),
    });
    return log;
  }

  it('lists, then sees adds, updates and deletes', async () => {
    api = await startTestApi();
    await create('p1');
    const informer = createInformer<KubeObject>(api.client, 'Pod', { namespace: 'default' });
    informers.push(informer);
    const log = recording(informer);
    await informer.start();
    expect(informer.hasSynced()).toBe(true);
    expect(informer.get('default/p1')?.metadata.name).toBe('p1');
    await create('p2');
    await annotate('p1', 'v2');
    await remove('p2');
    await waitFor(() => log.length === 4, { message: 'four handler calls' });
    expect(log).toEqual(['add p1', 'add p2', 'update p1 v2', 'delete p2']);
    expect(informer.list().map((o) => o.metadata.name)).toEqual(['p1']);
    expect(Number(informer.lastResourceVersion())).toBe(api.store.currentRevision());
  });

  it('relists after 410: objects deleted meanwhile are reported as deletes, new ones as adds', async () => {
    api = await startTestApi({ store: createMemoryStore({ historyLimit: 5 }) });
    await create('keep');
    await create('doomed');
    const ctl = controllableTransport(api.client.transport);
    const client = new ApiClient(api.client.config, ctl.transport);
    clients.push(client);
    const informer = createInformer<KubeObject>(client, 'Pod', { namespace: 'default', retryDelayMs: 10 });
    informers.push(informer);
    const log = recording(informer);
    await informer.start();
    await waitFor(() => ctl.watchCalls() === 1, { message: 'the first watch' });
    const open = ctl.holdNextWatch();
    ctl.cutWatch();
    await waitFor(() => ctl.watchCalls() === 2, { message: 'the informer to re-watch' });
    await remove('doomed');
    await create('fresh');
    for (let i = 0; i < 6; i++) await annotate('keep', `v${i}`);
    open();
    await waitFor(() => informer.get('default/fresh') !== undefined && informer.get('default/doomed') === undefined, { message: 'the relist' });
    expect(log).toContain('delete doomed');
    expect(log).toContain('add fresh');
    expect(informer.get('default/keep')?.metadata.annotations?.note).toBe('v5');
    expect(informer.list().map((o) => o.metadata.name).sort()).toEqual(['fresh', 'keep']);
    expect(ctl.listCalls()).toBe(2); // the first list and the relist the 410 forced
    await create('after');
    await waitFor(() => informer.get('default/after') !== undefined, { message: 'the watch after the relist' });
  });
});
