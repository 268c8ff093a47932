/**
 * The generic registry: every verb on every kind goes through here, between the HTTP routes and the
 * Store. It runs admission (validate -> default), owns metadata (uid, resourceVersion, generation,
 * timestamps), maps storage errors to Status errors, and implements Kubernetes' deletion rules
 * (graceful pod deletion, terminating namespaces).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../api/clock.js';
import { deepEqual } from '../api/equal.js';
import { AlreadyExistsError, BadRequestError, ConflictError, ForbiddenError, GoneError, NotFoundError } from '../api/errors.js';
import { DEFAULT_NETWORK, type NetworkConfig, type StrategyContext } from '../api/kinds/kind.js';
import { qualifiedResource, resourceByKind, RESOURCES, type KindDefinition } from '../api/resources.js';
import { matchesFields, matchesLabels, type Selector } from '../api/selector.js';
import type { KubeObject, Pod } from '../api/types.js';
import { isRecord } from '../api/guards.js';
import { validateObject } from '../api/validation.js';
import { collectionPrefix, objectStoreKey } from './keys.js';
import { StorageError, type Store } from './storage/store.js';

export interface Selectors { label: Selector; field: Selector }
export interface WriteOptions { dryRun?: boolean }
export interface DeleteOptions extends WriteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  /** propagationPolicy Orphan: dependents lose their ownerReference to this object instead of being collected. */
  orphanDependents?: boolean;
}


const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function randomSuffix(n = 5): string {
  const bytes = randomBytes(n);
  return [...bytes].map((b) => NAME_CHARS[b % NAME_CHARS.length]).join('');
}

export class Registry {
  /** One prepare-and-store at a time per kind that allocates (its hooks read what the others hold). */
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly ctx: StrategyContext;

  constructor(private readonly store: Store, private readonly clock: Clock, network: NetworkConfig = DEFAULT_NETWORK) {
    this.ctx = {
      clock, network,
      get: (kind, namespace, name) => this.store.get(objectStoreKey(this.kind(kind), namespace, name)),
      list: async (kind, namespace) => (await this.store.list(collectionPrefix(this.kind(kind), namespace))).items,
      namespaceHasObjects: async (namespace) => {
        for (const res of RESOURCES) {
          if (res.namespaced && (await this.store.list(collectionPrefix(res, namespace))).items.length > 0) return true;
        }
        return false;
      },
    };
  }

  private mapError(err: unknown, r: KindDefinition, name: string): never {
    if (err instanceof StorageError) {
      const res = qualifiedResource(r);
      if (err.code === 'KeyExists') throw new AlreadyExistsError(res, name);
      if (err.code === 'NotFound') throw new NotFoundError(res, name);
      if (err.code === 'Conflict') throw new ConflictError(res, name);
      if (err.code === 'Compacted') throw new GoneError(err.message);
    }
    throw err;
  }

  /** Runs `fn` after every earlier call for the same kind has settled. */
  private serialized<T>(kind: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(kind) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(kind, tail);
    void tail.then(() => { if (this.locks.get(kind) === tail) this.locks.delete(kind); });
    return run;
  }

  async get(r: KindDefinition, namespace: string | undefined, name: string): Promise<KubeObject> {
    const obj = await this.store.get(objectStoreKey(r, namespace, name));
    if (!obj) throw new NotFoundError(qualifiedResource(r), name);
    return obj;
  }

