/**
 * The node agent (kubelet-like, STYLE habit 10): registers its Node and heartbeats, runs the pods
 * bound to it through a ContainerRuntime, writes their status, serves their logs, and cleans up
 * after deleted pods. Built here with all its dependencies; agent/main.ts runs it.
 *
 *   pod informer (spec.nodeName=<node>) ─┐
 *   runtime events (start/die/oom/...) ──┼─> work queue (pod keys) -> pod-sync.ts reconcile:
 *   readiness probes, housekeeping ──────┘        plan -> address -> apply -> status
 *
 * Folders: node/ (registration, heartbeat, host facts), pods/ (a pod's path: sync, plan, address,
 * executor, status, probes, back-off), runtime/ (the ContainerRuntime interface, Docker, labels,
 * scope, runtime events, orphans, logs).
 */
import type { Logger } from 'pino';
import { objectKey, type Node, type Pod } from '../api/types.js';
import type { ApiClient } from '../client/client.js';
import { createEventRecorder } from '../client/events.js';
import { createInformer, type Informer } from '../client/informer.js';
import { createBackoffBook, DEFAULT_BACKOFF, type BackoffPolicy } from './pods/backoff.js';
import { systemClock, type Clock } from '../api/clock.js';
import { readClusterIdWithRetry } from './node/cluster-id.js';
import { createExecutor } from './pods/executor.js';
import { readHostInfo, type HostInfo } from './node/host-info.js';
import { startLogServer, type LogServer } from './runtime/log-server.js';
import { postNodeStatus, registerNodeWithRetry } from './node/node-registration.js';
import type { NodeParams } from './node/node-status.js';
import { sweepOrphans } from './runtime/orphans.js';
import { startPeriodic, type Periodic } from './node/periodic.js';
import { createLoopbackNetwork, type PodNetwork } from './pods/pod-network.js';
import { createPodSync, type PodReconciler } from './pods/pod-sync.js';
import { createProber, type Prober } from './pods/prober.js';
import type { ContainerRuntime } from './runtime/runtime.js';
import { watchRuntimeEvents, type RuntimeEventWatch } from './runtime/runtime-events.js';
import type { ContainerScope } from './runtime/scope.js';
import { createTrackedQueue } from './pods/tracked-queue.js';

/** Everything the agent needs. The optional ones have kubelet-like defaults. */
export interface AgentDeps {
  client: ApiClient;
  runtime: ContainerRuntime;
  logger: Logger;
  nodeName: string;
  capacity: { cpuMillis: number; memoryBytes: number; pods: number };
  /** Extra Node labels. */
  labels: Record<string, string>;
  /** Bearer token the log server requires (the API server presents it when proxying pods/log). */
  nodeToken: string;
  /** Log server port; 0 (default) picks a free one. */
  logPort?: number;
  clock?: Clock;
  /** Node status refresh interval; default 10 s. */
  heartbeatMs?: number;
  /** Orphan sweep + full resync interval; default 30 s. */
  housekeepingMs?: number;
  /** Crash-loop and image-pull backoff; default 10 s doubling to 5 min (kubelet's). */
  backoff?: BackoffPolicy;
  /** nodeInfo.osImage / kernelVersion; default: read from this machine. */
  hostInfo?: HostInfo;
  /**
   * The node's pod range, as kubelet's --pod-cidr: when set, used instead of waiting for the node
   * IPAM controller to fill Node.spec.podCIDR (standalone agents, tests).
   */
  podCIDR?: string;
  /** The address mode; default loopback (pod-network.ts) over `runtime`. */
  network?: PodNetwork;
}

/** A node agent. */
export interface Agent {
  /**
   * Reads the cluster id (kube-system's uid), registers the Node, syncs the pod cache, adopts this
   * node's and cluster's existing containers and starts all loops. Call once.
   */
  start(): Promise<void>;
  /** Stops every loop and waits for syncs in progress. Containers keep running (they are adopted on the next start). */
  stop(): Promise<void>;
  /** The log server's port (after start). */
  logPort(): number;
}

