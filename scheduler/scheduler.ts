/**
 * The scheduler component: informers on Pods and Nodes feed the cache and the queue; a loop pops pods,
 * runs the pure cycle on the cache's snapshot, assumes the pod on the chosen node and binds it in the
 * background (so the next cycle starts at once), or records why it cannot be placed.
 *
 *   informers -> cache (nodes, bound + assumed pods)      queue (active / backoff / unschedulable)
 *                   \                                      /
 *                    scheduleOne(pod, snapshot) -> assume -> POST pods/binding (background)
 *                                              \-> PodScheduled=False + FailedScheduling event
 */
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../api/clock.js';
import { objectKey, type Node, type Pod } from '../api/types.js';
import type { ApiClient } from '../client/client.js';
import { createEventRecorder } from '../client/events.js';
import { createInformer, type Informer } from '../client/informer.js';
import { createSchedulerCache } from './cache.js';
import { DEFAULT_SCHEDULER_NAME, assignedPodUpdateMayHelp, needsScheduling, nodeUpdateMayHelp, unscheduledPodChanged } from './cluster-events.js';
import { scheduleOne } from './cycle.js';
import type { NodesToScore, Random } from './framework.js';
import { createPodWriter } from './pod-writer.js';
import { createSchedulingQueue, type QueueOptions } from './queue.js';
import { mathRandom } from './random.js';
import { buildProfile, profileConfigFor, type Scoring } from './registry.js';


/** Everything the scheduler needs; only `client` and `logger` are required. */
export interface SchedulerDeps {
  readonly client: ApiClient;
  readonly logger: Logger;
  /** Tie-break source; seed it for reproducible placements. Default Math.random. */
  readonly random?: Random;
  readonly clock?: Clock;
  /** Pods whose spec.schedulerName (default "default-scheduler") equals this are ours. */
  readonly schedulerName?: string;
  /** 'least-allocated' spreads (default), 'bin-packing' packs. */
  readonly scoring?: Scoring;
  /** How many feasible nodes to find before scoring; default all. */
  readonly nodesToScore?: NodesToScore;
  /** Binds in flight at once before the loop waits. Default 32. */
  readonly maxConcurrentBinds?: number;
  readonly queue?: QueueOptions;
  /** How often backoff and periodic retries are checked. Default 1000 ms. */
  readonly flushIntervalMs?: number;
}

/** A running scheduler. start() resolves once both informers have listed; stop() is idempotent. */
export interface Scheduler {
  start(): Promise<void>;
  stop(): void;
}

const TICK_BUDGET_MS = 20;

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { client } = deps;
  const log = deps.logger.child({ component: 'scheduler' });
  const rng = deps.random ?? mathRandom;
  const clock = deps.clock ?? systemClock;
  const schedulerName = deps.schedulerName ?? DEFAULT_SCHEDULER_NAME;
  const profile = buildProfile(profileConfigFor(deps.scoring ?? 'least-allocated', schedulerName, deps.nodesToScore));
  const maxBinds = deps.maxConcurrentBinds ?? 32;
  const cache = createSchedulerCache();
  const queue = createSchedulingQueue(deps.queue);
  const events = createEventRecorder(client, schedulerName, { logger: log, now: () => clock.now() });
  const pods: Informer<Pod> = createInformer<Pod>(client, 'Pod', { logger: log });
  const nodes: Informer<Node> = createInformer<Node>(client, 'Node', { logger: log });
  const writer = createPodWriter({ client, log, events, cache, queue, now: () => clock.now(), onBindSettled: () => pump() });
  let pumping = false;
  let stopped = false;
  let ticker: NodeJS.Timeout | undefined;
  const nowMs = (): number => clock.now().getTime();

  function pump(): void {
    if (pumping || stopped) return;
    pumping = true;
    setImmediate(drain);
  }

  /** Runs cycles for up to TICK_BUDGET_MS, then yields so informer events and bind replies get in. */
  function drain(): void {
    const deadline = performance.now() + TICK_BUDGET_MS;
    while (!stopped && writer.inFlight() < maxBinds) {
      const key = queue.pop();
      if (key === undefined) break;
      scheduleKey(key);
      if (performance.now() > deadline) { setImmediate(drain); return; }
    }
    pumping = false;
  }

  function scheduleKey(key: string): void {
    const pod = pods.get(key);
    if (!pod || !needsScheduling(pod, schedulerName) || cache.isAssumed(key)) return;
    const result = scheduleOne(pod, cache.snapshot(), profile, rng);
    if ('node' in result) {
      cache.assumePod(pod, result.node);
      void writer.bind(pod, key, result.node);
    } else if ('unschedulable' in result) {
      queue.addUnschedulable(key, nowMs());
      log.debug({ pod: key, message: result.unschedulable }, 'pod is unschedulable');
      void writer.reportUnschedulable(pod, key, result.unschedulable);
    } else {
      queue.addBackoff(key, nowMs());
      log.error({ pod: key, err: result.error }, 'scheduling cycle failed');
    }
  }

  function wakeUnschedulable(): void {
    queue.moveAllToActive(nowMs());
    pump();
  }

  function onPodUpsert(pod: Pod, old: Pod | undefined): void {
    const key = objectKey(pod);
    cache.upsertPod(pod);
    if (!needsScheduling(pod, schedulerName)) {
      queue.delete(key);
      writer.forget(key);
    } else if (!old || unscheduledPodChanged(old, pod) || needsScheduling(pod, schedulerName) !== needsScheduling(old, schedulerName)) {
      queue.add(key);
      pump();
    }
    if (old && assignedPodUpdateMayHelp(old, pod)) wakeUnschedulable();
  }

  function onPodDelete(pod: Pod): void {
    const key = objectKey(pod);
    cache.removePod(pod);
    queue.delete(key);
    writer.forget(key);
    if (pod.spec.nodeName) wakeUnschedulable();
  }

  function registerHandlers(): void {
    pods.addHandlers({
      onAdd: (pod) => onPodUpsert(pod, undefined),
      onUpdate: (old, pod) => onPodUpsert(pod, old),
      onDelete: onPodDelete,
    });
    nodes.addHandlers({
      onAdd: (node) => { cache.upsertNode(node); wakeUnschedulable(); },
      onUpdate: (old, node) => { cache.upsertNode(node); if (nodeUpdateMayHelp(old, node)) wakeUnschedulable(); },
      onDelete: (node) => cache.removeNode(node.metadata.name ?? ''),
    });
  }

  return {
    async start() {
      registerHandlers();
      // Nodes first, so the first cycles see the whole cluster rather than failing against an empty one.
      await nodes.start();
      await pods.start();
      ticker = setInterval(() => { queue.flush(nowMs()); pump(); }, deps.flushIntervalMs ?? 1000);
      ticker.unref();
      log.info({ schedulerName, scoring: deps.scoring ?? 'least-allocated', nodes: nodes.list().length }, 'scheduler started');
      pump();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (ticker) clearInterval(ticker);
      pods.stop();
      nodes.stop();
    },
  };
}
