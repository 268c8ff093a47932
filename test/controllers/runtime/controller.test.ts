import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { objectKey, type KubeObject } from '../../../api/types.js';
import type { Informer, InformerHandlers } from '../../../client/index.js';
import { createController, ownerKeyOf } from '../../../controllers/runtime/controller.js';
import type { InformerFactory } from '../../../controllers/runtime/informers.js';
import { makePod, makeReplicaSet } from '../../support/builders.js';

/** Informers fed by hand: add/update/remove run the registered handlers synchronously. */
class FakeInformers implements InformerFactory {
  private readonly caches = new Map<string, Map<string, KubeObject>>();
  private readonly handlers = new Map<string, InformerHandlers<KubeObject>[]>();

  forKind<T extends KubeObject>(kind: string): Informer<T> {
    const cache = this.cache(kind);
    const hs = this.handlersOf(kind);
    const inf: Informer<KubeObject> = {
      start: async () => {}, stop: () => {}, hasSynced: () => true, lastResourceVersion: () => '1',
      addHandlers: (h) => { hs.push(h); },
      list: () => [...cache.values()],
      get: (key) => cache.get(key),
    };
    return inf as unknown as Informer<T>;
  }
  async start(): Promise<void> {}
  stop(): void {}

  upsert(kind: string, obj: KubeObject): void {
    const old = this.cache(kind).get(objectKey(obj));
    this.cache(kind).set(objectKey(obj), obj);
    for (const h of this.handlersOf(kind)) { if (old) h.onUpdate?.(old, obj); else h.onAdd?.(obj); }
  }
  remove(kind: string, obj: KubeObject): void {
    this.cache(kind).delete(objectKey(obj));
    for (const h of this.handlersOf(kind)) h.onDelete?.(obj);
  }
  private cache(kind: string): Map<string, KubeObject> {
    let c = this.caches.get(kind);
    if (!c) { c = new Map(); this.caches.set(kind, c); }
    return c;
  }
  private handlersOf(kind: string): InformerHandlers<KubeObject>[] {
    let h = this.handlers.get(kind);
    if (!h) { h = []; this.handlers.set(kind, h); }
    return h;
  }
}

const logger = pino({ level: 'silent' });
const rsA = makeReplicaSet('a').uid('uid-a').build();
const rsB = makeReplicaSet('b').uid('uid-b').build();

function setup(): { informers: FakeInformers; seen: string[]; start: () => void; idle: () => Promise<void> } {
  const informers = new FakeInformers();
  const seen: string[] = [];
  const c = createController({
    name: 'test', informers, logger, forKind: 'ReplicaSet', owns: ['Pod'],
    watches: [{ kind: 'ConfigMap', map: (o) => [`mapped/${o.metadata.name ?? ''}`], events: ['delete'] }],
    reconcile: async (key) => { seen.push(key); },
  });
  return { informers, seen, start: () => c.start(), idle: () => c.idle() };
}

describe('createController', () => {
  it.each([
    { scenario: 'primary object added', act: (i: FakeInformers) => i.upsert('ReplicaSet', rsA), want: ['default/a'] },
    { scenario: 'owned pod added enqueues its controller', act: (i: FakeInformers) => i.upsert('Pod', makePod('p').controlledBy(rsA).build()), want: ['default/a'] },
    { scenario: 'owned pod deleted enqueues its controller', act: (i: FakeInformers) => i.remove('Pod', makePod('p').controlledBy(rsB).build()), want: ['default/b'] },
    { scenario: 'orphan pod enqueues nothing', act: (i: FakeInformers) => i.upsert('Pod', makePod('p').build()), want: [] },
    {
      scenario: 'controller change enqueues old and new owner',
      act: (i: FakeInformers) => { i.upsert('Pod', makePod('p').controlledBy(rsA).build()); i.upsert('Pod', makePod('p').controlledBy(rsB).build()); },
      want: ['default/a', 'default/b'],
    },
    { scenario: 'watch fires only on its events', act: (i: FakeInformers) => { const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } }; i.upsert('ConfigMap', cm); i.remove('ConfigMap', cm); }, want: ['mapped/x'] },
  ])('$scenario', async ({ act, want }) => {
    const t = setup();
    act(t.informers);
    t.start();
    await t.idle();
    expect([...new Set(t.seen)].sort()).toEqual(want);
  });

  it('collapses duplicate keys queued before start into one reconcile', async () => {
    const t = setup();
    for (let i = 0; i < 5; i++) t.informers.upsert('Pod', makePod(`p${i}`).controlledBy(rsA).build());
    t.start();
    await t.idle();
    expect(t.seen).toEqual(['default/a']);
  });

  it('a requeue beyond what a timer holds waits (progressDeadlineSeconds: 2^31-1 must not spin)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => { warnings.push(w.name); };
    process.on('warning', onWarning);
    const informers = new FakeInformers();
    const seen: string[] = [];
    const c = createController({ name: 'far', informers, logger, forKind: 'ReplicaSet', reconcile: async (key) => { seen.push(key); return { requeueAfterMs: 2 ** 31 * 1000 }; } });
    informers.upsert('ReplicaSet', rsA);
    c.start();
    await c.idle();
    await new Promise((r) => setTimeout(r, 50));
    c.stop();
    process.off('warning', onWarning);
    expect(seen).toEqual(['default/a']);
    expect(warnings).toEqual([]);
  });

  it('ownerKeyOf ignores owners of another kind', () => {
    const pod = makePod('p').build();
    pod.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: 'u', controller: true }];
    expect(ownerKeyOf(pod, 'ReplicaSet')).toBeUndefined();
    expect(ownerKeyOf(pod, 'Deployment')).toBe('default/d');
  });
});
