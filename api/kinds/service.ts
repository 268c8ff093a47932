/** core/v1 Service: validation, defaults, kubectl's columns; ClusterIP/NodePort allocation is in service-allocation.ts. */
import { parseIPv4 } from '../cidr.js';
import { ageSince } from '../duration.js';
import { isRecord } from '../guards.js';
import { LOAD_BALANCER_STATUS, PROTOCOL } from '../schemas.js';
import { checkShape, obj, showValue, STRINGS, type Shape } from '../shape.js';
import { column, orNone } from '../table.js';
import type { Service, ServicePort } from '../types.js';
import { checkInt, checkStringMap, dns1123LabelError, dns1123SubdomainError, type Problems } from '../validation.js';
import { identity, subresource, type KindDefinition, type Printer } from './kind.js';
import { prepareServiceForCreate, prepareServiceForUpdate } from './service-allocation.js';

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;

/** Service port fields other than port, name and targetPort (checked one by one). */
const SERVICE_PORT_REST: Shape = obj({ protocol: PROTOCOL, nodePort: { int: [0, 65535] }, appProtocol: 'string' });
/** Service spec fields other than selector, ports, clusterIP(s) and externalName. */
const SERVICE_SPEC_REST: Shape = obj({
  type: { oneOf: TYPES }, sessionAffinity: { oneOf: ['None', 'ClientIP'] }, publishNotReadyAddresses: 'boolean',
  ipFamilies: { list: { oneOf: ['IPv4', 'IPv6'] } }, ipFamilyPolicy: { oneOf: ['SingleStack', 'PreferDualStack', 'RequireDualStack'] },
  internalTrafficPolicy: { oneOf: ['Cluster', 'Local'] }, externalTrafficPolicy: { oneOf: ['Cluster', 'Local'] },
  externalIPs: STRINGS, loadBalancerIP: 'string', loadBalancerSourceRanges: STRINGS, allocateLoadBalancerNodePorts: 'boolean',
  healthCheckNodePort: { int: [0, 65535] }, loadBalancerClass: 'string', sessionAffinityConfig: 'any', trafficDistribution: 'string',
});

/** RFC 6335 service name, as a named targetPort must be (IANA_SVC_NAME). */
export function portNameError(v: string): string | undefined {
  if (v.length > 15) return 'must be no more than 15 characters';
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(v) || v.includes('--')) return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), and not start or end with a hyphen or contain two adjacent hyphens";
  if (!/[a-z]/.test(v)) return 'must contain at least one letter (a-z)';
  return undefined;
}

function checkPorts(p: Problems, spec: Record<string, unknown>, type: unknown): void {
  const ports = spec.ports;
  if (ports === undefined || ports === null) {
    if (type !== 'ExternalName' && spec.clusterIP !== 'None') p.required('spec.ports');
    return;
  }
  if (!Array.isArray(ports)) { p.invalid('spec.ports', ports, 'must be a list'); return; }
  const names = new Set<string>();
  const seen = new Set<string>();
  ports.forEach((port: unknown, i) => {
    const f = `spec.ports[${i}]`;
    if (!isRecord(port)) { p.invalid(f, port, 'must be an object'); return; }
    if (port.port === undefined) p.required(`${f}.port`);
    checkInt(p, `${f}.port`, port.port, 1, 65535);
    checkShape(p, f, port, SERVICE_PORT_REST);
    if (port.name === undefined || port.name === '') {
      if (ports.length > 1) p.required(`${f}.name`);
    } else if (typeof port.name !== 'string') p.invalid(`${f}.name`, port.name, 'must be a string');
    else {
      const err = dns1123LabelError(port.name);
      if (err) p.invalid(`${f}.name`, port.name, err);
      if (names.has(port.name)) p.add(`${f}.name`, `Duplicate value: ${showValue(port.name)}`, 'FieldValueDuplicate');
      names.add(port.name);
    }
    const target = port.targetPort;
    if (typeof target === 'number') checkInt(p, `${f}.targetPort`, target, 1, 65535);
    else if (typeof target === 'string') { const err = /^\d+$/.test(target) ? undefined : portNameError(target); if (err) p.invalid(`${f}.targetPort`, target, err); }
    else if (target !== undefined && target !== null) p.invalid(`${f}.targetPort`, target, 'must be an integer or a string');
    if (typeof port.nodePort === 'number' && port.nodePort !== 0 && (type === undefined || type === 'ClusterIP')) p.add(`${f}.nodePort`, "Forbidden: may not be used when `type` is 'ClusterIP'", 'FieldValueForbidden');
    if (typeof port.port !== 'number') return;
    const protocol = typeof port.protocol === 'string' ? port.protocol : 'TCP';
    const key = `${port.port}/${protocol}`;
    if (seen.has(key)) p.add(`${f}`, `Duplicate value: ${showValue({ port: port.port, protocol })}`, 'FieldValueDuplicate');
    seen.add(key);
  });
}

