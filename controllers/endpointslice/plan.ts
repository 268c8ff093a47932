/**
 * The discovery.k8s.io/v1 EndpointSlices of a Service (Kubernetes' EndpointSlice controller,
 * reduced): one slice per set of resolved ports, at most MAX_ENDPOINTS_PER_SLICE endpoints each,
 * every selected pod with an address listed with its conditions (ready, serving, terminating).
 * Pure: desiredSlices computes, planSlices matches them against the existing slices.
 */
import { MAX_ENDPOINTS_PER_SLICE } from '../../api/kinds/endpoints.js';
import type { EndpointSlice, Pod, Service, SliceEndpoint, SlicePort } from '../../api/types.js';
import { endpointState, portsKey, resolvedPorts, selects } from '../endpoints/pods.js';

/** Labels every slice of a Service carries (with client/'s SERVICE_NAME_LABEL). */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';

/** The content of one slice. */
export interface SliceContent { key: string; ports: SlicePort[]; endpoints: SliceEndpoint[] }

/** The slices the Service should have, in a stable order. */
export function desiredSlices(svc: Service, pods: readonly Pod[], maxPerSlice = MAX_ENDPOINTS_PER_SLICE): SliceContent[] {
  const publish = svc.spec.publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: SlicePort[]; endpoints: SliceEndpoint[] }>();
  for (const pod of pods) {
    if (!selects(svc, pod)) continue;
    const state = endpointState(pod, publish);
    if (!state) continue;
    const resolved = resolvedPorts(svc, pod);
    if ((svc.spec.ports?.length ?? 0) > 0 && resolved.length === 0) continue;
    const key = portsKey(resolved);
    const g: { ports: SlicePort[]; endpoints: SliceEndpoint[] } = groups.get(key) ?? { ports: [...resolved].sort((a, b) => a.name.localeCompare(b.name)).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })), endpoints: [] };
    g.endpoints.push({
      addresses: [state.ip],
      conditions: { ready: state.ready, serving: state.serving, terminating: state.terminating },
      ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
    });
    groups.set(key, g);
  }
  const out: SliceContent[] = [];
  for (const [key, g] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const eps = g.endpoints.sort((a, b) => (a.addresses[0] ?? '').localeCompare(b.addresses[0] ?? '', 'en', { numeric: true }));
    for (let i = 0; i < eps.length; i += maxPerSlice) out.push({ key, ports: g.ports, endpoints: eps.slice(i, i + maxPerSlice) });
  }
  return out;
}

/** What to do with the existing slices. */
export interface SlicePlan {
  create: SliceContent[];
  update: { slice: EndpointSlice; content: SliceContent }[];
  delete: EndpointSlice[];
}

const keyOf = (s: EndpointSlice): string => portsKey((s.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port ?? 0, protocol: p.protocol ?? 'TCP' })));
const sameContent = (s: EndpointSlice, c: SliceContent): boolean =>
  JSON.stringify(s.endpoints ?? []) === JSON.stringify(c.endpoints) && JSON.stringify(s.ports ?? []) === JSON.stringify(c.ports);

/** Reuses existing slices with the same port set (in name order), creates what is missing, deletes the rest. */
export function planSlices(existing: readonly EndpointSlice[], desired: readonly SliceContent[]): SlicePlan {
  const pool = [...existing].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  for (const content of desired) {
    const i = pool.findIndex((s) => keyOf(s) === content.key);
    const slice = i >= 0 ? pool.splice(i, 1)[0] : undefined;
    if (!slice) plan.create.push(content);
    else if (!sameContent(slice, content)) plan.update.push({ slice, content });
  }
  plan.delete = pool;
  return plan;
}
