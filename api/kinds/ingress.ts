/** networking.k8s.io/v1 Ingress and IngressClass. */
import { parseIPv4 } from '../cidr.js';
import { ageSince } from '../duration.js';
import { isRecord } from '../guards.js';
import { LOAD_BALANCER_STATUS, PORT } from '../schemas.js';
import { checkShape, obj, showValue, STRINGS, type Shape } from '../shape.js';
import { column, orNone } from '../table.js';
import type { Ingress, IngressClass, KubeObject } from '../types.js';
import { dns1123SubdomainError, type Problems } from '../validation.js';
import { identity, subresource, type KindDefinition, type StrategyContext } from './kind.js';

/** The IngressClass the API server creates at start-up, served by Tugboat's ingress proxy (ingress/). */
export const TUGBOAT_INGRESS_CLASS = 'tugboat';
/** spec.controller of the classes Tugboat's ingress proxy serves. */
export const TUGBOAT_INGRESS_CONTROLLER = 'tugboat.io/ingress-controller';

/** The annotation that makes an IngressClass the default for Ingresses that name none. */
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

const SERVICE_BACKEND: Shape = obj({ name: 'string', port: obj({ number: PORT, name: 'string' }) }, ['name']);
const BACKEND: Shape = obj({ service: SERVICE_BACKEND, resource: obj({ apiGroup: 'string', kind: 'string', name: 'string' }, ['kind', 'name']) });
const SPEC_REST: Shape = obj({ ingressClassName: 'string', tls: { list: obj({ hosts: STRINGS, secretName: 'string' }) } });
const PATH_TYPES = ['Exact', 'Prefix', 'ImplementationSpecific'];

function checkBackend(p: Problems, f: string, b: unknown): void {
  if (!isRecord(b)) { p.required(f); return; }
  checkShape(p, f, b, BACKEND);
  if ((b.service === undefined) === (b.resource === undefined)) { p.invalid(f, b, 'exactly one of `service` or `resource` must be specified'); return; }
  const svc = b.service;
  if (!isRecord(svc)) return;
  if (typeof svc.name === 'string' && svc.name && dns1123SubdomainError(svc.name)) p.invalid(`${f}.service.name`, svc.name, 'must be a valid Service name');
  const port = svc.port;
  if (!isRecord(port) || (port.number === undefined && (port.name === undefined || port.name === ''))) p.required(`${f}.service.port`, 'port name or number is required');
  else if (port.number !== undefined && port.name !== undefined && port.name !== '') p.invalid(`${f}.service.port`, port, 'cannot set both port name & port number');
}

function checkHost(p: Problems, f: string, host: unknown): void {
  if (host === undefined || host === '') return;
  if (typeof host !== 'string') { p.invalid(f, host, 'must be a string'); return; }
  if (parseIPv4(host) !== undefined) { p.invalid(f, host, 'must be a DNS name, not an IP address'); return; }
  const name = host.startsWith('*.') ? host.slice(2) : host;
  const err = dns1123SubdomainError(name);
  if (err) p.invalid(f, host, host.includes('*') && !host.startsWith('*.') ? "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain" : err);
}

function checkPaths(p: Problems, f: string, paths: unknown): void {
  if (!Array.isArray(paths) || paths.length === 0) { p.required(f); return; }
  paths.forEach((pa: unknown, j) => {
    const pf = `${f}[${j}]`;
    if (!isRecord(pa)) { p.invalid(pf, pa, 'must be an object'); return; }
    if (pa.pathType === undefined || pa.pathType === null || pa.pathType === '') p.required(`${pf}.pathType`, 'pathType must be specified');
    else if (typeof pa.pathType !== 'string' || !PATH_TYPES.includes(pa.pathType)) p.add(`${pf}.pathType`, `Unsupported value: ${showValue(pa.pathType)}: supported values: "Exact", "ImplementationSpecific", "Prefix"`, 'FieldValueNotSupported');
    if (pa.path !== undefined && typeof pa.path !== 'string') p.invalid(`${pf}.path`, pa.path, 'must be a string');
    else if (pa.pathType === 'Exact' || pa.pathType === 'Prefix') {
      const path = typeof pa.path === 'string' ? pa.path : '';
      if (!path.startsWith('/')) p.invalid(`${pf}.path`, path, 'must be an absolute path');
      else if (/\/\/|\/\.\.?(\/|$)|%2f|%2F/.test(path)) p.invalid(`${pf}.path`, path, "must not contain '//', '/./', '/../' or an encoded '/'");
      else if (/[\s;{}]/.test(path)) p.invalid(`${pf}.path`, path, 'must not contain whitespace, \';\', \'{\' or \'}\'');
    } else if (typeof pa.path === 'string' && pa.path !== '' && !pa.path.startsWith('/')) p.invalid(`${pf}.path`, pa.path, 'must be an absolute path');
    checkBackend(p, `${pf}.backend`, pa.backend);
  });
}

