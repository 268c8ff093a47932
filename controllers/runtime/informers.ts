/**
 * Shared informers: one list-watch cache per kind for the whole controller manager, so the
 * ReplicaSet, Deployment and garbage collector controllers read the same Pod cache instead of
 * each opening its own watch.
 */
import type { Logger } from 'pino';
import type { KubeObject } from '../../api/types.js';
import { createInformer, type ApiClient, type Informer } from '../../client/index.js';

/** Hands out shared informers; call forKind() for every kind before start(). */
export interface InformerFactory {
  /** The shared informer for a kind (cluster-wide), created on first use. */
  forKind<T extends KubeObject>(kind: string): Informer<T>;
  /** Starts every informer made so far; resolves once each has listed once. Idempotent. */
  start(): Promise<void>;
  /** Stops every informer; idempotent. */
  stop(): void;
}

/** Creates an InformerFactory over `client`. */
export function createInformerFactory(client: ApiClient, logger: Logger): InformerFactory {
  const informers = new Map<string, Informer<KubeObject>>();
  const started = new Set<string>();
  const log = logger.child({ component: 'informers' });
  return {
    forKind<T extends KubeObject>(kind: string): Informer<T> {
      let inf = informers.get(kind);
      if (!inf) {
        inf = createInformer<KubeObject>(client, kind, { logger: log });
        informers.set(kind, inf);
      }
      // One informer per kind; the caller names the kind, so the element type is its choice.
      return inf as unknown as Informer<T>;
    },
    async start() {
      const pending: Promise<void>[] = [];
      for (const [kind, inf] of informers) {
        if (started.has(kind)) continue;
        started.add(kind);
        pending.push(inf.start());
      }
      await Promise.all(pending);
    },
    stop() { for (const inf of informers.values()) inf.stop(); },
  };
}
