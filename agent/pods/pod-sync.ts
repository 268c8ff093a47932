/**
 * Reconcile of one pod key (STYLE habit 5, kubelet's syncPod): desired state is the pod in the
 * informer cache, observed state is what the runtime lists under this node's (and cluster's,
 * scope.ts) and this pod's labels.
 * Never relies on event payloads: a deleted pod is noticed because it is missing from the cache.
 *
 *   pod missing / not ours -> remove its containers
 *   deletionTimestamp      -> stop + remove containers, then delete the pod with grace 0
 *   otherwise              -> plan (planner.ts), apply (executor.ts), write status when it changed
 */
import { isConflict, isNotFound } from '../../api/errors.js';
import { splitKey, type ContainerStateWaiting, type Pod } from '../../api/types.js';
import type { ApiClient } from '../../client/client.js';
import type { ReconcileResult } from '../../client/workqueue.js';
import type { ContainerStatusOptions } from './container-status.js';
import type { ApplyResult, Executor, ExecutorDeps } from './executor.js';
import { LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID } from '../runtime/labels.js';
import { planPod, type PodPlan } from './planner.js';
import { podIpOfLabels, type PodNetwork } from './pod-network.js';
import { computePodStatus, podStatusChanged } from './pod-status.js';
import { ContainerNotFoundError, type ContainerInfo, type ContainerSummary } from '../runtime/runtime.js';
import { listInScope } from '../runtime/scope.js';
import { backoffEvents } from './transition-events.js';

/** Status writes attempted per sync before a conflict is left to the queue's retry. */
const STATUS_ATTEMPTS = 3;

/** Readiness probing as pod sync sees it (prober.ts). */
export interface ReadinessSource {
  /** Called after every sync with the pod's current instances: start/stop probes to match. */
  track(pod: Pod, containers: readonly ContainerInfo[]): void;
  /** The latest probe result of a container (undefined: not probed yet). */
  readiness(containerId: string): boolean | undefined;
}

/** What pod sync works with. */
export interface PodSyncDeps extends Omit<ExecutorDeps, 'onAddressConflict'> {
  client: ApiClient;
  executor: Executor;
  /** The pod from the informer cache. */
  getPod(key: string): Pod | undefined;
  /** "docker" for containerIDs like docker://<id>. */
  runtimeScheme: string;
  prober?: ReadinessSource;
  /** Gives pods their address (pod-network.ts). */
  network: PodNetwork;
}

/** How long a pod waits before asking again for an address the node cannot give yet. */
const NO_ADDRESS_RETRY_MS = 1000;

/** Reconciles one pod key; idempotent, safe to call any number of times. Throws to be retried. */
export type PodReconciler = (key: string) => Promise<ReconcileResult>;

/** Creates the reconciler. */
export function createPodSync(deps: PodSyncDeps): PodReconciler {
  const { runtime, nodeName } = deps;

  async function observe(uid: string, summaries: readonly ContainerSummary[]): Promise<ContainerInfo[]> {
    const mine = summaries.filter((c) => c.labels[LABEL_POD_UID] === uid);
    const infos = await Promise.all(mine.map((c) => runtime.inspect(c.id).catch((err: unknown) => {
      if (err instanceof ContainerNotFoundError) return undefined; // removed meanwhile
      throw err;
    })));
    return infos.filter((i): i is ContainerInfo => i !== undefined);
  }

  return async function reconcile(key) {
    const { namespace = '', name } = splitKey(key);
    const pod = deps.getPod(key);
    const listed = await listInScope(runtime, deps, { [LABEL_POD_NAMESPACE]: namespace, [LABEL_POD_NAME]: name });
    const uid = pod?.spec.nodeName === nodeName ? pod.metadata.uid : undefined;
    const stale = listed.filter((c) => c.labels[LABEL_POD_UID] !== uid);
    if (stale.length > 0) await removeStale(deps, key, stale);
    if (!pod || uid === undefined) return {};
    const containers = await observe(uid, listed);
    if (pod.metadata.deletionTimestamp) return terminate(deps, pod, containers);
    const plan = planPod({ pod, containers, now: deps.clock.now(), book: deps.book, policy: deps.policy });
    // First sight of a pod with containers to start: report ContainerCreating before the (maybe
    // long) pull and start, as kubelet does, so `get pods` doesn't say Pending meanwhile.
    const current = containers.length === 0 && plan.actions.length > 0 && !pod.status?.containerStatuses
      ? (await writeStatus(deps, pod, [], plan.waiting)) ?? pod
      : pod;
    const applied = plan.actions.length > 0 ? await applyWithAddress(deps, pod, plan, containers) : { waiting: new Map<string, ContainerStateWaiting>() };
    const after = plan.actions.length > 0 ? await observe(uid, await listInScope(runtime, deps, { [LABEL_POD_UID]: uid })) : containers;
    deps.prober?.track(pod, after);
    await writeStatus(deps, current, after, new Map([...plan.waiting, ...applied.waiting]));
    const requeue = Math.min(plan.requeueAfterMs ?? Infinity, applied.requeueAfterMs ?? Infinity);
    return Number.isFinite(requeue) ? { requeueAfterMs: requeue } : {};
  };
}

