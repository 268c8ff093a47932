/**
 * Fixture builders for ingress tests: `makeIngress('web').rule('a.com', '/api', 'Prefix', 'api', 80).build()`,
 * `makeService('api').port(80, 'http').build()`, `makeSlice('api').port(8080, 'http').endpoint('10.0.0.1').build()`.
 */
import type { EndpointSlice, Ingress, IngressBackend, IngressClass, Service } from '../../api/types.js';
import type { RouteSnapshot } from '../../ingress/router.js';

export const OPTS = { className: 'tugboat', controllerName: 'tugboat.io/ingress-controller' };

function backendRef(service: string, port: number | string): IngressBackend {
  return { service: { name: service, port: typeof port === 'number' ? { number: port } : { name: port } } };
}

export class IngressBuilder {
  private readonly ing: Ingress;
  constructor(name: string) {
    this.ing = {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress',
      metadata: { name, namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' },
      spec: { ingressClassName: 'tugboat' },
    };
  }
  namespace(ns: string): this { this.ing.metadata.namespace = ns; return this; }
  created(ts: string | undefined): this { this.ing.metadata.creationTimestamp = ts; return this; }
  className(name: string | undefined): this { this.ing.spec.ingressClassName = name; return this; }
  annotation(k: string, v: string): this { this.ing.metadata.annotations = { ...this.ing.metadata.annotations, [k]: v }; return this; }
  defaultBackend(service: string, port: number | string): this { this.ing.spec.defaultBackend = backendRef(service, port); return this; }
  /** Adds a path under `host` ('' for a rule without host). */
  rule(host: string, path: string | undefined, pathType: string | undefined, service: string, port: number | string): this {
    const rules = (this.ing.spec.rules ??= []);
    let rule = rules.find((r) => (r.host ?? '') === host);
    if (!rule) { rule = host === '' ? { http: { paths: [] } } : { host, http: { paths: [] } }; rules.push(rule); }
    rule.http!.paths.push({ ...(path !== undefined ? { path } : {}), ...(pathType !== undefined ? { pathType } : {}), backend: backendRef(service, port) });
    return this;
  }
  build(): Ingress { return structuredClone(this.ing); }
}

export class ServiceBuilder {
  private readonly svc: Service;
  constructor(name: string) {
    this.svc = { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { ports: [] } };
  }
  namespace(ns: string): this { this.svc.metadata.namespace = ns; return this; }
  port(port: number, name?: string): this { this.svc.spec.ports!.push({ port, ...(name !== undefined ? { name } : {}) }); return this; }
  type(t: Service['spec']['type']): this { this.svc.spec.type = t; return this; }
  build(): Service { return structuredClone(this.svc); }
}

export class SliceBuilder {
  private readonly slice: EndpointSlice;
  constructor(service: string, name = `${service}-abc`) {
    this.slice = {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
      metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': service } },
      addressType: 'IPv4', endpoints: [], ports: [],
    };
  }
  namespace(ns: string): this { this.slice.metadata.namespace = ns; return this; }
  port(port: number, name?: string): this { this.slice.ports!.push({ port, ...(name !== undefined ? { name } : {}) }); return this; }
  endpoint(ip: string, conditions: { ready?: boolean; serving?: boolean; terminating?: boolean } = { ready: true }): this {
    this.slice.endpoints.push({ addresses: [ip], conditions });
    return this;
  }
  build(): EndpointSlice { return structuredClone(this.slice); }
}

export function makeIngress(name = 'web'): IngressBuilder { return new IngressBuilder(name); }
export function makeService(name = 'web'): ServiceBuilder { return new ServiceBuilder(name); }
export function makeSlice(service = 'web', name?: string): SliceBuilder { return new SliceBuilder(service, name); }

export function makeIngressClass(name = 'tugboat', controller = OPTS.controllerName, isDefault = false): IngressClass {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass',
    metadata: { name, ...(isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}) },
    spec: { controller },
  };
}

/** A snapshot with our IngressClass "tugboat" unless `classes` is given. */
export function snapshot(parts: Partial<RouteSnapshot>): RouteSnapshot {
  return {
    ingresses: parts.ingresses ?? [],
    ingressClasses: parts.ingressClasses ?? [makeIngressClass()],
    services: parts.services ?? [],
    endpointSlices: parts.endpointSlices ?? [],
  };
}
