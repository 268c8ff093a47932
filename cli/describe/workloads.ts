/**
 * `describe deployment` and `describe replicaset`, after kubectl's DeploymentDescriber and
 * ReplicaSetDescriber.
 */
import { formatSelector, fromLabelSelector } from '../../api/selector.js';
import { controllerOf, type Deployment, type Event, type Pod, type PodTemplateSpec, type ReplicaSet } from '../../api/types.js';
import { formatTime, writeEvents } from './common.js';
import { writeContainers } from './containers.js';
import { DescribeWriter } from './writer.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

function writeTemplate(w: DescribeWriter, t: PodTemplateSpec): void {
  w.line(0, 'Pod Template:');
  w.map(1, 'Labels', t.metadata?.labels);
  if (t.metadata?.annotations && Object.keys(t.metadata.annotations).length > 0) w.map(1, 'Annotations', t.metadata.annotations, ': ');
  writeContainers(w, 1, t.spec.containers, undefined, ' ');
  w.line(1, 'Volumes:', '<none>');
  w.map(1, 'Node-Selectors', t.spec.nodeSelector);
  w.line(1, 'Tolerations:', '<none>');
}

const revision = (rs: ReplicaSet): number => Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0) || 0;
const rsSummary = (rs: ReplicaSet): string => `${rs.metadata.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 0} replicas created)`;

/** The deployment's newest ReplicaSet (highest revision) and the older ones that still want pods. */
export function splitReplicaSets(d: Deployment, all: readonly ReplicaSet[]): { newRS?: ReplicaSet; oldRSs: ReplicaSet[] } {
  const owned = all.filter((rs) => controllerOf(rs)?.uid === d.metadata.uid).sort((a, b) => revision(b) - revision(a));
  const [newRS, ...rest] = owned;
  const oldRSs = rest.filter((rs) => (rs.spec.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0);
  return newRS ? { newRS, oldRSs } : { oldRSs };
}

function strategyLine(d: Deployment): string | undefined {
  if ((d.spec.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return undefined;
  const ru = d.spec.strategy?.rollingUpdate;
  return `${ru?.maxUnavailable ?? '25%'} max unavailable, ${ru?.maxSurge ?? '25%'} max surge`;
}

/** The describe text for a deployment, its ReplicaSets and events. */
export function describeDeployment(d: Deployment, replicaSets: readonly ReplicaSet[], events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  const st = d.status ?? {};
  w.line(0, 'Name:', d.metadata.name ?? '');
  w.line(0, 'Namespace:', d.metadata.namespace ?? '');
  w.line(0, 'CreationTimestamp:', formatTime(d.metadata.creationTimestamp));
  w.map(0, 'Labels', d.metadata.labels);
  w.map(0, 'Annotations', d.metadata.annotations, ': ');
  w.line(0, 'Selector:', formatSelector(fromLabelSelector(d.spec.selector)));
  w.line(0, 'Replicas:', `${d.spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable`);
  w.line(0, 'StrategyType:', d.spec.strategy?.type ?? 'RollingUpdate');
  w.line(0, 'MinReadySeconds:', String(d.spec.minReadySeconds ?? 0));
  const ru = strategyLine(d);
  if (ru) w.line(0, 'RollingUpdateStrategy:', ru);
  writeTemplate(w, d.spec.template);
  const conditions = st.conditions ?? [];
  if (conditions.length > 0) w.table(0, 'Conditions', ['Type', 'Status', 'Reason'], conditions.map((c) => [c.type, c.status, c.reason ?? '']));
  const { newRS, oldRSs } = splitReplicaSets(d, replicaSets);
  if (newRS) {
    // kubectl leaves both lines out until the deployment has a ReplicaSet.
    w.line(0, 'OldReplicaSets:', oldRSs.length > 0 ? oldRSs.map(rsSummary).join(', ') : '<none>');
    w.line(0, 'NewReplicaSet:', rsSummary(newRS));
  }
  writeEvents(w, events, now);
  return w.toString();
}

/** "3 Running / 0 Waiting / 0 Succeeded / 0 Failed" for the pods a ReplicaSet owns. */
export function podsStatus(pods: readonly Pod[]): string {
  const count = (phase: string): number => pods.filter((p) => (p.status?.phase ?? 'Pending') === phase).length;
  return `${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed`;
}

/** The describe text for a ReplicaSet, the pods it controls, and its events. */
export function describeReplicaSet(rs: ReplicaSet, pods: readonly Pod[], events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  w.line(0, 'Name:', rs.metadata.name ?? '');
  w.line(0, 'Namespace:', rs.metadata.namespace ?? '');
  w.line(0, 'Selector:', formatSelector(fromLabelSelector(rs.spec.selector)));
  w.map(0, 'Labels', rs.metadata.labels);
  w.map(0, 'Annotations', rs.metadata.annotations, ': ');
  const owner = controllerOf(rs);
  if (owner) w.line(0, 'Controlled By:', `${owner.kind}/${owner.name}`);
  w.line(0, 'Replicas:', `${rs.status?.replicas ?? 0} current / ${rs.spec.replicas ?? 1} desired`);
  const owned = pods.filter((p) => controllerOf(p)?.uid === rs.metadata.uid);
  w.line(0, 'Pods Status:', podsStatus(owned));
  writeTemplate(w, rs.spec.template);
  writeEvents(w, events, now);
  return w.toString();
}
