/**
 * The node lifecycle controller (Kubernetes' nodelifecycle, reduced to its health monitor): a Node
 * whose agent stopped heartbeating for longer than the grace period gets Ready (and the pressure
 * conditions) Unknown, and the pods bound to a node whose Ready is not True get Ready=False, so the
 * scheduler (NodeReady filter) stops placing pods there and readiness consumers stop counting them.
 * The agent's next heartbeat writes Ready=True again; this controller never sets anything back.
 * No taints and no eviction: pods on a dead node stay where they are.
 */
import type { Logger } from 'pino';
import { isConflict, isNotFound } from '../../api/errors.js';
import type { KubeObject, Node, Pod, PodCondition } from '../../api/types.js';
import { createEventRecorder, type ApiClient, type EventRecorder, type Informer, type ReconcileResult } from '../../client/index.js';
import { systemClock, type Clock } from '../../api/clock.js';
import { createController, type Controller } from '../runtime/controller.js';
import type { InformerFactory } from '../runtime/informers.js';
import { DEFAULT_GRACE_PERIOD_MS, nodeHealth, podsMustBeNotReady, podsToMarkNotReady, unknownConditions } from './plan.js';

/** Kubernetes' node-monitor-period: how often every node is looked at again. */
export const DEFAULT_MONITOR_PERIOD_MS = 5_000;

/** How soon to look again after a write lost a race (409): by then the cache has the newer object. */
const CONFLICT_RETRY_MS = 200;

/** What the node lifecycle controller needs. */
export interface NodeLifecycleControllerDeps {
  client: ApiClient;
  informers: InformerFactory;
  logger: Logger;
  /** Time source for heartbeat ages and transition times; default the wall clock. */
  clock?: Clock;
  /** How long a node may go without a heartbeat before it is Unknown; default 40 s (must exceed the agents' heartbeat period, 10 s). */
  gracePeriodMs?: number;
  /** Every node is re-checked this often; default 5 s; 0 turns it off (each reconcile then requeues itself for its deadline). */
  monitorPeriodMs?: number;
  recorder?: EventRecorder;
}

/** Builds the node lifecycle controller; start() it after the informers have synced. */
export function createNodeLifecycleController(deps: NodeLifecycleControllerDeps): Controller {
  const log = deps.logger.child({ controller: 'node-lifecycle' });
  const clock = deps.clock ?? systemClock;
  const monitorMs = deps.monitorPeriodMs ?? DEFAULT_MONITOR_PERIOD_MS;
  const ctx: SyncContext = {
    client: deps.client, log, clock, monitorMs,
    graceMs: deps.gracePeriodMs ?? DEFAULT_GRACE_PERIOD_MS,
    nodes: deps.informers.forKind<Node>('Node'),
    pods: deps.informers.forKind<Pod>('Pod'),
    recorder: deps.recorder ?? createEventRecorder(deps.client, 'node-controller', { logger: log, now: () => clock.now() }),
  };
  // Set by start(): no node goes Unknown before a full grace period after this controller started.
  let startedAtMs: number | undefined;
  const controller = createController({
    name: 'node-lifecycle',
    informers: deps.informers,
    logger: deps.logger,
    forKind: 'Node',
    reconcile: async (name) => (startedAtMs === undefined ? undefined : syncNode(ctx, name, startedAtMs)),
    ...(monitorMs > 0 ? { resyncMs: monitorMs } : {}),
  });
  watchPodBindings(ctx, controller.enqueue);
  return {
    ...controller,
    start() {
      startedAtMs = clock.now().getTime();
      controller.start();
    },
  };
}

interface SyncContext {
  client: ApiClient;
  log: Logger;
  recorder: EventRecorder;
  clock: Clock;
  graceMs: number;
  monitorMs: number;
  nodes: Informer<Node>;
  pods: Informer<Pod>;
}

/**
 * One node: Unknown when its heartbeat is overdue, then its pods not ready while its Ready is not
 * True. Returns a requeue for the node's deadline when the periodic re-check would come later.
 */