/** Creates (does not start) an agent. */
export function createAgent(deps: AgentDeps): Agent {
  const log = deps.logger.child({ component: 'agent', node: deps.nodeName });
  const clock = deps.clock ?? systemClock;
  const book = createBackoffBook();
  const pods: Informer<Pod> = createInformer<Pod>(deps.client, 'Pod', { fieldSelector: `spec.nodeName=${deps.nodeName}`, logger: log });
  // This node's own Node object, for spec.podCIDR (assigned by the node IPAM controller after registration).
  const self: Informer<Node> = createInformer<Node>(deps.client, 'Node', { fieldSelector: `metadata.name=${deps.nodeName}`, logger: log });
  const podCIDR = (): string | undefined => deps.podCIDR ?? self.get(deps.nodeName)?.spec.podCIDR;
  const network = deps.network ?? createLoopbackNetwork({ runtime: deps.runtime, podCIDR, log });
  let stopped = false;
  let logServer: LogServer | undefined;
  let events: RuntimeEventWatch | undefined;
  let loops: Periodic[] = [];
  let prober: Prober | undefined;
  let reconcile: PodReconciler = () => Promise.resolve({});
  const { queue, drain } = createTrackedQueue(() => reconcile, log);
  const enqueueAll = (): void => { for (const pod of pods.list()) queue.add(objectKey(pod)); };
  const enqueue = (pod: Pod): void => queue.add(objectKey(pod));
  pods.addHandlers({ onAdd: enqueue, onUpdate: (_old, pod) => enqueue(pod), onDelete: enqueue });
  self.addHandlers({ onAdd: () => enqueueAll(), onUpdate: (old, now) => { if (old.spec.podCIDR !== now.spec.podCIDR) enqueueAll(); } });

  async function start(): Promise<void> {
    const runtimeVersion = await deps.runtime.version();
    // Read first: every container created, listed or swept from here on is scoped to this cluster.
    const scope = { nodeName: deps.nodeName, clusterId: await readClusterIdWithRetry(deps.client, log, () => stopped) };
    log.info({ clusterId: scope.clusterId }, 'cluster id read');
    logServer = await startLogServer({ ...scope, runtime: deps.runtime, token: deps.nodeToken, port: deps.logPort ?? 0, log });
    const params: NodeParams = {
      nodeName: deps.nodeName, capacity: deps.capacity, labels: deps.labels, logPort: logServer.port(), runtimeVersion,
      ...(deps.hostInfo ?? await readHostInfo()),
    };
    await registerNodeWithRetry(deps.client, params, clock, log, () => stopped);
    log.info({ logPort: params.logPort, runtime: runtimeVersion }, 'node registered');
    prober = createProber({ onChange: (key) => queue.add(key), log });
    reconcile = buildPodSync(runtimeVersion.split('://')[0] || 'docker', prober, scope);
    await Promise.all([self.start(), pods.start()]);
    events = await watchRuntimeEvents({ ...scope, runtime: deps.runtime, log, onPod: (key) => queue.add(key), onResubscribed: enqueueAll });
    queue.start();
    await housekeeping(scope);
    loops = [
      startPeriodic('heartbeat', deps.heartbeatMs ?? 10_000, () => postNodeStatus(deps.client, params, clock), log),
      startPeriodic('housekeeping', deps.housekeepingMs ?? 30_000, () => housekeeping(scope), log),
    ];
  }

  function buildPodSync(runtimeScheme: string, readiness: Prober, scope: ContainerScope): PodReconciler {
    const recorder = createEventRecorder(deps.client, 'kubelet', { host: deps.nodeName, logger: log, now: () => clock.now() });
    const common = { ...scope, runtime: deps.runtime, book, clock, log, policy: deps.backoff ?? DEFAULT_BACKOFF, recorder };
    return createPodSync({
      ...common, client: deps.client, runtimeScheme, prober: readiness, getPod: (key) => pods.get(key), network,
      executor: createExecutor({ ...common, onAddressConflict: (uid, ip) => network.conflict(uid, ip) }),
    });
  }

  /** Orphan sweep, forgetting backoffs of pods that are gone, and a full resync (missed events). */
  async function housekeeping(scope: ContainerScope): Promise<void> {
    const liveUids = (): Set<string> => new Set(pods.list().map((p) => p.metadata.uid ?? ''));
    await sweepOrphans({ ...scope, runtime: deps.runtime, liveUids, log });
    const live = liveUids();
    book.prune((uid) => live.has(uid));
    network.retain(live);
    enqueueAll();
  }

  return {
    start,
    async stop() {
      stopped = true;
      await Promise.all(loops.map((l) => l.stop()));
      events?.stop();
      pods.stop();
      self.stop();
      prober?.stop();
      await drain();
      await logServer?.close();
      log.info('agent stopped (containers left running)');
    },
    logPort: () => logServer?.port() ?? 0,
  };
}
