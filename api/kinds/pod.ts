/** core/v1 Pod. */
import { defaultPodSpec } from '../defaults.js';
import { ageSince, humanDuration } from '../duration.js';
import { InvalidError } from '../errors.js';
import { deepEqual } from '../equal.js';
import { POD_STATUS } from '../schemas.js';
import { column, orNone } from '../table.js';
import type { KubeObject, Pod } from '../types.js';
import { checkPodSpec } from '../validation.js';
import { identity, subresource, type KindDefinition, type Printer, type StrategyContext, type DeleteDecision } from './kind.js';

/** kubectl's STATUS cell (printers.go printPod, reduced). */
function podStatus(p: Pod): string {
  let reason = p.status?.reason ?? p.status?.phase ?? 'Unknown';
  for (const cs of p.status?.containerStatuses ?? []) {
    const w = cs.state.waiting?.reason;
    const t = cs.state.terminated;
    if (w) reason = w;
    else if (t) reason = t.reason ?? (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`);
    if (w || (t && reason !== 'Completed')) break;
  }
  if (p.metadata.deletionTimestamp) return 'Terminating';
  return reason;
}

/**
 * kubectl's RESTARTS cell: the containers' restarts summed, plus " (<age> ago)" of the newest
 * lastState.terminated.finishedAt among them when there was a restart (printers.go printPod).
 */
function podRestarts(p: Pod, now: Date): string {
  let restarts = 0;
  let lastFinishedMs: number | undefined;
  for (const cs of p.status?.containerStatuses ?? []) {
    restarts += cs.restartCount ?? 0;
    const finished = Date.parse(cs.lastState?.terminated?.finishedAt ?? '');
    if (!Number.isNaN(finished) && (lastFinishedMs === undefined || finished > lastFinishedMs)) lastFinishedMs = finished;
  }
  if (restarts === 0 || lastFinishedMs === undefined) return String(restarts);
  return `${restarts} (${humanDuration(now.getTime() - lastFinishedMs)} ago)`;
}

const printer: Printer = {
  columns: [column('Name', 0, 'name'), column('Ready'), column('Status'), column('Restarts', 0, '', 'string'), column('Age'), column('IP', 1), column('Node', 1), column('Nominated Node', 1), column('Readiness Gates', 1)],
  cells(o, now) {
    const p = o as Pod;
    const statuses = p.status?.containerStatuses ?? [];
    const ready = statuses.filter((c) => c.ready).length;
    return [p.metadata.name, `${ready}/${p.spec.containers.length}`, podStatus(p), podRestarts(p, now), ageSince(p.metadata.creationTimestamp, now), orNone(p.status?.podIP), orNone(p.spec.nodeName), '<none>', '<none>'];
  },
};

/** Kubernetes answers these with 422 Invalid (kubectl edit reopens the editor on it). */
function checkPodUpdate(current: Pod, next: Pod): void {
  const strip = (p: Pod): unknown => ({ ...p.spec, nodeName: undefined, containers: p.spec.containers.map((c) => ({ ...c, image: '' })) });
  const name = current.metadata.name ?? '';
  if (current.spec.nodeName && next.spec.nodeName !== current.spec.nodeName) throw new InvalidError('Pod', name, [{ field: 'spec.nodeName', message: 'Forbidden: pod is already bound and its node cannot change', reason: 'FieldValueForbidden' }]);
  if (!deepEqual(strip(current), strip(next))) {
    throw new InvalidError('Pod', name, [{ field: 'spec', message: 'Forbidden: pod updates may not change fields other than `spec.containers[*].image`', reason: 'FieldValueForbidden' }]);
  }
}

/** A bound pod whose node still exists is deleted gracefully: its agent stops it, then deletes it with grace 0. */
async function deletePod(current: KubeObject, opts: { gracePeriodSeconds?: number }, ctx: StrategyContext): Promise<DeleteDecision> {
  const pod = current as Pod;
  const grace = opts.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  if (grace <= 0 || !pod.spec.nodeName || terminal) return { action: 'remove' };
  if (!(await ctx.get('Node', undefined, pod.spec.nodeName))) return { action: 'remove' };
  if (pod.metadata.deletionTimestamp) return { action: 'keep' };
  return { action: 'mark', object: { ...pod, metadata: { ...pod.metadata, deletionTimestamp: ctx.clock.now().toISOString() } } };
}

export const pod: KindDefinition = {
  ...identity('', 'v1', 'Pod', 'pods', true, ['po'], ['all']),
  subresources: [
    subresource('status', 'Pod', '', 'v1'),
    subresource('binding', 'Binding', '', 'v1', ['create']),
    subresource('log', 'Pod', '', 'v1', ['get']),
  ],
  validate: (p, obj) => checkPodSpec(p, 'spec', obj.spec),
  statusShape: POD_STATUS,
  defaults: (obj) => defaultPodSpec((obj as Pod).spec),
  printer,
  strategy: {
    initialStatus: () => ({ phase: 'Pending' }),
    checkUpdate: (current, next) => checkPodUpdate(current as Pod, next as Pod),
    delete: deletePod,
  },
};