function checkIngress(p: Problems, spec: unknown): void {
  if (!isRecord(spec)) { p.required('spec'); return; }
  checkShape(p, 'spec', spec, SPEC_REST);
  if (typeof spec.ingressClassName === 'string' && spec.ingressClassName !== '') {
    const err = dns1123SubdomainError(spec.ingressClassName);
    if (err) p.invalid('spec.ingressClassName', spec.ingressClassName, err);
  }
  if (spec.defaultBackend !== undefined && spec.defaultBackend !== null) checkBackend(p, 'spec.defaultBackend', spec.defaultBackend);
  const rules = spec.rules;
  if ((rules === undefined || rules === null || (Array.isArray(rules) && rules.length === 0)) && (spec.defaultBackend === undefined || spec.defaultBackend === null)) {
    p.add('spec', 'Invalid value: either `defaultBackend` or `rules` must be specified');
    return;
  }
  if (rules === undefined || rules === null) return;
  if (!Array.isArray(rules)) { p.invalid('spec.rules', rules, 'must be a list'); return; }
  rules.forEach((r: unknown, i) => {
    const f = `spec.rules[${i}]`;
    if (!isRecord(r)) { p.invalid(f, r, 'must be an object'); return; }
    checkHost(p, `${f}.host`, r.host);
    if (r.http === undefined || r.http === null) return;
    if (!isRecord(r.http)) { p.invalid(`${f}.http`, r.http, 'must be an object'); return; }
    checkPaths(p, `${f}.http.paths`, r.http.paths);
  });
}

/** As the DefaultIngressClass admission plugin: an Ingress naming no class gets the default one (the newest, if several). */
async function defaultClass(obj: KubeObject, ctx: StrategyContext): Promise<void> {
  const ing = obj as Ingress;
  if (ing.spec.ingressClassName || ing.metadata.annotations?.['kubernetes.io/ingress.class']) return;
  const defaults = (await ctx.list('IngressClass')).filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  defaults.sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
  const chosen = defaults[0]?.metadata.name;
  if (chosen) ing.spec.ingressClassName = chosen;
}

export const ingress: KindDefinition = {
  ...identity('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing']),
  subresources: [subresource('status', 'Ingress', 'networking.k8s.io', 'v1')],
  validate: (p, o) => checkIngress(p, o.spec),
  statusShape: LOAD_BALANCER_STATUS,
  printer: {
    columns: [column('Name', 0, 'name'), column('Class'), column('Hosts'), column('Address'), column('Ports'), column('Age')],
    cells(o, now) {
      const i = o as Ingress;
      const hosts = (i.spec.rules ?? []).map((r) => r.host ?? '*');
      const address = (i.status?.loadBalancer?.ingress ?? []).map((a) => a.ip ?? a.hostname ?? '').filter(Boolean).join(',');
      return [i.metadata.name, orNone(i.spec.ingressClassName), hosts.length ? hosts.join(',') : '*', address, i.spec.tls?.length ? '80, 443' : '80', ageSince(i.metadata.creationTimestamp, now)];
    },
  },
  strategy: { prepareForCreate: defaultClass },
};

const CONTROLLER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9/._-]+$/;

function checkIngressClass(p: Problems, spec: unknown): void {
  if (!isRecord(spec)) { p.required('spec.controller'); return; }
  checkShape(p, 'spec', spec, obj({ controller: 'string', parameters: obj({ apiGroup: 'string', kind: 'string', name: 'string', namespace: 'string', scope: { oneOf: ['Cluster', 'Namespace'] } }, ['kind', 'name']) }));
  if (spec.controller === undefined || spec.controller === '') p.required('spec.controller');
  else if (typeof spec.controller === 'string' && (spec.controller.length > 250 || !CONTROLLER.test(spec.controller))) p.invalid('spec.controller', spec.controller, 'must be a domain-prefixed path (such as "example.com/ingress-controller"), at most 250 characters');
}

export const ingressClass: KindDefinition = {
  ...identity('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  subresources: [],
  validate: (p, o) => checkIngressClass(p, o.spec),
  printer: {
    columns: [column('Name', 0, 'name'), column('Controller'), column('Parameters'), column('Age')],
    cells(o, now) {
      const c = o as IngressClass;
      const par = c.spec.parameters;
      return [c.metadata.name, c.spec.controller ?? '', par ? `${par.apiGroup ? `${par.kind}.${par.apiGroup}` : par.kind}/${par.name}` : '<none>', ageSince(c.metadata.creationTimestamp, now)];
    },
  },
};
