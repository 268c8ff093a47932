/**
 * The service proxy's rules (kube-proxy's ServicePortMap and EndpointsMap, reduced): for every TCP
 * port of every Service with a ClusterIP, a listener on clusterIP:port, and for NodePort and
 * LoadBalancer Services one more on the node address at nodePort, each forwarding to the ready
 * endpoints of that Service port. Pure.
 */
import type { EndpointSlice, Service } from '../api/types.js';
import { readyEndpoints, slicesByService, type ServiceEndpoint } from '../client/service-endpoints.js';

/** One address the proxy listens on and where its connections go. */
export interface ProxyRule {
  /** "ns/svc:port-name" (or the port number when unnamed): what logs and errors name. */
  servicePort: string;
  host: string;
  port: number;
  endpoints: ServiceEndpoint[];
}

/** Listener identity: host:port. */
export const listenKey = (r: { host: string; port: number }): string => `${r.host}:${r.port}`;

/** The rules for the Services and slices in the cache; `nodeIP` is where NodePorts listen. */
export function buildRules(services: readonly Service[], slices: readonly EndpointSlice[], nodeIP: string): ProxyRule[] {
  const byService = slicesByService(slices);
  const rules: ProxyRule[] = [];
  for (const svc of services) {
    const type = svc.spec.type ?? 'ClusterIP';
    const clusterIP = svc.spec.clusterIP;
    if (type === 'ExternalName' || !clusterIP || clusterIP === 'None') continue;
    const key = `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name ?? ''}`;
    const svcSlices = byService.get(key) ?? [];
    for (const p of svc.spec.ports ?? []) {
      if ((p.protocol ?? 'TCP') !== 'TCP') continue; // UDP/SCTP: not proxied (see README)
      const endpoints = readyEndpoints(svcSlices, p.name ?? '');
      const servicePort = `${key}:${p.name || String(p.port)}`;
      rules.push({ servicePort, host: clusterIP, port: p.port, endpoints });
      if ((type === 'NodePort' || type === 'LoadBalancer') && p.nodePort) rules.push({ servicePort, host: nodeIP, port: p.nodePort, endpoints });
    }
  }
  return rules;
}