/**
 * Applies the plan once the pod has an address; without one (the node has no pod range yet, or
 * it is full), the containers to start wait as ContainerCreating and the pod is retried.
 */
async function applyWithAddress(deps: PodSyncDeps, pod: Pod, plan: PodPlan, containers: readonly ContainerInfo[]): Promise<ApplyResult> {
  const starts = plan.actions.filter((a) => a.type === 'start');
  const podIP = starts.length > 0 ? await deps.network.assign(pod, containers.map((c) => c.labels)) : podIpOfLabels(containers.map((c) => c.labels)) ?? '';
  if (podIP === undefined) {
    const message = "waiting for a pod address: the node has no free address in its pod range (spec.podCIDR) yet";
    const waiting = new Map<string, ContainerStateWaiting>();
    for (const a of starts) if (a.type === 'start') waiting.set(a.container.name, { reason: 'ContainerCreating', message });
    await deps.executor.apply(pod, { ...plan, actions: plan.actions.filter((a) => a.type !== 'start') }, { podIP: '', bindings: () => [] });
    return { waiting, requeueAfterMs: NO_ADDRESS_RETRY_MS };
  }
  return deps.executor.apply(pod, plan, { podIP, bindings: (port) => deps.network.bindings(podIP, port) });
}

/** Containers of a pod that is gone (or of an older pod with the same name). */
async function removeStale(deps: PodSyncDeps, key: string, stale: readonly ContainerSummary[]): Promise<void> {
  deps.log.info({ pod: key, containers: stale.map((c) => c.name) }, 'removing containers of a deleted pod');
  await Promise.all(stale.map((c) => deps.runtime.remove(c.id)));
  for (const uid of new Set(stale.map((c) => c.labels[LABEL_POD_UID] ?? ''))) { deps.book.forget(uid); deps.network.release(uid); }
}

/** Graceful deletion, the node's part: stop and remove the containers, then finish the delete. */
async function terminate(deps: PodSyncDeps, pod: Pod, containers: readonly ContainerInfo[]): Promise<ReconcileResult> {
  const { namespace, name, uid } = pod.metadata;
  await deps.executor.killPod(pod, containers);
  deps.prober?.track(pod, []);
  try {
    await deps.client.delete('Pod', namespace, name ?? '', { gracePeriodSeconds: 0, ...(uid ? { preconditions: { uid } } : {}) });
    deps.log.info({ pod: `${namespace ?? ''}/${name ?? ''}` }, 'pod terminated and deleted');
  } catch (err) {
    // Gone already, or replaced by a new pod with the same name (uid precondition): both fine.
    if (!isNotFound(err) && !isConflict(err)) throw err;
  }
  deps.book.forget(uid ?? '');
  deps.network.release(uid ?? '');
  return {};
}

/**
 * Writes the computed status when it differs from the stored one: PUT with the pod's
 * resourceVersion; on 409, re-read the pod and recompute (its conditions may have moved).
 * Returns the pod as stored afterwards, or undefined when it is gone.
 */
async function writeStatus(deps: PodSyncDeps, pod: Pod, containers: readonly ContainerInfo[], waiting: ReadonlyMap<string, ContainerStateWaiting>): Promise<Pod | undefined> {
  const opts: ContainerStatusOptions = { runtimeScheme: deps.runtimeScheme, ...(deps.prober ? { readiness: deps.prober.readiness } : {}) };
  let current = pod;
  for (let attempt = 1; ; attempt++) {
    const status = computePodStatus(current, containers, deps.clock.now(), waiting, opts);
    if (!podStatusChanged(current, status)) return current;
    try {
      const stored = await deps.client.updateStatus<Pod>({ ...current, status });
      for (const e of backoffEvents(current, status)) void deps.recorder.record(current, e.type, e.reason, e.message);
      return stored;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      if (!isConflict(err) || attempt >= STATUS_ATTEMPTS) throw err;
    }
    const fresh = await deps.client.get<Pod>('Pod', pod.metadata.namespace, pod.metadata.name ?? '').catch((err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    if (!fresh || fresh.metadata.uid !== pod.metadata.uid) return undefined;
    current = fresh;
  }
}
