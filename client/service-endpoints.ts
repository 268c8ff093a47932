/**
 * What a Service's traffic goes to, as kube-proxy reads it: the EndpointSlices of the Service
 * (label kubernetes.io/service-name, same namespace) contribute, for a Service port, the slice
 * port with the same name ('' when unnamed) at every ready endpoint address. Serving-but-
 * terminating endpoints are left out. Pure; shared by the service proxy and the ingress proxy.
 */
import type { EndpointSlice } from '../api/types.js';

/** Label that ties an EndpointSlice to its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** One place traffic can go. */
export interface ServiceEndpoint { ip: string; port: number }

/** "namespace/service" of a slice, or undefined when it names no Service. */
export function serviceKeyOfSlice(slice: EndpointSlice): string | undefined {
  const name = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  return name ? `${slice.metadata.namespace ?? 'default'}/${name}` : undefined;
}

/** Groups slices by "namespace/service". */
export function slicesByService(slices: readonly EndpointSlice[]): Map<string, EndpointSlice[]> {
  const out = new Map<string, EndpointSlice[]>();
  for (const s of slices) {
    const key = serviceKeyOfSlice(s);
    if (key === undefined) continue;
    const list = out.get(key);
    if (list) list.push(s); else out.set(key, [s]);
  }
  return out;
}

/** Ready endpoints for the Service port named `portName` ('' when unnamed), deduplicated, sorted by address then port. */
export function readyEndpoints(slices: readonly EndpointSlice[], portName: string): ServiceEndpoint[] {
  const seen = new Map<string, ServiceEndpoint>();
  for (const sl of slices) {
    if (sl.addressType === 'FQDN') continue;
    const sp = (sl.ports ?? []).find((p) => (p.name ?? '') === portName);
    if (sp?.port === undefined) continue;
    for (const ep of sl.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      for (const ip of ep.addresses ?? []) seen.set(`${ip}:${sp.port}`, { ip, port: sp.port });
    }
  }
  return [...seen.values()].sort((a, b) => a.ip.localeCompare(b.ip, 'en', { numeric: true }) || a.port - b.port);
}
