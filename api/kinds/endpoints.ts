/** core/v1 Endpoints and discovery.k8s.io/v1 EndpointSlice: the addresses behind a Service. */
import { parseIPv4 } from '../cidr.js';
import { ageSince } from '../duration.js';
import { isRecord } from '../guards.js';
import { PROTOCOL } from '../schemas.js';
import { checkShape, obj, type Shape } from '../shape.js';
import { column } from '../table.js';
import type { EndpointSlice, Endpoints } from '../types.js';
import { dns1123LabelError, type Problems } from '../validation.js';
import { identity, type KindDefinition } from './kind.js';

const TARGET_REF: Shape = obj({ kind: 'string', namespace: 'string', name: 'string', uid: 'string', apiVersion: 'string', resourceVersion: 'string', fieldPath: 'string' });
const ADDRESS: Shape = obj({ ip: 'string', hostname: 'string', nodeName: 'string', targetRef: TARGET_REF }, ['ip']);
const ENDPOINT_PORT: Shape = obj({ name: 'string', port: { int: [0, 65535] }, protocol: PROTOCOL, appProtocol: 'string' });
const SUBSET: Shape = obj({ addresses: { list: ADDRESS }, notReadyAddresses: { list: ADDRESS }, ports: { list: ENDPOINT_PORT } });
const SLICE_ENDPOINT: Shape = obj({
  addresses: { list: 'string' }, conditions: obj({ ready: 'boolean', serving: 'boolean', terminating: 'boolean' }),
  hostname: 'string', nodeName: 'string', targetRef: TARGET_REF, zone: 'string', hints: 'any', deprecatedTopology: { map: 'string' },
}, ['addresses']);

/** Most addresses one slice holds (Kubernetes' maxEndpointsPerSlice default). */
export const MAX_ENDPOINTS_PER_SLICE = 100;

function checkIp(p: Problems, field: string, v: unknown): void {
  if (typeof v === 'string' && parseIPv4(v) === undefined) p.invalid(field, v, 'must be a valid IPv4 address');
}

function checkPortNames(p: Problems, field: string, ports: unknown): void {
  if (!Array.isArray(ports)) return;
  ports.forEach((port: unknown, i) => {
    if (isRecord(port) && typeof port.name === 'string' && port.name !== '') {
      const err = dns1123LabelError(port.name);
      if (err) p.invalid(`${field}[${i}].name`, port.name, err);
    }
  });
}

function checkEndpoints(p: Problems, o: Record<string, unknown>): void {
  checkShape(p, 'subsets', o.subsets, { list: SUBSET });
  if (!Array.isArray(o.subsets)) return;
  o.subsets.forEach((s: unknown, i) => {
    if (!isRecord(s)) return;
    for (const list of ['addresses', 'notReadyAddresses'] as const) {
      const addrs = s[list];
      if (Array.isArray(addrs)) addrs.forEach((a: unknown, j) => { if (isRecord(a)) checkIp(p, `subsets[${i}].${list}[${j}].ip`, a.ip); });
    }
    checkPortNames(p, `subsets[${i}].ports`, s.ports);
  });
}

function checkSlice(p: Problems, o: Record<string, unknown>): void {
  checkShape(p, 'addressType', o.addressType, { oneOf: ['IPv4', 'IPv6', 'FQDN'] });
  if (o.addressType === undefined || o.addressType === null) p.required('addressType');
  if (o.endpoints === undefined || o.endpoints === null) p.required('endpoints');
  checkShape(p, 'endpoints', o.endpoints, { list: SLICE_ENDPOINT });
  checkShape(p, 'ports', o.ports, { list: ENDPOINT_PORT });
  checkPortNames(p, 'ports', o.ports);
  if (!Array.isArray(o.endpoints)) return;
  if (o.endpoints.length > 1000) p.add('endpoints', `Too many: ${o.endpoints.length}: must have at most 1000 items`, 'FieldValueTooMany');
  o.endpoints.forEach((e: unknown, i) => {
    if (!isRecord(e) || !Array.isArray(e.addresses)) return;
    if (e.addresses.length < 1 || e.addresses.length > 100) p.invalid(`endpoints[${i}].addresses`, e.addresses, 'must have between 1 and 100 addresses');
    if (o.addressType === 'IPv4') e.addresses.forEach((a: unknown, j) => checkIp(p, `endpoints[${i}].addresses[${j}]`, a));
  });
}

/** kubectl's ENDPOINTS cell: the first three "ip:port" (or ip) and " + N more...". */
export function formatEndpointList(items: readonly string[]): string {
  if (items.length === 0) return '<none>';
  const shown = items.slice(0, 3).join(',');
  return items.length > 3 ? `${shown} + ${items.length - 3} more...` : shown;
}

export const endpoints: KindDefinition = {
  ...identity('', 'v1', 'Endpoints', 'endpoints', true, ['ep']),
  singular: 'endpoints',
  subresources: [],
  validate: checkEndpoints,
  printer: {
    columns: [column('Name', 0, 'name'), column('Endpoints'), column('Age')],
    cells(o, now) {
      const ep = o as Endpoints;
      const items: string[] = [];
      for (const s of ep.subsets ?? []) {
        const ports = s.ports?.length ? s.ports : [undefined];
        for (const a of s.addresses ?? []) for (const port of ports) items.push(port ? `${a.ip}:${port.port}` : a.ip);
      }
      return [ep.metadata.name, formatEndpointList(items), ageSince(ep.metadata.creationTimestamp, now)];
    },
  },
};

export const endpointSlice: KindDefinition = {
  ...identity('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true),
  subresources: [],
  validate: checkSlice,
  printer: {
    columns: [column('Name', 0, 'name'), column('AddressType'), column('Ports'), column('Endpoints'), column('Age')],
    cells(o, now) {
      const s = o as EndpointSlice;
      const ports = (s.ports ?? []).map((p) => (p.port === undefined ? '<unset>' : String(p.port)));
      const addrs = (s.endpoints ?? []).flatMap((e) => e.addresses);
      return [s.metadata.name, s.addressType, ports.length ? ports.join(',') : '<unset>', formatEndpointList(addrs), ageSince(s.metadata.creationTimestamp, now)];
    },
  },
};
