/**
 * `describe ingress` as kubectl 1.32 prints it: address, class, default backend, and a Rules table
 * whose backends show `service:port (endpoints)` from the Service's EndpointSlices.
 */
import { formatEndpointList } from '../../api/kinds/endpoints.js';
import type { EndpointSlice, Event, Ingress, IngressBackend, Service } from '../../api/types.js';
import { readyEndpoints } from '../../client/service-endpoints.js';
import { writeEvents } from './common.js';
import { DescribeWriter } from './writer.js';

/** What the backends of one Ingress resolve against: its namespace's Services and their slices, by Service name. */
export interface BackendLookup { services: ReadonlyMap<string, Service>; slices: ReadonlyMap<string, readonly EndpointSlice[]> }

/** kubectl's describeBackendV1: "svc:port (ip:port,...)" or an error in angle brackets. */
export function describeBackend(backend: IngressBackend | undefined, lookup: BackendLookup): string {
  const ref = backend?.service;
  if (!ref) return backend ? '<resource backend>' : '<default>';
  const port = ref.port?.name ? ref.port.name : String(ref.port?.number ?? '');
  const label = `${ref.name}:${port}`;
  const svc = lookup.services.get(ref.name);
  if (!svc) return `${label} (<error: services "${ref.name}" not found>)`;
  const sp = (svc.spec.ports ?? []).find((p) => (ref.port?.number !== undefined && ref.port.number === p.port) || (!!ref.port?.name && ref.port.name === p.name));
  const eps = sp ? readyEndpoints(lookup.slices.get(ref.name) ?? [], sp.name ?? '').map((e) => `${e.ip}:${e.port}`) : [];
  return `${label} (${formatEndpointList(eps)})`;
}

/** The describe text for an Ingress. */
export function describeIngress(ing: Ingress, lookup: BackendLookup, events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  w.line(0, 'Name:', ing.metadata.name ?? '');
  w.map(0, 'Labels', ing.metadata.labels);
  w.line(0, 'Namespace:', ing.metadata.namespace ?? '');
  w.line(0, 'Address:', (ing.status?.loadBalancer?.ingress ?? []).map((a) => a.ip ?? a.hostname ?? '').filter(Boolean).join(','));
  w.line(0, 'Ingress Class:', ing.spec.ingressClassName ?? '<none>');
  w.line(0, 'Default backend:', describeBackend(ing.spec.defaultBackend, lookup));
  for (const t of ing.spec.tls ?? []) {
    w.line(0, 'TLS:');
    w.line(1, `${t.secretName ?? ''} terminates ${(t.hosts ?? []).join(',')}`);
  }
  w.line(0, 'Rules:');
  w.line(1, 'Host', 'Path', 'Backends');
  w.line(1, '----', '----', '--------');
  let count = 0;
  for (const r of ing.spec.rules ?? []) {
    if (!r.http) continue;
    count++;
    w.line(1, r.host || '*', '');
    for (const p of r.http.paths) w.line(2, '', `${p.path ?? ''} `, describeBackend(p.backend, lookup));
  }
  if (count === 0) w.line(1, '*', '*', describeBackend(ing.spec.defaultBackend, lookup));
  w.map(0, 'Annotations', ing.metadata.annotations, ': ');
  writeEvents(w, events, now);
  return w.toString();
}