  async list(r: KindDefinition, namespace: string | undefined, sel: Selectors): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const { items, revision } = await this.store.list(collectionPrefix(r, namespace));
    return { items: items.filter((o) => this.matches(o, sel)), resourceVersion: String(revision) };
  }

  matches(obj: KubeObject, sel: Selectors): boolean {
    return matchesLabels(sel.label, obj.metadata.labels) && matchesFields(sel.field, obj);
  }

  private async checkNamespace(namespace: string): Promise<void> {
    const ns = await this.store.get(objectStoreKey(this.kind('Namespace'), undefined, namespace));
    if (!ns) throw new NotFoundError('namespaces', namespace);
    if (ns.metadata.deletionTimestamp) throw new ForbiddenError(`unable to create new content in namespace ${namespace} because it is being terminated`);
  }

  kind(kind: string): KindDefinition {
    const r = resourceByKind(kind);
    if (!r) throw new Error(`unknown kind ${kind}`);
    return r;
  }

  /** Create: validate, default, fill metadata, run the kind's create strategy, store. `namespace` comes from the URL. */
  async create(r: KindDefinition, namespace: string | undefined, body: unknown, opts: WriteOptions = {}): Promise<KubeObject> {
    if (isRecord(body) && isRecord(body.metadata) && r.namespaced && namespace) {
      const bodyNs = body.metadata.namespace;
      if (bodyNs !== undefined && bodyNs !== '' && bodyNs !== namespace) throw new BadRequestError('the namespace of the provided object does not match the namespace sent on the request');
    }
    const obj = validateObject(body, r, { forCreate: true });
    const meta = obj.metadata;
    // As Kubernetes: the prefix is cut to 58 characters so the generated name stays a valid name.
    if (!meta.name) meta.name = `${(meta.generateName ?? '').slice(0, 58)}${randomSuffix()}`;
    if (r.namespaced) {
      meta.namespace = namespace ?? meta.namespace ?? 'default';
      await this.checkNamespace(meta.namespace);
    } else delete meta.namespace;
    r.defaults?.(obj);
    meta.uid = randomUUID();
    meta.creationTimestamp = this.clock.now().toISOString();
    meta.generation = 1;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    const strategy = r.strategy ?? {};
    if (!strategy.keepStatusOnCreate) delete obj.status;
    const initial = strategy.initialStatus?.(obj);
    if (initial !== undefined) obj.status = initial;
    const store = async (): Promise<KubeObject> => {
      if (opts.dryRun) return obj;
      try {
        return await this.store.create(objectStoreKey(r, meta.namespace, meta.name ?? ''), obj);
      } catch (err) { return this.mapError(err, r, meta.name ?? ''); }
    };
    const prepare = strategy.prepareForCreate;
    if (!prepare) return store();
    return this.serialized(r.kind, async () => { await prepare(obj, this.ctx); return store(); });
  }

  /**
   * Update (PUT) of the object or its status subresource. A resourceVersion in the body is a
   * precondition. The main resource keeps the stored status; `status` changes only the status.
   * An update that changes nothing is not written (the stored object is returned).
   */
  async update(r: KindDefinition, namespace: string | undefined, name: string, body: unknown, subresource?: 'status', opts: WriteOptions = {}): Promise<KubeObject> {
    const next = validateObject(body, r, { forCreate: false });
    if (next.metadata.name !== name) throw new BadRequestError(`the name of the object (${String(next.metadata.name)}) does not match the name on the URL (${name})`);
    const prepare = subresource === 'status' ? undefined : r.strategy?.prepareForUpdate;
    const run = async (): Promise<KubeObject> => {
      const current = await this.get(r, namespace, name);
      const expected = next.metadata.resourceVersion;
      if (expected !== undefined && expected !== '' && expected !== current.metadata.resourceVersion) throw new ConflictError(qualifiedResource(r), name);
      if (next.metadata.uid && next.metadata.uid !== current.metadata.uid) throw new ConflictError(qualifiedResource(r), name, `Precondition failed: UID in precondition: ${next.metadata.uid}, UID in object meta: ${current.metadata.uid ?? ''}`);
      if (subresource === 'status') return this.write(r, current, { ...current, status: next.status }, opts);
      const merged = this.mergeForUpdate(r, current, next);
      r.strategy?.checkUpdate?.(current, merged);
      if (prepare) await prepare(current, merged, this.ctx);
      if (!deepEqual(current.spec, merged.spec)) merged.metadata.generation = (current.metadata.generation ?? 1) + 1;
      return this.write(r, current, merged, opts);
    };
    return prepare ? this.serialized(r.kind, run) : run();
  }

  private mergeForUpdate(r: KindDefinition, current: KubeObject, next: KubeObject): KubeObject {
    r.defaults?.(next);
    const hasStatusSub = r.subresources.some((s) => s.name === 'status');
    const out: KubeObject = { ...next, metadata: { ...next.metadata } };
    if (hasStatusSub) {
      if (current.status === undefined) delete out.status; else out.status = current.status;
    }
    const m = out.metadata;
    m.uid = current.metadata.uid;
    m.creationTimestamp = current.metadata.creationTimestamp;
    m.namespace = current.metadata.namespace;
    m.generation = current.metadata.generation ?? 1;
    if (current.metadata.deletionTimestamp) m.deletionTimestamp = current.metadata.deletionTimestamp;
    else delete m.deletionTimestamp;
    return out;
  }

  /** Stores `next` over `current` with a compare-and-swap on current's revision; skips no-op writes. */
  async write(r: KindDefinition, current: KubeObject, next: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    const name = current.metadata.name ?? '';
    const stripRv = (o: KubeObject): unknown => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
    if (deepEqual(stripRv(current), stripRv(next))) return current;
    if (opts.dryRun) return next;
    try {
      return await this.store.update(objectStoreKey(r, current.metadata.namespace, name), next, Number(current.metadata.resourceVersion));
    } catch (err) { return this.mapError(err, r, name); }
  }

  /**
   * Read-modify-write with retries on conflict (what PATCH and the subresources use): `mutate`
   * gets a copy of the current object and returns the desired one. `precondition` is a
   * resourceVersion the caller insists on (no retries then).
   */
  async modify(r: KindDefinition, namespace: string | undefined, name: string, mutate: (cur: KubeObject) => KubeObject, opts: WriteOptions & { subresource?: 'status'; precondition?: string } = {}): Promise<KubeObject> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.get(r, namespace, name);
      if (opts.precondition !== undefined && opts.precondition !== current.metadata.resourceVersion) throw new ConflictError(qualifiedResource(r), name);
      const desired = mutate(structuredClone(current));
      if (!isRecord(desired) || !isRecord(desired.metadata)) throw new BadRequestError('the patched object must have metadata');
      desired.metadata = { ...desired.metadata, resourceVersion: current.metadata.resourceVersion ?? '' };
      try {
        return await this.update(r, namespace, name, desired, opts.subresource, opts);
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt >= 5 || opts.precondition !== undefined) throw err;
      }
    }
  }

  /** Binds a pod to a node (pods/binding): sets spec.nodeName and PodScheduled=True in one write. */
  async bind(namespace: string, name: string, nodeName: string, opts: WriteOptions = {}): Promise<KubeObject> {
    const r = this.kind('Pod');
    for (let attempt = 0; ; attempt++) {
      const current = (await this.get(r, namespace, name)) as Pod;
      if (current.spec.nodeName) throw new ConflictError('pods', name, `pod ${name} is already assigned to node "${current.spec.nodeName}"`);
      if (current.metadata.deletionTimestamp) throw new ConflictError('pods', name, 'pod is being deleted');
      const next = structuredClone(current);
      next.spec.nodeName = nodeName;
      const conditions = (next.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'True', lastTransitionTime: this.clock.now().toISOString(), lastProbeTime: null });
      next.status = { ...next.status, conditions };
      try {
        return await this.write(r, current, next, opts);
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt >= 5) throw err;
      }
    }
  }

  /** Delete with Kubernetes' rules (the kind's delete strategy); returns the deleted (or now-terminating) object. */
  async delete(r: KindDefinition, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<KubeObject> {
    const current = await this.get(r, namespace, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) throw new ConflictError(qualifiedResource(r), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid ?? ''}`);
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) throw new ConflictError(qualifiedResource(r), name);
    const decision = r.strategy?.delete ? await r.strategy.delete(current, { ...(opts.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: opts.gracePeriodSeconds } : {}) }, this.ctx) : { action: 'remove' as const };
    if (decision.action === 'keep') return current;
    if (decision.action === 'mark') return this.write(r, current, decision.object, opts);
    if (opts.orphanDependents && !opts.dryRun) return this.remove(r, await this.orphanDependents(r, current), opts);
    return this.remove(r, current, opts);
  }

  /**
   * propagationPolicy Orphan, before the owner goes: mark it deleting (controllers then stop
   * adopting for it), then take its ownerReference off every dependent, so the garbage collector
   * never sees them owner-less. Returns the marked owner.
   */
  private async orphanDependents(r: KindDefinition, owner: KubeObject): Promise<KubeObject> {
    const marked = owner.metadata.deletionTimestamp ? owner : await this.write(r, owner, { ...owner, metadata: { ...owner.metadata, deletionTimestamp: this.clock.now().toISOString() } });
    await this.releaseDependents(marked);
    return marked;
  }

  /** Removes every ownerReference to `owner` from the objects in its namespace (retrying on conflict). */
  private async releaseDependents(owner: KubeObject): Promise<void> {
    const uid = owner.metadata.uid;
    if (!uid) return;
    for (const res of RESOURCES) {
      if (res.namespaced !== !!owner.metadata.namespace) continue;
      const { items } = await this.store.list(collectionPrefix(res, owner.metadata.namespace));
      for (const dep of items) {
        if (!dep.metadata.ownerReferences?.some((ref) => ref.uid === uid)) continue;
        await this.modify(res, dep.metadata.namespace, dep.metadata.name ?? '', (cur) => {
          const refs = (cur.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== uid);
          cur.metadata = { ...cur.metadata, ownerReferences: refs };
          if (refs.length === 0) delete cur.metadata.ownerReferences;
          return cur;
        }).catch((err: unknown) => { if (!(err instanceof NotFoundError)) throw err; });
      }
    }
  }

  private async remove(r: KindDefinition, current: KubeObject, opts: WriteOptions): Promise<KubeObject> {
    const name = current.metadata.name ?? '';
    if (opts.dryRun) return current;
    try {
      return await this.store.delete(objectStoreKey(r, current.metadata.namespace, name), Number(current.metadata.resourceVersion));
    } catch (err) { return this.mapError(err, r, name); }
  }
}
