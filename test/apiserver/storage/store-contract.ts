/**
 * The Store contract suite (style habit 8): every backend runs exactly these cases. A backend's own
 * test file calls runStoreContract with a factory and adds only what is specific to it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '../../../api/types.js';
import type { StoreCoreOptions } from '../../../apiserver/storage/store-core.js';
import { StorageError, type Store, type StorageErrorCode, type StoreEvent } from '../../../apiserver/storage/store.js';

/** Opens a fresh, empty store. Options must be honoured (history size, watcher error hook). */
export type MakeStore = (opts: StoreCoreOptions) => Promise<Store>;

/** A small object that remembers its key (annotation test/key) and a value in spec. */
export function makeObject(key: string, value = 'v1'): KubeObject {
  const name = key.split('/').filter(Boolean).pop() ?? 'unnamed';
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, annotations: { 'test/key': key } }, spec: { value } };
}

function keyOf(obj: KubeObject): string | undefined { return obj.metadata.annotations?.['test/key']; }

/** Asserts that `work` rejects with StorageError of `code`. */
export async function expectStorageError(work: Promise<unknown>, code: StorageErrorCode): Promise<void> {
  const err: unknown = await work.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(StorageError);
  expect(err).toMatchObject({ code });
}

function collect(store: Store, prefix: string, from: number): { events: StoreEvent[]; stop: () => void } {
  const events: StoreEvent[] = [];
  const handle = store.watch(prefix, from, (e) => { events.push(e); });
  return { events, stop: () => handle.stop() };
}

const summary = (events: StoreEvent[]): string[] => events.map((e) => `${e.type} ${e.key} @${e.revision}`);

