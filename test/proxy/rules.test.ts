import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Service } from '../../api/types.js';
import { buildRules } from '../../proxy/rules.js';

const svc = (name: string, spec: Partial<Service['spec']>): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'ns' }, spec: { clusterIP: '127.96.0.5', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], ...spec } });
const slice = (service: string, ready: Record<string, boolean>, portName = 'http'): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: `${service}-x`, namespace: 'ns', labels: { 'kubernetes.io/service-name': service } },
  addressType: 'IPv4', ports: [{ name: portName, port: 8080, protocol: 'TCP' }], endpoints: Object.entries(ready).map(([ip, r]) => ({ addresses: [ip], conditions: { ready: r } })),
});

describe('buildRules', () => {
  it.each([
    { scenario: 'ClusterIP: one listener with the ready endpoints, sorted', services: [svc('web', {})], slices: [slice('web', { '127.1.0.10': true, '127.1.0.9': true, '127.1.0.3': false })], rules: [['ns/web:http', '127.96.0.5:80', ['127.1.0.9:8080', '127.1.0.10:8080']]] },
    { scenario: 'NodePort: one more on the node address', services: [svc('web', { type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080 }] })], slices: [], rules: [['ns/web:http', '127.96.0.5:80', []], ['ns/web:http', '127.0.0.1:30080', []]] },
    { scenario: 'headless, ExternalName and UDP ports get none', services: [svc('h', { clusterIP: 'None' }), svc('e', { type: 'ExternalName', clusterIP: '' }), svc('u', { ports: [{ port: 53, protocol: 'UDP' }] })], slices: [], rules: [] },
    { scenario: 'slices of another port name or Service do not count', services: [svc('web', {})], slices: [slice('web', { '127.1.0.2': true }, 'grpc'), slice('other', { '127.1.0.3': true })], rules: [['ns/web:http', '127.96.0.5:80', []]] },
  ])('$scenario', ({ services, slices, rules }) => {
    expect(buildRules(services, slices, '127.0.0.1').map((r) => [r.servicePort, `${r.host}:${r.port}`, r.endpoints.map((e) => `${e.ip}:${e.port}`)])).toEqual(rules);
  });
});
