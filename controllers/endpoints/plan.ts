/**
 * The v1 Endpoints of a Service (Kubernetes' endpoints controller): pods the selector matches,
 * ready ones under `addresses`, the others under `notReadyAddresses`, grouped into subsets of pods
 * whose ports resolve alike (targetPort by name can differ per pod). Terminating pods are left out
 * (unless publishNotReadyAddresses), as Kubernetes does. Pure and deterministic: the same inputs
 * give the same subsets in the same order, so an unchanged result is never written.
 */
import type { EndpointAddress, EndpointSubset, Pod, Service } from '../../api/types.js';
import { endpointState, portsKey, resolvedPorts, selects, type ResolvedPort } from './pods.js';

const byIp = (a: EndpointAddress, b: EndpointAddress): number => a.ip.localeCompare(b.ip, 'en', { numeric: true });

export function desiredSubsets(svc: Service, pods: readonly Pod[]): EndpointSubset[] {
  const publish = svc.spec.publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: ResolvedPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of pods) {
    if (!selects(svc, pod)) continue;
    const state = endpointState(pod, publish);
    if (!state || (state.terminating && !publish)) continue;
    const ports = resolvedPorts(svc, pod);
    if ((svc.spec.ports?.length ?? 0) > 0 && ports.length === 0) continue;
    const key = portsKey(ports);
    const g = groups.get(key) ?? { ports, ready: [], notReady: [] };
    const address: EndpointAddress = {
      ip: state.ip,
      ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
    };
    (state.ready || publish ? g.ready : g.notReady).push(address);
    groups.set(key, g);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, g]) => ({
    ...(g.ready.length ? { addresses: g.ready.sort(byIp) } : {}),
    ...(g.notReady.length ? { notReadyAddresses: g.notReady.sort(byIp) } : {}),
    ...(g.ports.length ? { ports: [...g.ports].sort((a, b) => a.name.localeCompare(b.name)).map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol })) } : {}),
  }));
}
