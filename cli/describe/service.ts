/**
 * `describe service`: ports, selector, and the endpoints it would route to (the ready pods matching
 * the selector; Tugboat keeps no Endpoints objects).
 */
import type { Event, Pod, Service, ServicePort } from '../../api/types.js';
import { writeEvents, writeObjectMeta } from './common.js';
import { DescribeWriter } from './writer.js';

const isReady = (p: Pod): boolean => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** "10.0.0.7:8080,10.0.0.8:8080" for the ready pods' IPs and the port's numeric target. */
export function endpointsFor(port: ServicePort, pods: readonly Pod[]): string {
  const target = port.targetPort ?? port.port;
  const addrs = pods.filter((p) => isReady(p) && p.status?.podIP).map((p) => {
    const named = typeof target === 'string' ? p.spec.containers.flatMap((c) => c.ports ?? []).find((cp) => cp.name === target)?.containerPort : target;
    return `${p.status?.podIP ?? ''}:${named ?? target}`;
  });
  return addrs.length > 0 ? addrs.join(',') : '<none>';
}

/** The describe text for a service, the pods its selector matches, and its events. */
export function describeService(svc: Service, pods: readonly Pod[], events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  writeObjectMeta(w, svc);
  const selector = Object.entries(svc.spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  w.line(0, 'Selector:', selector || '<none>');
  w.line(0, 'Type:', svc.spec.type ?? 'ClusterIP');
  w.line(0, 'IP Families:', '<none>');
  w.line(0, 'IP:', svc.spec.clusterIP ?? '');
  const ips = svc.spec.clusterIPs ?? (svc.spec.clusterIP ? [svc.spec.clusterIP] : []);
  w.line(0, 'IPs:', ips.length > 0 ? ips.join(',') : '<none>');
  for (const p of svc.spec.ports ?? []) {
    const protocol = p.protocol ?? 'TCP';
    w.line(0, 'Port:', p.name || '<unset>', `${p.port}/${protocol}`);
    w.line(0, 'TargetPort:', `${p.targetPort ?? p.port}/${protocol}`);
    if (p.nodePort) w.line(0, 'NodePort:', p.name || '<unset>', `${p.nodePort}/${protocol}`);
    w.line(0, 'Endpoints:', selector ? endpointsFor(p, pods) : '<none>');
  }
  w.line(0, 'Session Affinity:', (svc.spec as { sessionAffinity?: string }).sessionAffinity ?? '');
  writeEvents(w, events, now);
  return w.toString();
}