/** Registers the contract suite for one backend. */
export function runStoreContract(name: string, makeStore: MakeStore): void {
  describe(`Store contract: ${name}`, () => {
    const opened: Store[] = [];
    const open = async (opts: StoreCoreOptions = {}): Promise<Store> => {
      const store = await makeStore({ onWatcherError: () => {}, ...opts });
      opened.push(store);
      return store;
    };
    afterEach(async () => { await Promise.all(opened.splice(0).map((s) => s.close())); });

    it('starts empty at revision 0', async () => {
      const store = await open();
      expect(store.currentRevision()).toBe(0);
      expect(await store.list('/')).toEqual({ items: [], revision: 0 });
      expect(await store.get('/pods/default/a')).toBeUndefined();
    });

    it('create stamps resourceVersion as the string of the new revision, and get returns it', async () => {
      const store = await open();
      const created = await store.create('/pods/default/a', makeObject('/pods/default/a'));
      expect(created.metadata.resourceVersion).toBe('1');
      expect(store.currentRevision()).toBe(1);
      expect(await store.get('/pods/default/a')).toEqual(created);
    });

    it('create of a taken key throws KeyExists and changes nothing', async () => {
      const store = await open();
      await store.create('/pods/default/a', makeObject('/pods/default/a', 'first'));
      await expectStorageError(store.create('/pods/default/a', makeObject('/pods/default/a', 'second')), 'KeyExists');
      expect(store.currentRevision()).toBe(1);
      expect((await store.get('/pods/default/a'))?.spec).toEqual({ value: 'first' });
    });

    describe('list', () => {
      const keys = ['/pods/default2/c', '/pods/default/b', '/nodes/n1', '/pods/default/a', '/pods/kube-system/x'];
      it.each([
        { scenario: 'a namespace prefix does not match a longer namespace', prefix: '/pods/default/', want: ['/pods/default/a', '/pods/default/b'] },
        { scenario: 'the longer namespace alone', prefix: '/pods/default2/', want: ['/pods/default2/c'] },
        { scenario: 'a kind prefix spans namespaces, sorted by key', prefix: '/pods/', want: ['/pods/default/a', '/pods/default/b', '/pods/default2/c', '/pods/kube-system/x'] },
        { scenario: 'the root prefix returns everything', prefix: '/', want: ['/nodes/n1', '/pods/default/a', '/pods/default/b', '/pods/default2/c', '/pods/kube-system/x'] },
        { scenario: 'an unknown prefix is empty', prefix: '/services/', want: [] },
      ])('$scenario ($prefix)', async ({ prefix, want }) => {
        const store = await open();
        for (const key of keys) await store.create(key, makeObject(key));
        const { items, revision } = await store.list(prefix);
        expect(items.map(keyOf)).toEqual(want);
        expect(revision).toBe(store.currentRevision());
      });
    });

    describe.each([
      { scenario: 'without expectedRevision succeeds unconditionally', key: 'a', expected: () => undefined, error: undefined },
      { scenario: 'with the stored revision succeeds', key: 'a', expected: (stored: number) => stored, error: undefined },
      { scenario: 'with a stale revision throws Conflict', key: 'a', expected: (stored: number) => stored - 1, error: 'Conflict' as const },
      { scenario: 'of a missing key throws NotFound', key: 'missing', expected: () => undefined, error: 'NotFound' as const },
    ])('compare-and-swap: $scenario', ({ key, expected, error }) => {
      const setUp = async (): Promise<{ store: Store; stored: number }> => {
        const store = await open();
        await store.create('/pods/default/a', makeObject('/pods/default/a', 'old'));
        await store.update('/pods/default/a', makeObject('/pods/default/a', 'current'));
        return { store, stored: store.currentRevision() };
      };

      it('update', async () => {
        const { store, stored } = await setUp();
        const work = store.update(`/pods/default/${key}`, makeObject(`/pods/default/${key}`, 'new'), expected(stored));
        if (error) {
          await expectStorageError(work, error);
          expect(store.currentRevision()).toBe(stored);
          expect((await store.get('/pods/default/a'))?.spec).toEqual({ value: 'current' });
          return;
        }
        const updated = await work;
        expect(updated.metadata.resourceVersion).toBe(String(stored + 1));
        expect(await store.get('/pods/default/a')).toEqual(updated);
      });

      it('delete', async () => {
        const { store, stored } = await setUp();
        const work = store.delete(`/pods/default/${key}`, expected(stored));
        if (error) {
          await expectStorageError(work, error);
          expect(store.currentRevision()).toBe(stored);
          expect(await store.get('/pods/default/a')).toBeDefined();
          return;
        }
        const last = await work;
        expect(last.spec).toEqual({ value: 'current' });
        expect(last.metadata.resourceVersion).toBe(String(stored));
        expect(store.currentRevision()).toBe(stored + 1);
        expect(await store.get('/pods/default/a')).toBeUndefined();
      });
    });

    it('every write bumps the revision by one, strictly increasing', async () => {
      const store = await open();
      const writes: Array<() => Promise<KubeObject>> = [
        () => store.create('/a/1', makeObject('/a/1')),
        () => store.create('/a/2', makeObject('/a/2')),
        () => store.update('/a/1', makeObject('/a/1', 'v2')),
        () => store.delete('/a/2'),
        () => store.create('/a/2', makeObject('/a/2', 'again')),
      ];
      const revisions: number[] = [];
      for (const write of writes) {
        await write();
        revisions.push(store.currentRevision());
      }
      expect(revisions).toEqual([1, 2, 3, 4, 5]);
      expect((await store.get('/a/2'))?.metadata.resourceVersion).toBe('5');
    });

    it('concurrent creates get distinct revisions and live events in revision order', async () => {
      const store = await open();
      const live = collect(store, '/burst/', 0);
      const created = await Promise.all(Array.from({ length: 100 }, (_, i) => store.create(`/burst/${i}`, makeObject(`/burst/${i}`))));
      expect(new Set(created.map((o) => o.metadata.resourceVersion)).size).toBe(100);
      expect(store.currentRevision()).toBe(100);
      expect(live.events.map((e) => e.revision)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(summary(collect(store, '/burst/', 0).events)).toEqual(summary(live.events));
    });

    describe('watch', () => {
      /** r1 ADDED a, r2 ADDED b, r3 MODIFIED a, r4 ADDED default2/z, r5 DELETED b. */
      const seed = async (store: Store): Promise<void> => {
        await store.create('/pods/default/a', makeObject('/pods/default/a'));
        await store.create('/pods/default/b', makeObject('/pods/default/b'));
        await store.update('/pods/default/a', makeObject('/pods/default/a', 'v2'));
        await store.create('/pods/default2/z', makeObject('/pods/default2/z'));
        await store.delete('/pods/default/b');
      };

      it('replays events after fromRevision under the prefix, then streams live ones', async () => {
        const store = await open();
        await seed(store);
        const watch = collect(store, '/pods/default/', 1);
        expect(summary(watch.events)).toEqual(['ADDED /pods/default/b @2', 'MODIFIED /pods/default/a @3', 'DELETED /pods/default/b @5']);
        await store.create('/pods/default2/y', makeObject('/pods/default2/y'));
        await store.create('/pods/default/c', makeObject('/pods/default/c'));
        expect(summary(watch.events).slice(3)).toEqual(['ADDED /pods/default/c @7']);
      });

      it('a DELETED event carries the last state stamped with the delete revision', async () => {
        const store = await open();
        await seed(store);
        const deleted = collect(store, '/pods/default/b', 4).events[0];
        expect(deleted?.type).toBe('DELETED');
        expect(deleted?.object.metadata.resourceVersion).toBe('5');
        expect(keyOf(deleted?.object ?? makeObject('/none'))).toBe('/pods/default/b');
      });

      it.each([
        { scenario: 'older than the retained window', from: 2, want: 'Compacted' },
        { scenario: 'exactly at the compaction point', from: 3, want: [4, 5, 6] },
        { scenario: 'the current revision', from: 6, want: [] },
      ])('with historyLimit 3 after 6 writes, watch from a revision $scenario', async ({ from, want }) => {
        const store = await open({ historyLimit: 3 });
        for (let i = 1; i <= 6; i++) await store.create(`/h/${i}`, makeObject(`/h/${i}`));
        if (want === 'Compacted') {
          let err: unknown;
          try { store.watch('/h/', from, () => {}); } catch (e) { err = e; }
          expect(err).toBeInstanceOf(StorageError);
          expect(err).toMatchObject({ code: 'Compacted' });
          return;
        }
        expect(collect(store, '/h/', from).events.map((e) => e.revision)).toEqual(want);
      });

      it('a watch opened while a write is in flight sees it exactly once', async () => {
        const store = await open();
        const inFlight = store.create('/a', makeObject('/a'));
        const fromBefore = collect(store, '/', 0);
        const fromAfter = collect(store, '/', store.currentRevision());
        await inFlight;
        await store.create('/b', makeObject('/b'));
        expect(summary(fromBefore.events)).toEqual(['ADDED /a @1', 'ADDED /b @2']);
        expect(summary(fromAfter.events)).toEqual(['ADDED /b @2']);
      });

      it('a write made inside a watch callback reaches every watcher after the current event', async () => {
        const store = await open();
        const followUps: Array<Promise<KubeObject>> = [];
        store.watch('/a', 0, () => { followUps.push(store.create('/b', makeObject('/b'))); });
        const observer = collect(store, '/', 0);
        await store.create('/a', makeObject('/a'));
        await Promise.all(followUps);
        expect(summary(observer.events)).toEqual(['ADDED /a @1', 'ADDED /b @2']);
      });

      it('stop() ends delivery and is idempotent', async () => {
        const store = await open();
        const watch = collect(store, '/', 0);
        await store.create('/a', makeObject('/a'));
        watch.stop();
        watch.stop();
        await store.create('/b', makeObject('/b'));
        expect(summary(watch.events)).toEqual(['ADDED /a @1']);
      });

      it('a throwing watcher breaks neither the store nor other watchers', async () => {
        const onWatcherError = vi.fn();
        const store = await open({ onWatcherError });
        store.watch('/', 0, () => { throw new Error('watcher bug'); });
        const healthy = collect(store, '/', 0);
        await store.create('/a', makeObject('/a'));
        await store.create('/b', makeObject('/b'));
        expect(summary(healthy.events)).toEqual(['ADDED /a @1', 'ADDED /b @2']);
        expect(onWatcherError).toHaveBeenCalledTimes(2);
        expect(await store.get('/b')).toBeDefined();
      });
    });

    it('copies are never shared with the caller', async () => {
      const store = await open();
      const input = makeObject('/a', 'original');
      const fromWatch = collect(store, '/', 0);
      const otherWatch = collect(store, '/', 0);
      const created = await store.create('/a', input);
      input.metadata.name = 'mutated-input';
      created.metadata.name = 'mutated-result';
      const event = fromWatch.events[0];
      if (event) event.object.metadata.name = 'mutated-event';
      const got = await store.get('/a');
      if (got) got.metadata.name = 'mutated-get';
      const listed = (await store.list('/')).items[0];
      if (listed) listed.metadata.name = 'mutated-list';
      expect((await store.get('/a'))?.metadata.name).toBe('a');
      expect(otherWatch.events[0]?.object.metadata.name).toBe('a');
      expect(input.metadata.resourceVersion).toBeUndefined();
    });

    it('close() is idempotent and later calls fail', async () => {
      const store = await open();
      await store.create('/a', makeObject('/a'));
      await store.close();
      await store.close();
      await expect(store.get('/a')).rejects.toThrow(/closed/);
      await expect(store.create('/b', makeObject('/b'))).rejects.toThrow(/closed/);
      expect(() => store.watch('/', 0, () => {})).toThrow(/closed/);
    });
  });
}
