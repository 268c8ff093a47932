/**
 * Server-side Table printing (meta.k8s.io/v1 Table) with the same columns kubectl shows for each
 * kind, so `kubectl get` and `tug get` print identical output.
 */
import { formatSelector, fromLabelSelector } from '../api/selector.js';
import type { Deployment, Event, Ingress, KubeObject, Namespace, Node, Pod, ReplicaSet, Service } from '../api/types.js';
import { ageSince, humanDuration } from '../api/duration.js';

export interface ColumnDefinition { name: string; type: string; format: string; description: string; priority: number }
export interface TableRow { cells: unknown[]; object?: unknown }
export interface Table { kind: 'Table'; apiVersion: 'meta.k8s.io/v1'; metadata: { resourceVersion?: string }; columnDefinitions: ColumnDefinition[]; rows: TableRow[] }
export type IncludeObject = 'None' | 'Metadata' | 'Object';

const col = (name: string, priority = 0, format = '', type = 'string'): ColumnDefinition => ({ name, type, format, description: '', priority });
const NAME = col('Name', 0, 'name');
const AGE = col('Age');
const none = (v: string | undefined): string => (v === undefined || v === '' ? '<none>' : v);

interface Printer { columns: ColumnDefinition[]; cells(obj: KubeObject, now: Date): unknown[] }

function podStatus(p: Pod): string {
  let reason = p.status?.reason ?? p.status?.phase ?? 'Unknown';
  for (const cs of p.status?.containerStatuses ?? []) {
    const w = cs.state.waiting?.reason;
    const t = cs.state.terminated;
    if (w && w !== 'ContainerCreating') reason = w;
    else if (w) reason = w;
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

const pod: Printer = {
  columns: [NAME, col('Ready'), col('Status'), col('Restarts', 0, '', 'string'), AGE, col('IP', 1), col('Node', 1), col('Nominated Node', 1), col('Readiness Gates', 1)],
  cells(o, now) {
    const p = o as Pod;
    const statuses = p.status?.containerStatuses ?? [];
    const ready = statuses.filter((c) => c.ready).length;
    return [p.metadata.name, `${ready}/${p.spec.containers.length}`, podStatus(p), podRestarts(p, now), ageSince(p.metadata.creationTimestamp, now), none(p.status?.podIP), none(p.spec.nodeName), '<none>', '<none>'];
  },
};

const deployment: Printer = {
  columns: [NAME, col('Ready'), col('Up-to-date', 0, '', 'integer'), col('Available', 0, '', 'integer'), AGE, col('Containers', 1), col('Images', 1), col('Selector', 1)],
  cells(o, now) {
    const d = o as Deployment;
    const s = d.status ?? {};
    const cs = d.spec.template.spec.containers;
    return [d.metadata.name, `${s.readyReplicas ?? 0}/${d.spec.replicas ?? 1}`, s.updatedReplicas ?? 0, s.availableReplicas ?? 0, ageSince(d.metadata.creationTimestamp, now),
      cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(','), none(formatSelector(fromLabelSelector(d.spec.selector)))];
  },
};

const replicaSet: Printer = {
  columns: [NAME, col('Desired', 0, '', 'integer'), col('Current', 0, '', 'integer'), col('Ready', 0, '', 'integer'), AGE, col('Containers', 1), col('Images', 1), col('Selector', 1)],
  cells(o, now) {
    const rs = o as ReplicaSet;
    const cs = rs.spec.template.spec.containers;
    return [rs.metadata.name, rs.spec.replicas ?? 1, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0, ageSince(rs.metadata.creationTimestamp, now),
      cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(','), none(formatSelector(fromLabelSelector(rs.spec.selector)))];
  },
};

const service: Printer = {
  columns: [NAME, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), AGE, col('Selector', 1)],
  cells(o, now) {
    const s = o as Service;
    const ports = (s.spec.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
    const sel = Object.entries(s.spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    return [s.metadata.name, s.spec.type ?? 'ClusterIP', none(s.spec.clusterIP), '<none>', none(ports), ageSince(s.metadata.creationTimestamp, now), none(sel)];
  },
};

const node: Printer = {
  columns: [NAME, col('Status'), col('Roles'), AGE, col('Version'), col('Internal-IP', 1), col('External-IP', 1), col('OS-Image', 1), col('Kernel-Version', 1), col('Container-Runtime', 1)],
  cells(o, now) {
    const n = o as Node;
    const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
    let status = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
    if (n.spec.unschedulable) status += ',SchedulingDisabled';
    const roles = Object.keys(n.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length));
    const addr = (t: string): string => none(n.status?.addresses?.find((a) => a.type === t)?.address);
    const info = n.status?.nodeInfo ?? {};
    return [n.metadata.name, status, roles.length ? roles.join(',') : '<none>', ageSince(n.metadata.creationTimestamp, now), info.kubeletVersion ?? '', addr('InternalIP'), addr('ExternalIP'), none(info.osImage), none(info.kernelVersion), none(info.containerRuntimeVersion)];
  },
};

const namespace: Printer = {
  columns: [NAME, col('Status'), AGE],
  cells: (o, now) => [o.metadata.name, (o as Namespace).status?.phase ?? 'Active', ageSince(o.metadata.creationTimestamp, now)],
};

const event: Printer = {
  columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Message'), col('Source', 1), col('First Seen', 1), col('Count', 1), col('Name', 1)],
  cells(o, now) {
    const e = o as Event;
    const io = e.involvedObject;
    return [ageSince(e.lastTimestamp ?? e.metadata.creationTimestamp, now), e.type ?? '', e.reason ?? '', `${(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`, e.message ?? '',
      e.source?.component ?? '', ageSince(e.firstTimestamp, now), String(e.count ?? 1), e.metadata.name];
  },
};

const ingress: Printer = {
  columns: [NAME, col('Class'), col('Hosts'), col('Address'), col('Ports'), AGE],
  cells(o, now) {
    const i = o as Ingress;
    const hosts = (i.spec.rules ?? []).map((r) => r.host ?? '*');
    return [i.metadata.name, none(i.spec.ingressClassName), hosts.length ? hosts.join(',') : '*', '', i.spec.tls?.length ? '80, 443' : '80', ageSince(i.metadata.creationTimestamp, now)];
  },
};

const configMap: Printer = {
  columns: [NAME, col('Data', 0, '', 'integer'), AGE],
  cells(o, now) {
    // kubectl counts data and binaryData together.
    const cm = o as { data?: object; binaryData?: object };
    return [o.metadata.name, Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, ageSince(o.metadata.creationTimestamp, now)];
  },
};

const generic: Printer = { columns: [NAME, AGE], cells: (o, now) => [o.metadata.name, ageSince(o.metadata.creationTimestamp, now)] };

const PRINTERS: Record<string, Printer> = { Pod: pod, Deployment: deployment, ReplicaSet: replicaSet, Service: service, Node: node, Namespace: namespace, Event: event, Ingress: ingress, ConfigMap: configMap };

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** Builds the Table for `objects` of `kind`. */
export function toTable(kind: string, objects: KubeObject[], opts: { now: Date; include: IncludeObject; resourceVersion?: string; withColumns?: boolean }): Table {
  const printer = PRINTERS[kind] ?? generic;
  const rows = objects.map((o) => {
    const row: TableRow = { cells: printer.cells(o, opts.now) };
    const object = rowObject(o, opts.include);
    if (object !== undefined) row.object = object;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {},
    columnDefinitions: opts.withColumns === false ? [] : printer.columns,
    rows,
  };
}

/** True when the Accept header asks for a Table. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept);
}
