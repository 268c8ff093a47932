/**
 * `describe pod`: client-side formatting after kubectl's PodDescriber.
 */
import { cpuMillis, memoryBytes } from '../../api/quantity.js';
import { controllerOf, type Event, type Pod } from '../../api/types.js';
import { humanDuration } from '../../api/duration.js';
import { formatTime, writeEvents } from './common.js';
import { writeContainers } from './containers.js';
import { DescribeWriter } from './writer.js';

/** "Running", or "Terminating (lasts 12s)" while the pod is being deleted. */
function podStatus(pod: Pod, now: Date): string {
  if (pod.metadata.deletionTimestamp) {
    const since = now.getTime() - Date.parse(pod.metadata.deletionTimestamp);
    return `Terminating (lasts ${humanDuration(since)})`;
  }
  return pod.status?.phase ?? 'Unknown';
}

/** Guaranteed when every container's requests equal its limits for cpu and memory; BestEffort when none set. */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const cs = pod.spec.containers;
  const any = cs.some((c) => Object.keys(c.resources?.requests ?? {}).length + Object.keys(c.resources?.limits ?? {}).length > 0);
  if (!any) return 'BestEffort';
  const guaranteed = cs.every((c) => {
    const l = c.resources?.limits ?? {}, r = c.resources?.requests ?? l;
    return l.cpu !== undefined && l.memory !== undefined && r.cpu !== undefined && r.memory !== undefined &&
      cpuMillis(l.cpu) === cpuMillis(r.cpu) && memoryBytes(l.memory) === memoryBytes(r.memory);
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function writeConditions(w: DescribeWriter, pod: Pod): void {
  const conditions = pod.status?.conditions ?? [];
  if (conditions.length === 0) return;
  w.line(0, 'Conditions:');
  w.line(1, 'Type', 'Status');
  // kubectl writes "%v \t%v \n": each cell carries a trailing space, which widens the column.
  for (const c of conditions) w.line(1, `${c.type} `, `${c.status} `);
}

/** The describe text for a pod and its events. */
export function describePod(pod: Pod, events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  const st = pod.status ?? {};
  w.line(0, 'Name:', pod.metadata.name ?? '');
  w.line(0, 'Namespace:', pod.metadata.namespace ?? '');
  w.line(0, 'Node:', pod.spec.nodeName ? `${pod.spec.nodeName}${st.hostIP ? `/${st.hostIP}` : ''}` : '<none>');
  if (st.startTime) w.line(0, 'Start Time:', formatTime(st.startTime));
  w.map(0, 'Labels', pod.metadata.labels);
  w.map(0, 'Annotations', pod.metadata.annotations, ': ');
  w.line(0, 'Status:', podStatus(pod, now));
  if (st.reason) w.line(0, 'Reason:', st.reason);
  if (st.message) w.line(0, 'Message:', st.message);
  w.line(0, 'IP:', st.podIP ?? '');
  const ips = st.podIPs ?? (st.podIP ? [{ ip: st.podIP }] : []);
  if (ips.length === 0) w.line(0, 'IPs:', '<none>');
  else {
    w.line(0, 'IPs:');
    for (const ip of ips) w.line(1, 'IP:', ip.ip);
  }
  const owner = controllerOf(pod);
  if (owner) w.line(0, 'Controlled By:', `${owner.kind}/${owner.name}`);
  writeContainers(w, 0, pod.spec.containers, st.containerStatuses ?? []);
  writeConditions(w, pod);
  w.line(0, 'Volumes:', '<none>');
  w.line(0, 'QoS Class:', qosClass(pod));
  w.map(0, 'Node-Selectors', pod.spec.nodeSelector);
  w.line(0, 'Tolerations:', '<none>');
  writeEvents(w, events, now);
  return w.toString();
}
