/**
 * The scheduler's only writes to the API server, kept apart from the pure cycle: the pods/binding POST
 * and, for a pod that cannot be placed, the PodScheduled=False condition and FailedScheduling event.
 */
import type { Logger } from 'pino';
import { isConflict, isNotFound } from '../api/errors.js';
import type { Pod } from '../api/types.js';
import type { ApiClient } from '../client/client.js';
import type { EventRecorder } from '../client/events.js';
import type { SchedulerCache } from './cache.js';
import type { SchedulingQueue } from './queue.js';
import { bindingFor, scheduledMessage, unschedulableConditionPatch } from './status.js';

export interface PodWriterDeps {
  readonly client: ApiClient;
  readonly log: Logger;
  readonly events: EventRecorder;
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  readonly now: () => Date;
  /** Called after every bind attempt settles, so the loop can resume when it waited on the bind limit. */
  readonly onBindSettled: () => void;
}

/** Writes results; every method handles its own errors and never rejects. */
export interface PodWriter {
  /**
   * POSTs the Binding for a pod already assumed on `node`. On success records the Scheduled event.
   * On failure unreserves (cache.forgetPod) and puts the pod in backoff; a 409/404 (already bound, or
   * gone) is expected and only logged at debug.
   */
  bind(pod: Pod, key: string, node: string): Promise<void>;
  /**
   * Records `message` on the pod (condition + Warning event) unless that exact message was already
   * written, so repeated failures cause no write storm.
   */
  reportUnschedulable(pod: Pod, key: string, message: string): Promise<void>;
  /** Forgets what was reported for a pod that was bound or deleted. */
  forget(key: string): void;
  /** Binds not yet answered. */
  inFlight(): number;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createPodWriter(deps: PodWriterDeps): PodWriter {
  const { client, log, events, cache, queue } = deps;
  const reported = new Map<string, string>(); // pod key -> last unschedulable message written
  let inFlight = 0;

  async function bind(pod: Pod, key: string, node: string): Promise<void> {
    inFlight++;
    try {
      await client.createSubresource('Pod', pod.metadata.namespace, pod.metadata.name ?? '', 'binding', bindingFor(pod, node));
      reported.delete(key);
      log.debug({ pod: key, node }, 'bound pod');
      void events.record(pod, 'Normal', 'Scheduled', scheduledMessage(pod, node));
    } catch (err) {
      // Unreserve, then retry after backoff: a pod that is gone or already bound is skipped on pop.
      cache.forgetPod(key);
      queue.addBackoff(key, deps.now().getTime());
      if (isConflict(err) || isNotFound(err)) {
        log.debug({ pod: key, node, err: errMessage(err) }, 'bind conflict; pod already bound or gone');
      } else {
        log.warn({ pod: key, node, err: errMessage(err) }, 'bind failed; will retry');
        void events.record(pod, 'Warning', 'FailedScheduling', `Binding rejected: ${errMessage(err)}`);
      }
    } finally {
      inFlight--;
      deps.onBindSettled();
    }
  }

  async function reportUnschedulable(pod: Pod, key: string, message: string): Promise<void> {
    if (reported.get(key) === message) return;
    reported.set(key, message);
    const patch = unschedulableConditionPatch(pod, message, deps.now());
    if (!patch) return;
    void events.record(pod, 'Warning', 'FailedScheduling', message);
    try {
      await client.patch('Pod', pod.metadata.namespace, pod.metadata.name ?? '', patch, 'strategic', 'status');
    } catch (err) {
      if (reported.get(key) === message) reported.delete(key); // write again on the next failure
      if (!isNotFound(err)) log.warn({ pod: key, err: errMessage(err) }, 'could not write PodScheduled condition');
    }
  }

  return { bind, reportUnschedulable, forget: (key) => { reported.delete(key); }, inFlight: () => inFlight };
}
