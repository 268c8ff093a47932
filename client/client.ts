/**
 * A typed client for the Tugboat (Kubernetes) API. Kinds are named by their `kind` string and looked
 * up in api/resources.ts, so `client.get<Pod>('Pod', 'default', 'web-1')` builds
 * `/api/v1/namespaces/default/pods/web-1`.
 */
import type { Readable } from 'node:stream';
import { BadRequestError } from '../api/errors.js';
import { groupVersion, resourceByKind, type ResourceInfo } from '../api/resources.js';
import type { KubeList, KubeObject, WatchEvent } from '../api/types.js';
import type { ConnectionConfig } from './kubeconfig.js';
import { createTransport, type Transport } from './transport.js';

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';
const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface ListOptions { labelSelector?: string; fieldSelector?: string; resourceVersion?: string }
export interface WatchOptions extends ListOptions { timeoutSeconds?: number; signal?: AbortSignal }
export interface DeleteOptions { propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'; gracePeriodSeconds?: number; preconditions?: { uid?: string; resourceVersion?: string } }

/** Finds a kind or throws a BadRequestError naming it. */
export function kindInfo(kind: string): ResourceInfo {
  const r = resourceByKind(kind);
  if (!r) throw new BadRequestError(`unknown kind "${kind}"`);
  return r;
}

/** The URL path of a collection or object (and optional subresource). */
export function resourcePath(r: ResourceInfo, namespace: string | undefined, name?: string, subresource?: string): string {
  let p = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  if (r.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.resource}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}

function objectPath(obj: KubeObject, subresource?: string): string {
  const r = kindInfo(obj.kind);
  return resourcePath(r, obj.metadata.namespace, obj.metadata.name ?? '', subresource);
}

export class ApiClient {
  readonly transport: Transport;
  readonly config: ConnectionConfig;
  constructor(config: ConnectionConfig, transport?: Transport) {
    this.config = config;
    this.transport = transport ?? createTransport(config);
  }

  get<T extends KubeObject>(kind: string, namespace: string | undefined, name: string): Promise<T> {
    return this.transport.json<T>(resourcePath(kindInfo(kind), namespace, name));
  }

  /** Lists a kind in one namespace, or in all namespaces when `namespace` is undefined. */
  list<T extends KubeObject>(kind: string, namespace: string | undefined, opts: ListOptions = {}): Promise<KubeList<T>> {
    return this.transport.json<KubeList<T>>(resourcePath(kindInfo(kind), namespace), { query: { ...opts } });
  }

  create<T extends KubeObject>(obj: T, query?: Record<string, string>): Promise<T> {
    const r = kindInfo(obj.kind);
    const body = { ...obj, apiVersion: obj.apiVersion || groupVersion(r) };
    return this.transport.json<T>(resourcePath(r, obj.metadata.namespace), { method: 'POST', body, ...(query ? { query } : {}) });
  }

  /** PUT; `metadata.resourceVersion` in `obj` is the precondition (409 ConflictError when stale). */
  update<T extends KubeObject>(obj: T, subresource?: string): Promise<T> {
    return this.transport.json<T>(objectPath(obj, subresource), { method: 'PUT', body: obj });
  }

  updateStatus<T extends KubeObject>(obj: T): Promise<T> {
    return this.update(obj, 'status');
  }

  patch<T extends KubeObject>(kind: string, namespace: string | undefined, name: string, patch: unknown, type: PatchType = 'merge', subresource?: string, query?: Record<string, string>): Promise<T> {
    return this.transport.json<T>(resourcePath(kindInfo(kind), namespace, name, subresource), {
      method: 'PATCH', body: patch, contentType: PATCH_CONTENT_TYPES[type], ...(query ? { query } : {}),
    });
  }

  delete<T extends KubeObject>(kind: string, namespace: string | undefined, name: string, opts: DeleteOptions = { propagationPolicy: 'Background' }): Promise<T> {
    return this.transport.json<T>(resourcePath(kindInfo(kind), namespace, name), { method: 'DELETE', body: opts });
  }

  /** POSTs to a subresource (pods/binding). */
  createSubresource<T>(kind: string, namespace: string | undefined, name: string, subresource: string, body: unknown): Promise<T> {
    return this.transport.json<T>(resourcePath(kindInfo(kind), namespace, name, subresource), { method: 'POST', body });
  }

  /**
   * Opens a watch and yields its events until the server ends the stream or `signal` aborts.
   * A 410 answer throws GoneError; an ERROR event is yielded as is.
   */
  async *watch<T extends KubeObject>(kind: string, namespace: string | undefined, opts: WatchOptions = {}): AsyncGenerator<WatchEvent<T>> {
    const { signal, ...q } = opts;
    const stream = await this.transport.stream(resourcePath(kindInfo(kind), namespace), { query: { ...q, watch: true }, ...(signal ? { signal } : {}) });
    try {
      yield* parseWatchStream<T>(stream);
    } finally {
      stream.destroy();
    }
  }

  /** Reads a pod's log (text), or streams it when `follow` is set. */
  logs(namespace: string, pod: string, opts: { container?: string; follow?: boolean; tailLines?: number; signal?: AbortSignal } = {}): Promise<Readable> {
    const { signal, ...q } = opts;
    return this.transport.stream(resourcePath(kindInfo('Pod'), namespace, pod, 'log'), { query: q, accept: '*/*', ...(signal ? { signal } : {}) });
  }

  close(): void { this.transport.close(); }
}

/** Splits a newline-delimited JSON watch stream into events; tolerates chunks that split or join lines. */
export async function* parseWatchStream<T>(stream: Readable): AsyncGenerator<WatchEvent<T>> {
  let buf = '';
  try {
    for await (const chunk of stream) {
      buf += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line) yield JSON.parse(line) as WatchEvent<T>;
      }
    }
  } catch (err) {
    // An aborted or reset stream ends the watch; callers re-list/re-watch.
    if (!(err instanceof Error && (err.name === 'AbortError' || 'code' in err))) throw err;
  }
}
