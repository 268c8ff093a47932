import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FsyncJsonFile } from '../../../apiserver/storage/fsync-json-file.js';
import { createLowdbStore } from '../../../apiserver/storage/lowdb.js';
import type { Store } from '../../../apiserver/storage/store.js';
import { makeObject, runStoreContract } from './store-contract.js';

const dirs: string[] = [];
const stores: Store[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tugboat-lowdb-'));
  dirs.push(dir);
  return dir;
}

async function openStore(file: string): Promise<Store> {
  const store = await createLowdbStore({ file, onWatcherError: () => {} });
  stores.push(store);
  return store;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(stores.splice(0).map((s) => s.close().catch(() => {})));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

runStoreContract('lowdb', async (opts) => createLowdbStore({ ...opts, file: join(await tempDir(), 'store.json') }));

describe('lowdb store', () => {
  it('reopening after close shows the same objects and revision, and continues from it', async () => {
    const file = join(await tempDir(), 'store.json');
    const first = await openStore(file);
    await first.create('/pods/default/a', makeObject('/pods/default/a'));
    await first.create('/pods/default/b', makeObject('/pods/default/b'));
    await first.update('/pods/default/a', makeObject('/pods/default/a', 'v2'));
    await first.delete('/pods/default/b');
    const before = await first.list('/');
    await first.close();

    const second = await openStore(file);
    expect(second.currentRevision()).toBe(4);
    expect(await second.list('/')).toEqual(before);
    const updated = await second.update('/pods/default/a', makeObject('/pods/default/a', 'v3'), 3);
    expect(updated.metadata.resourceVersion).toBe('5');
  });

  it('after a reopen, watch history starts at the loaded revision', async () => {
    const file = join(await tempDir(), 'store.json');
    const first = await openStore(file);
    for (const key of ['/a', '/b', '/c']) await first.create(key, makeObject(key));
    await first.close();

    const second = await openStore(file);
    expect(() => second.watch('/', 2, () => {})).toThrow(expect.objectContaining({ code: 'Compacted' }));
    const seen: number[] = [];
    second.watch('/', 3, (e) => { seen.push(e.revision); });
    await second.create('/d', makeObject('/d'));
    expect(seen).toEqual([4]);
  });

  it('a missing file (and directory) starts empty; the first write creates it', async () => {
    const file = join(await tempDir(), 'nested', 'dir', 'store.json');
    const store = await openStore(file);
    expect(store.currentRevision()).toBe(0);
    await store.create('/a', makeObject('/a'));
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ revision: 1, objects: { '/a': { metadata: { resourceVersion: '1' } } } });
  });

  it('an acknowledged write is already in the file, and its watch event fires only after that', async () => {
    const file = join(await tempDir(), 'store.json');
    const store = await openStore(file);
    const onDiskAtEvent: boolean[] = [];
    store.watch('/', 0, (e) => {
      const doc: unknown = JSON.parse(readFileSync(file, 'utf8'));
      onDiskAtEvent.push(JSON.stringify(doc).includes(JSON.stringify(e.key)));
    });
    await Promise.all(['/a', '/b', '/c'].map((key) => store.create(key, makeObject(key))));
    expect(onDiskAtEvent).toEqual([true, true, true]);
    const doc: unknown = JSON.parse(await readFile(file, 'utf8'));
    expect(doc).toMatchObject({ revision: 3, objects: { '/a': {}, '/b': {}, '/c': {} } });
  });

  it.each([
    { scenario: 'truncated JSON', text: '{"revision":3,"objects":{"/a":{"apiVersion":"v1"' },
    { scenario: 'an empty file', text: '' },
    { scenario: 'a string revision', text: '{"revision":"3","objects":{}}' },
    { scenario: 'objects as an array', text: '{"revision":1,"objects":[]}' },
    { scenario: 'an object without metadata', text: '{"revision":1,"objects":{"/a":{"apiVersion":"v1","kind":"Pod"}}}' },
    { scenario: 'an object newer than the file', text: '{"revision":1,"objects":{"/a":{"apiVersion":"v1","kind":"Pod","metadata":{"resourceVersion":"7"}}}}' },
  ])('a corrupt file ($scenario) fails loudly and is left untouched', async ({ text }) => {
    const file = join(await tempDir(), 'store.json');
    await writeFile(file, text);
    await expect(createLowdbStore({ file })).rejects.toThrow(/cannot open store file .*not a valid store file.*Refusing to start empty/);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('an unreadable store path fails loudly', async () => {
    const file = join(await tempDir(), 'store.json');
    await mkdir(file);
    await expect(createLowdbStore({ file })).rejects.toThrow(/cannot open store file/);
  });

  it('a failed file write rejects the write and the store refuses later calls', async () => {
    const dir = await tempDir();
    const store = await openStore(join(dir, 'store.json'));
    await store.create('/a', makeObject('/a'));
    await rm(dir, { recursive: true, force: true });
    const results = await Promise.allSettled([store.create('/b', makeObject('/b')), store.create('/c', makeObject('/c'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(store.get('/a')).rejects.toThrow(/unusable after a failed write/);
  });

  it('group commit: 2000 concurrent creates into a store of 5000 objects take a handful of file writes', async () => {
    const store = await openStore(join(await tempDir(), 'store.json'));
    await Promise.all(Array.from({ length: 5000 }, (_, i) => store.create(`/pods/seed/${i}`, makeObject(`/pods/seed/${i}`))));
    const writes = vi.spyOn(FsyncJsonFile.prototype, 'write');
    await Promise.all(Array.from({ length: 2000 }, (_, i) => store.create(`/pods/burst/${i}`, makeObject(`/pods/burst/${i}`))));
    expect(writes.mock.calls.length).toBeLessThanOrEqual(3);
    expect((await store.list('/pods/burst/')).items).toHaveLength(2000);
  }, 30_000);

  it('group commit: sequential writers arriving during a flush share the next one', async () => {
    const store = await openStore(join(await tempDir(), 'store.json'));
    const writes = vi.spyOn(FsyncJsonFile.prototype, 'write');
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; i < 20; i++) await store.create(`/w/${w}/${i}`, makeObject(`/w/${w}/${i}`));
    };
    await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
    expect(store.currentRevision()).toBe(320);
    // 16 writers x 20 sequential creates: about one flush per round, far fewer than 320.
    expect(writes.mock.calls.length).toBeLessThanOrEqual(45);
  });
});