async function syncNode(ctx: SyncContext, name: string, startedAtMs: number): Promise<ReconcileResult | void> {
  const node = ctx.nodes.get(name);
  if (!node) return;
  const now = ctx.clock.now();
  const health = nodeHealth(node, now.getTime(), ctx.graceMs, startedAtMs);
  let current = node;
  if (health.stale) {
    const written = await markNodeUnknown(ctx, node, now);
    if (written === 'gone') return;
    if (written === 'conflict') return { requeueAfterMs: CONFLICT_RETRY_MS };
    current = written;
  }
  if (podsMustBeNotReady(current)) {
    const conflicts = await markPodsNotReady(ctx, ctx.pods.list(), name, now);
    if (conflicts > 0) return { requeueAfterMs: CONFLICT_RETRY_MS };
  }
  const soon = health.staleInMs !== undefined && (ctx.monitorMs <= 0 || health.staleInMs <= ctx.monitorMs);
  return soon ? { requeueAfterMs: health.staleInMs } : undefined;
}

/**
 * A pod added, or bound (spec.nodeName set or changed), on a node that is not ready wakes that node
 * at once (Kubernetes' podUpdated/processPod). Other pod updates do not: a live agent setting its
 * pod Ready=True under a Ready=False written by someone else would otherwise ping-pong with us on
 * every write; the periodic re-check still covers them.
 */
function watchPodBindings(ctx: SyncContext, enqueue: (key: string) => void): void {
  const wake = (pod: Pod): void => {
    const nodeName = boundNode(pod);
    const node = nodeName ? ctx.nodes.get(nodeName) : undefined;
    if (nodeName && node && podsMustBeNotReady(node)) enqueue(nodeName);
  };
  ctx.pods.addHandlers({
    onAdd: wake,
    onUpdate: (old, pod) => { if (boundNode(old) !== boundNode(pod)) wake(pod); },
  });
}

/** The node a pod is bound to (spec.nodeName), read without trusting the object's shape. */
function boundNode(obj: KubeObject): string | undefined {
  const spec = obj.spec;
  if (typeof spec !== 'object' || spec === null || !('nodeName' in spec)) return undefined;
  return typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : undefined;
}

/**
 * Writes the Unknown conditions through the status subresource with the cached resourceVersion, so
 * a heartbeat that landed meanwhile wins (409) instead of being overwritten. Returns the stored Node
 * (unchanged when there was nothing to write), 'conflict' or 'gone'.
 */
async function markNodeUnknown(ctx: SyncContext, node: Node, now: Date): Promise<Node | 'conflict' | 'gone'> {
  const conditions = unknownConditions(node, now);
  if (!conditions) return node;
  const name = node.metadata.name ?? '';
  try {
    const stored = await ctx.client.updateStatus<Node>({ ...node, apiVersion: 'v1', kind: 'Node', status: { ...node.status, conditions } });
    ctx.log.warn({ node: name, lastHeartbeatTime: node.status?.conditions?.find((c) => c.type === 'Ready')?.lastHeartbeatTime }, 'node stopped posting status; Ready is now Unknown');
    void ctx.recorder.record(stored, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    return stored;
  } catch (err) {
    if (isNotFound(err)) return 'gone';
    if (isConflict(err)) return 'conflict';
    throw err;
  }
}

/**
 * MarkPodsNotReady: PUTs Ready=False into each pod on the node that still claims Ready. Returns how
 * many writes lost a race (409); a deleted pod (404) is fine; other errors are thrown after every
 * pod has been tried.
 */
async function markPodsNotReady(ctx: SyncContext, all: readonly Pod[], nodeName: string, now: Date): Promise<number> {
  const results = await Promise.allSettled(podsToMarkNotReady(all, nodeName, now).map(({ pod, conditions }) => markPod(ctx, pod, conditions)));
  let conflicts = 0;
  for (const r of results) {
    if (r.status === 'fulfilled') continue;
    if (isConflict(r.reason)) conflicts++;
    else if (!isNotFound(r.reason)) throw r.reason;
  }
  return conflicts;
}

async function markPod(ctx: SyncContext, pod: Pod, conditions: PodCondition[]): Promise<void> {
  const stored = await ctx.client.updateStatus<Pod>({ ...pod, apiVersion: 'v1', kind: 'Pod', status: { ...pod.status, conditions } });
  ctx.log.info({ pod: `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`, node: pod.spec.nodeName }, 'node not ready; marked pod Ready=False');
  void ctx.recorder.record(stored, 'Warning', 'NodeNotReady', 'Node is not ready');
}
