/**
 * `describe service` as kubectl 1.32 prints it: ports, selector, IPs, policies, and per port the
 * ready endpoints read from the Service's EndpointSlices (first three, then "+ N more...").
 */
import { formatEndpointList } from '../../api/kinds/endpoints.js';
import type { EndpointSlice, Event, Service } from '../../api/types.js';
import { readyEndpoints } from '../../client/service-endpoints.js';
import { writeEvents, writeObjectMeta } from './common.js';
import { DescribeWriter } from './writer.js';

/** "10.0.0.7:8080,10.0.0.8:8080" for the ready endpoints of the Service port named `portName`. */
export function endpointsFor(slices: readonly EndpointSlice[], portName: string): string {
  return formatEndpointList(readyEndpoints(slices, portName).map((e) => `${e.ip}:${e.port}`));
}

/** The describe text for a Service, its EndpointSlices and its events. */
export function describeService(svc: Service, slices: readonly EndpointSlice[], events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  writeObjectMeta(w, svc);
  const s = svc.spec;
  const selector = Object.entries(s.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  w.line(0, 'Selector:', selector || '<none>');
  w.line(0, 'Type:', s.type ?? 'ClusterIP');
  if (s.ipFamilyPolicy) w.line(0, 'IP Family Policy:', s.ipFamilyPolicy);
  w.line(0, 'IP Families:', s.ipFamilies?.length ? s.ipFamilies.join(',') : '<none>');
  w.line(0, 'IP:', s.clusterIP ?? '');
  w.line(0, 'IPs:', s.clusterIPs?.length ? s.clusterIPs.join(',') : '<none>');
  if (s.externalName) w.line(0, 'External Name:', s.externalName);
  const lb = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').filter(Boolean);
  if (lb.length) w.line(0, 'LoadBalancer Ingress:', lb.join(', '));
  for (const p of s.ports ?? []) {
    const protocol = p.protocol ?? 'TCP';
    const name = p.name || '<unset>';
    w.line(0, 'Port:', name, `${p.port}/${protocol}`);
    w.line(0, 'TargetPort:', `${p.targetPort ?? p.port}/${protocol}`);
    if (p.nodePort) w.line(0, 'NodePort:', name, `${p.nodePort}/${protocol}`);
    w.line(0, 'Endpoints:', endpointsFor(slices, p.name ?? ''));
  }
  w.line(0, 'Session Affinity:', s.sessionAffinity ?? '');
  if (s.externalTrafficPolicy) w.line(0, 'External Traffic Policy:', s.externalTrafficPolicy);
  if (s.internalTrafficPolicy) w.line(0, 'Internal Traffic Policy:', s.internalTrafficPolicy);
  writeEvents(w, events, now);
  return w.toString();
}
