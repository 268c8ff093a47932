/**
 * Resolves an Ingress backend (service name + port number or name) to the ready pod endpoints
 * behind it, as kube-proxy does: the Service port is found by number or name, then each
 * EndpointSlice of the Service (label kubernetes.io/service-name, same namespace) contributes its
 * port with the same name (unnamed for an unnamed Service port) at every ready endpoint address.
 * Endpoints with conditions.ready === false are left out, including serving-but-terminating ones.
 */
import type { EndpointSlice, IngressBackend, Service, ServicePort } from '../api/types.js';
import { readyEndpoints, slicesByService } from '../client/service-endpoints.js';
import type { BackendRegistry } from './backend-registry.js';
import type { Backend, EndpointState, RouteProblem } from './route-table.js';

/** Services and their EndpointSlices indexed by "namespace/name", plus the per-build memo. */
export interface ServiceIndex {
  readonly services: ReadonlyMap<string, Service>;
  readonly slices: ReadonlyMap<string, readonly EndpointSlice[]>;
  /** Backends already resolved during this build, by id. */
  readonly resolved: Map<string, Backend>;
}

/** Indexes a snapshot's Services and EndpointSlices. */
export function indexServices(services: readonly Service[], endpointSlices: readonly EndpointSlice[]): ServiceIndex {
  const byKey = new Map<string, Service>();
  for (const s of services) byKey.set(`${s.metadata.namespace ?? 'default'}/${s.metadata.name ?? ''}`, s);
  return { services: byKey, slices: slicesByService(endpointSlices), resolved: new Map() };
}

/** The outcome of resolving one Ingress backend: the Backend (possibly without endpoints) or only a problem. */
export interface ResolvedBackend {
  backend: Backend | null;
  problem: Omit<RouteProblem, 'ingress'> | null;
}

function findServicePort(svc: Service, port: { number?: number; name?: string }): ServicePort | undefined {
  const ports = svc.spec.ports ?? [];
  if (port.name !== undefined && port.name !== '') return ports.find((p) => p.name === port.name);
  return ports.find((p) => p.port === port.number);
}

/** Ready endpoint states for service port `portName` ('' when unnamed) from the Service's slices. */
function readyEndpointStates(slices: readonly EndpointSlice[], portName: string, registry: BackendRegistry): EndpointState[] {
  return readyEndpoints(slices, portName).map((e) => registry.endpoint(e.ip, e.port));
}

/**
 * Resolves `ref` in namespace `ns`. A missing Service or port yields a Backend without endpoints
 * (requests get a 503 naming it) plus a problem; a backend that is not a Service yields only a problem.
 */
export function resolveBackend(ns: string, ref: IngressBackend, index: ServiceIndex, registry: BackendRegistry): ResolvedBackend {
  const svcRef = ref.service;
  if (svcRef === undefined || svcRef.name === '') {
    return { backend: null, problem: { reason: 'UnsupportedBackend', message: 'only service backends are supported' } };
  }
  const port = svcRef.port ?? {};
  const portLabel = port.name !== undefined && port.name !== '' ? port.name : String(port.number ?? '');
  const svcKey = `${ns}/${svcRef.name}`;
  const id = `${svcKey}:${portLabel}`;
  const make = (endpoints: EndpointState[]): Backend => ({ id, endpoints, state: registry.backend(id) });
  const svc = index.services.get(svcKey);
  let problem: ResolvedBackend['problem'] = null;
  if (svc === undefined) {
    problem = { reason: 'ServiceNotFound', message: `service "${svcKey}" not found` };
  } else if (svc.spec.type === 'ExternalName') {
    problem = { reason: 'UnsupportedServiceType', message: `service "${svcKey}" is of type ExternalName, which is not supported` };
  } else if (portLabel === '') {
    problem = { reason: 'ServicePortNotFound', message: `backend for service "${svcKey}" names no port` };
  } else {
    const sp = findServicePort(svc, port);
    if (sp === undefined) {
      const what = port.name !== undefined && port.name !== '' ? `named "${port.name}"` : String(port.number);
      problem = { reason: 'ServicePortNotFound', message: `service "${svcKey}" has no port ${what}` };
    } else {
      let backend = index.resolved.get(id);
      if (backend === undefined) {
        backend = make(readyEndpointStates(index.slices.get(svcKey) ?? [], sp.name ?? '', registry));
        index.resolved.set(id, backend);
      }
      return { backend, problem: null };
    }
  }
  let backend = index.resolved.get(id);
  if (backend === undefined) { backend = make([]); index.resolved.set(id, backend); }
  return { backend, problem };
}
