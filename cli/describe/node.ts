/**
 * `describe node`: capacity, allocatable, conditions, the pods running there and what they have
 * requested, after kubectl's NodeDescriber.
 */
import { cpuMillis, formatBytes, formatMillis, memoryBytes } from '../../api/quantity.js';
import type { Event, Node, Pod, ResourceList } from '../../api/types.js';
import { ageSince } from '../../api/duration.js';
import { formatTime, writeEvents } from './common.js';
import { DescribeWriter } from './writer.js';

/** Summed cpu (millicores) and memory (bytes) requests and limits of some pods. */
export interface PodTotals { cpuRequests: number; cpuLimits: number; memoryRequests: number; memoryLimits: number }

function sum(list: readonly (ResourceList | undefined)[], key: 'cpu' | 'memory'): number {
  const parse = key === 'cpu' ? cpuMillis : memoryBytes;
  return list.reduce((acc, r) => acc + (r?.[key] !== undefined ? parse(r[key] ?? '0') : 0), 0);
}

/** Adds up requests and limits over every container of `pods` (requests default to limits). */
export function podTotals(pods: readonly Pod[]): PodTotals {
  const containers = pods.flatMap((p) => p.spec.containers);
  const requests = containers.map((c) => c.resources?.requests ?? c.resources?.limits);
  const limits = containers.map((c) => c.resources?.limits);
  return { cpuRequests: sum(requests, 'cpu'), cpuLimits: sum(limits, 'cpu'), memoryRequests: sum(requests, 'memory'), memoryLimits: sum(limits, 'memory') };
}

/** "500m (25%)": the amount and its share of `total`, truncated as kubectl does. */
function share(amount: string, value: number, total: number): string {
  return `${amount} (${total > 0 ? Math.trunc((value / total) * 100) : 0}%)`;
}

function writeResourceList(w: DescribeWriter, title: string, list: ResourceList | undefined): void {
  w.line(0, `${title}:`);
  for (const [k, v] of Object.entries(list ?? {}).sort(([a], [b]) => a.localeCompare(b))) if (v !== undefined) w.line(1, `${k}:`, v);
}

function writePods(w: DescribeWriter, pods: readonly Pod[], alloc: { cpu: number; memory: number }, now: Date): void {
  w.line(0, 'Non-terminated Pods:', `(${pods.length} in total)`);
  // kubectl leaves an empty column after Name.
  w.line(1, 'Namespace', 'Name', '', 'CPU Requests', 'CPU Limits', 'Memory Requests', 'Memory Limits', 'Age');
  w.line(1, '---------', '----', '', '------------', '----------', '---------------', '-------------', '---');
  for (const p of pods) {
    const t = podTotals([p]);
    w.line(1, p.metadata.namespace ?? '', p.metadata.name ?? '', '',
      share(formatMillis(t.cpuRequests), t.cpuRequests, alloc.cpu), share(formatMillis(t.cpuLimits), t.cpuLimits, alloc.cpu),
      share(formatBytes(t.memoryRequests), t.memoryRequests, alloc.memory), share(formatBytes(t.memoryLimits), t.memoryLimits, alloc.memory),
      ageSince(p.metadata.creationTimestamp, now));
  }
}

function writeAllocated(w: DescribeWriter, pods: readonly Pod[], alloc: { cpu: number; memory: number }): void {
  const t = podTotals(pods);
  w.line(0, 'Allocated resources:');
  w.line(1, '(Total limits may be over 100 percent, i.e., overcommitted.)');
  w.line(1, 'Resource', 'Requests', 'Limits');
  w.line(1, '--------', '--------', '------');
  w.line(1, 'cpu', share(formatMillis(t.cpuRequests), t.cpuRequests, alloc.cpu), share(formatMillis(t.cpuLimits), t.cpuLimits, alloc.cpu));
  w.line(1, 'memory', share(formatBytes(t.memoryRequests), t.memoryRequests, alloc.memory), share(formatBytes(t.memoryLimits), t.memoryLimits, alloc.memory));
  w.line(1, 'ephemeral-storage', '0 (0%)', '0 (0%)');
}

function writeConditions(w: DescribeWriter, node: Node): void {
  w.line(0, 'Conditions:');
  w.line(1, 'Type', 'Status', 'LastHeartbeatTime', 'LastTransitionTime', 'Reason', 'Message');
  w.line(1, '----', '------', '-----------------', '------------------', '------', '-------');
  // kubectl writes "%v \t%v \t%s \t%s \t%v \t%v": a trailing space on every cell but the last.
  for (const c of node.status?.conditions ?? []) {
    w.line(1, `${c.type} `, `${c.status} `, `${formatTime(c.lastHeartbeatTime)} `, `${formatTime(c.lastTransitionTime)} `, `${c.reason ?? ''} `, c.message ?? '');
  }
}

function writeSystemInfo(w: DescribeWriter, node: Node): void {
  const info = node.status?.nodeInfo ?? {};
  w.line(0, 'System Info:');
  const fields: [string, string | undefined][] = [
    ['Machine ID', ''], ['System UUID', ''], ['Boot ID', ''], ['Kernel Version', info.kernelVersion], ['OS Image', info.osImage],
    ['Operating System', info.operatingSystem], ['Architecture', info.architecture], ['Container Runtime Version', info.containerRuntimeVersion],
    ['Kubelet Version', info.kubeletVersion], ['Kube-Proxy Version', ''],
  ];
  for (const [label, value] of fields) w.line(1, `${label}:`, value ?? '');
}

function writeHeader(w: DescribeWriter, node: Node): void {
  const roles = Object.keys(node.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length));
  w.line(0, 'Name:', node.metadata.name ?? '');
  w.line(0, 'Roles:', roles.length > 0 ? roles.join(',') : '<none>');
  w.map(0, 'Labels', node.metadata.labels);
  w.map(0, 'Annotations', node.metadata.annotations, ': ');
  w.line(0, 'CreationTimestamp:', formatTime(node.metadata.creationTimestamp));
  const taints = (node.spec.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
  w.line(0, 'Taints:', taints.length > 0 ? taints.join(', ') : '<none>');
  w.line(0, 'Unschedulable:', node.spec.unschedulable ? 'true' : 'false');
}

/** The describe text for a node, the non-terminated pods bound to it, and its events. */
export function describeNode(node: Node, pods: readonly Pod[], events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  const st = node.status ?? {};
  writeHeader(w, node);
  writeConditions(w, node);
  w.line(0, 'Addresses:');
  for (const a of st.addresses ?? []) w.line(1, `${a.type}:`, a.address);
  writeResourceList(w, 'Capacity', st.capacity);
  writeResourceList(w, 'Allocatable', st.allocatable);
  writeSystemInfo(w, node);
  const allocatable = st.allocatable ?? st.capacity ?? {};
  const alloc = { cpu: cpuMillis(allocatable.cpu ?? '0'), memory: memoryBytes(allocatable.memory ?? '0') };
  writePods(w, pods, alloc, now);
  writeAllocated(w, pods, alloc);
  writeEvents(w, events, now);
  return w.toString();
}
