/**
 * What Service endpoint controllers read from a pod (Kubernetes' endpointslice util, reduced):
 * whether it belongs to a Service, whether it is in the endpoints at all, ready/serving/
 * terminating, and what a Service port's targetPort means on it. Pure; shared by the Endpoints and
 * the EndpointSlice controllers.
 */
import type { Pod, Service, ServicePort } from '../../api/types.js';

/**
 * True when the Service selects the pod. A Service without a selector (or an empty one) manages
 * no endpoints: its Endpoints are the user's (Kubernetes: nil selector).
 */
export function selects(svc: Service, pod: Pod): boolean {
  const sel = svc.spec.selector;
  if (!sel || Object.keys(sel).length === 0) return false;
  if (pod.metadata.namespace !== svc.metadata.namespace) return false;
  const labels = pod.metadata.labels ?? {};
  return Object.entries(sel).every(([k, v]) => labels[k] === v);
}

/** True when the Service has endpoints managed by the controllers (it has a selector and a ClusterIP/NodePort type). */
export function managesEndpoints(svc: Service): boolean {
  return !!svc.spec.selector && Object.keys(svc.spec.selector).length > 0 && svc.spec.type !== 'ExternalName';
}

/** A pod's place in a Service's endpoints. */
export interface PodEndpointState { ip: string; ready: boolean; serving: boolean; terminating: boolean }

const podReady = (pod: Pod): boolean => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/**
 * The pod as an endpoint, or undefined when it is none: no address yet, or finished (Succeeded /
 * Failed). A terminating pod is listed (EndpointSlice: terminating, serving while still ready) but
 * never ready; `publishNotReadyAddresses` makes every listed pod ready.
 */
export function endpointState(pod: Pod, publishNotReady: boolean): PodEndpointState | undefined {
  const ip = pod.status?.podIP;
  if (!ip) return undefined;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return undefined;
  const terminating = !!pod.metadata.deletionTimestamp;
  const serving = publishNotReady || podReady(pod);
  return { ip, ready: serving && !terminating, serving, terminating };
}

/**
 * The container port a Service port's targetPort names on this pod: a number as is, a name looked
 * up in the pod's container ports (same protocol), undefined when the pod has no such port.
 */
export function resolveTargetPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  for (const c of pod.spec.containers) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** An endpoint port: the Service port's name and protocol with the resolved number. */
export interface ResolvedPort { name: string; port: number; protocol: string }

/** The Service's ports as they resolve on `pod` (ports the pod lacks are left out). */
export function resolvedPorts(svc: Service, pod: Pod): ResolvedPort[] {
  const out: ResolvedPort[] = [];
  for (const sp of svc.spec.ports ?? []) {
    const port = resolveTargetPort(pod, sp);
    if (port !== undefined) out.push({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' });
  }
  return out;
}

/** A stable key of a port set (pods whose ports resolve the same share a subset or a slice). */
export function portsKey(ports: readonly ResolvedPort[]): string {
  return ports.map((p) => `${p.name}/${p.protocol}/${p.port}`).sort().join(',');
}