function checkClusterIP(p: Problems, spec: Record<string, unknown>, type: unknown): void {
  const ip = spec.clusterIP;
  if (ip !== undefined && ip !== null && ip !== '') {
    if (typeof ip !== 'string') p.invalid('spec.clusterIP', ip, 'must be a string');
    else if (ip !== 'None' && parseIPv4(ip) === undefined) p.invalid('spec.clusterIP', ip, 'must be empty, \'None\', or a valid IPv4 address');
    else if (ip === 'None' && (type === 'NodePort' || type === 'LoadBalancer')) p.invalid('spec.clusterIP', ip, `may not be set to 'None' for ${String(type)} services`);
  }
  checkShape(p, 'spec.clusterIPs', spec.clusterIPs, STRINGS);
  const ips = spec.clusterIPs;
  if (Array.isArray(ips) && ips.length > 0) {
    if (ips.length > 1) p.invalid('spec.clusterIPs', ips, 'only one (IPv4) address is supported');
    if (typeof ip === 'string' && ip !== '' && ips[0] !== ip) p.invalid('spec.clusterIPs[0]', ips[0], 'must be the same value as spec.clusterIP');
  }
}

function checkService(p: Problems, spec: unknown): void {
  if (spec !== undefined && spec !== null && !isRecord(spec)) { p.invalid('spec', spec, 'must be an object'); return; }
  const s = isRecord(spec) ? spec : {};
  checkShape(p, 'spec', s, SERVICE_SPEC_REST);
  checkStringMap(p, 'spec.selector', s.selector, false);
  const type = s.type;
  if (type === 'ExternalName') {
    if (typeof s.externalName !== 'string' || !s.externalName) p.required('spec.externalName');
    else { const err = dns1123SubdomainError(s.externalName.replace(/\.$/, '')); if (err) p.invalid('spec.externalName', s.externalName, err); }
  } else if (s.externalName !== undefined && typeof s.externalName !== 'string') p.invalid('spec.externalName', s.externalName, 'must be a string');
  checkClusterIP(p, s, type);
  checkPorts(p, s, type);
}

function defaultService(svc: Service): void {
  svc.spec ??= {};
  const s = svc.spec;
  s.type ??= 'ClusterIP';
  s.sessionAffinity ??= 'None';
  if (s.type !== 'ExternalName') s.internalTrafficPolicy ??= 'Cluster';
  if (s.type === 'NodePort' || s.type === 'LoadBalancer') s.externalTrafficPolicy ??= 'Cluster';
  for (const p of s.ports ?? []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
  }
}

/** kubectl's PORT(S) cell: "80/TCP", "80:30080/TCP", comma-separated. */
export function formatServicePorts(ports: readonly ServicePort[] | undefined): string {
  return (ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

/** kubectl's EXTERNAL-IP cell (printers.go getServiceExternalIP). */
function externalIP(s: Service): string {
  const type = s.spec.type ?? 'ClusterIP';
  if (type === 'ExternalName') return s.spec.externalName ?? '<none>';
  if (type === 'LoadBalancer') {
    const ips = (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').filter(Boolean);
    return ips.length ? ips.join(',') : '<pending>';
  }
  return '<none>';
}

const printer: Printer = {
  columns: [column('Name', 0, 'name'), column('Type'), column('Cluster-IP'), column('External-IP'), column('Port(s)'), column('Age'), column('Selector', 1)],
  cells(o, now) {
    const s = o as Service;
    const sel = Object.entries(s.spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    return [s.metadata.name, s.spec.type ?? 'ClusterIP', orNone(s.spec.clusterIP), externalIP(s), orNone(formatServicePorts(s.spec.ports)), ageSince(s.metadata.creationTimestamp, now), orNone(sel)];
  },
};

export const service: KindDefinition = {
  ...identity('', 'v1', 'Service', 'services', true, ['svc'], ['all']),
  subresources: [subresource('status', 'Service', '', 'v1')],
  nameRule: 'label',
  validate: (p, o) => checkService(p, o.spec),
  statusShape: LOAD_BALANCER_STATUS,
  defaults: (o) => defaultService(o as Service),
  printer,
  strategy: { prepareForCreate: prepareServiceForCreate, prepareForUpdate: prepareServiceForUpdate },
  owns: ['EndpointSlice'],
  mergeKeys: { 'spec.ports': 'port' },
};
