/**
 * Runtime events -> pod keys. Events are only hints that something changed (a container died, was
 * OOM-killed, started or vanished): the handler enqueues the pod key and reconcile looks for itself.
 * When the subscription breaks, events may have been missed, so after re-subscribing every pod is
 * resynced.
 */
import type { Logger } from 'pino';
import { LABEL_NODE } from './labels.js';
import { podKeyOfLabels } from './naming.js';
import type { ContainerRuntime, RuntimeEvent, RuntimeEventAction, RuntimeEventStream } from './runtime.js';
import { inScope, type ContainerScope } from './scope.js';

/** The lifecycle changes that can change a pod's status. */
const RELEVANT: ReadonlySet<RuntimeEventAction> = new Set(['start', 'die', 'oom', 'destroy']);

/** What the watch needs. */
export interface RuntimeEventWatchDeps {
  runtime: ContainerRuntime;
  nodeName: string;
  /** Events of other clusters' containers (same node name, shared engine) are ignored. */
  clusterId: string;
  /** Called with the pod key of a relevant event on one of this node's containers. */
  onPod(key: string): void;
  /** Called after a broken subscription was replaced (events may have been lost). */
  onResubscribed(): void;
  log: Logger;
  /** Pause before re-subscribing; default 1000 ms. */
  retryDelayMs?: number;
}

/** A running watch. */
export interface RuntimeEventWatch {
  /** Ends the subscription; idempotent. */
  stop(): void;
}

/** The pod key an event is about, when it concerns a container in `scope` (this node and cluster). Pure. */
export function podKeyOfEvent(event: RuntimeEvent, scope: ContainerScope): string | undefined {
  if (!RELEVANT.has(event.action) || !inScope(event.labels, scope)) return undefined;
  return podKeyOfLabels(event.labels);
}

/** Subscribes; resolves once the first subscription is live. */
export async function watchRuntimeEvents(deps: RuntimeEventWatchDeps): Promise<RuntimeEventWatch> {
  let stopped = false;
  let stream: RuntimeEventStream = await deps.runtime.events(LABEL_NODE);
  const retryMs = deps.retryDelayMs ?? 1000;

  async function consume(): Promise<void> {
    for await (const event of stream) {
      const key = podKeyOfEvent(event, deps);
      if (key) deps.onPod(key);
    }
    if (!stopped) throw new Error('runtime event stream ended');
  }

  async function run(): Promise<void> {
    while (!stopped) {
      try {
        await consume();
      } catch (err) {
        if (stopped) return;
        deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'runtime events lost; re-subscribing');
        await new Promise((resolve) => setTimeout(resolve, retryMs).unref());
        const next = await resubscribe();
        if (!next) return;
        stream = next;
      }
    }
  }

  /** A new subscription, or undefined when the watch was stopped meanwhile. */
  async function resubscribe(): Promise<RuntimeEventStream | undefined> {
    while (!stopped) {
      try {
        const s = await deps.runtime.events(LABEL_NODE);
        if (!stopped) { deps.onResubscribed(); return s; }
        s.close();
      } catch (err) {
        deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'cannot subscribe to runtime events');
        await new Promise((resolve) => setTimeout(resolve, retryMs).unref());
      }
    }
    return undefined;
  }

  void run();
  return { stop() { stopped = true; stream.close(); } };
}
