/**
 * The Service and Ingress strategies through the HTTP surface: ClusterIP and NodePort allocation
 * (unique, in range, kept across updates, released on delete) and the default IngressClass.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCidr, parseIPv4, cidrContains } from '../../api/cidr.js';
import type { Ingress, IngressClass, Service } from '../../api/types.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { call, field } from './helpers.js';

const SERVICES = '/api/v1/namespaces/default/services';
let api: TestApi;
// A small range so exhaustion and reuse are quick to reach: 127.96.0.0/29 has 6 usable addresses.
beforeEach(async () => { api = await startTestApi({ network: { serviceCIDR: '127.96.0.0/29', nodePortRange: [30000, 30003] } }); });
afterEach(async () => { await api.close(); });

const svc = (name: string, spec: Partial<Service['spec']> = {}): Service => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }], ...spec },
});

describe('ClusterIP allocation', () => {
  it('gives every Service a distinct address inside the service CIDR, and refuses when the range is full', async () => {
    const range = parseCidr('127.96.0.0/29');
    const ips = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const s = await api.client.create(svc(`s${i}`));
      const ip = s.spec.clusterIP ?? '';
      expect(range && cidrContains(range, parseIPv4(ip) ?? 0)).toBe(true);
      expect(s.spec.clusterIPs).toEqual([ip]);
      expect(s.spec.ipFamilies).toEqual(['IPv4']);
      ips.add(ip);
    }
    expect(ips.size).toBe(6);
    const full = await call(api, SERVICES, { method: 'POST', body: svc('s6') });
    expect(full.status).toBe(422);
    expect(full.text).toMatch(/no free ClusterIP left in 127\.96\.0\.0\/29/);
  });

  it('concurrent creates never share an address', async () => {
    const made = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => api.client.create(svc(`c${i}`))));
    expect(new Set(made.map((s) => s.spec.clusterIP)).size).toBe(6);
  });

  it('releases the address on delete, so it can be asked for again', async () => {
    const s = await api.client.create(svc('a'));
    const ip = s.spec.clusterIP ?? '';
    const taken = await call(api, SERVICES, { method: 'POST', body: svc('b', { clusterIP: ip }) });
    expect(taken.status).toBe(422);
    expect(field(taken.body, 'details.causes')).toEqual([expect.objectContaining({ field: 'spec.clusterIPs', message: expect.stringMatching(/already allocated/) })]);
    await api.client.delete('Service', 'default', 'a');
    const again = await api.client.create(svc('b', { clusterIP: ip }));
    expect(again.spec.clusterIP).toBe(ip);
  });

  it.each([
    { scenario: 'outside the range', clusterIP: '127.97.0.1', message: /not in the valid range. The range of valid IPs is 127\.96\.0\.0\/29/ },
    { scenario: 'the network address', clusterIP: '127.96.0.0', message: /not in the valid range/ },
  ])('refuses a requested address $scenario with 422', async ({ clusterIP, message }) => {
    const res = await call(api, SERVICES, { method: 'POST', body: svc('x', { clusterIP }) });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(message);
  });

  it('headless (None) and ExternalName Services get no address', async () => {
    const headless = await api.client.create(svc('h', { clusterIP: 'None' }));
    expect(headless.spec.clusterIP).toBe('None');
    const ext = await api.client.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'e' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } } as Service);
    expect(ext.spec.clusterIP).toBeUndefined();
  });

  it('an update that leaves clusterIP out keeps it; one that changes it is refused; reordered keys change nothing', async () => {
    const s = await api.client.create(svc('u'));
    const { clusterIP: _ip, clusterIPs: _ips, ...rest } = s.spec;
    const kept = await api.client.update<Service>({ ...s, spec: { ...rest, selector: { app: 'v2' } } });
    expect(kept.spec.clusterIP).toBe(s.spec.clusterIP);
    expect(kept.metadata.generation).toBe(2);
    const res = await call(api, `${SERVICES}/u`, { method: 'PUT', body: { ...kept, spec: { ...kept.spec, clusterIP: '127.96.0.6', clusterIPs: ['127.96.0.6'] } } });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/may not change once set/);
  });
});

describe('NodePort allocation', () => {
  it('allocates a free port in range for each port, keeps it across an update that omits it, and refuses a taken or out-of-range one', async () => {
    const a = await api.client.create(svc('np', { type: 'NodePort' }));
    const port = a.spec.ports?.[0]?.nodePort ?? 0;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(30003);
    const updated = await api.client.update<Service>({ ...a, spec: { ...a.spec, ports: [{ name: 'http', port: 80, targetPort: 9090 }] } });
    expect(updated.spec.ports?.[0]).toMatchObject({ nodePort: port, targetPort: 9090 });
    const taken = await call(api, SERVICES, { method: 'POST', body: svc('np2', { type: 'NodePort', ports: [{ port: 80, nodePort: port }] }) });
    expect(taken.status).toBe(422);
    expect(field(taken.body, 'details.causes')).toEqual([expect.objectContaining({ field: 'spec.ports[0].nodePort', message: expect.stringMatching(/already allocated/) })]);
    const outside = await call(api, SERVICES, { method: 'POST', body: svc('np3', { type: 'NodePort', ports: [{ port: 80, nodePort: 31000 }] }) });
    expect(outside.status).toBe(422);
    expect(outside.text).toMatch(/valid range of ports is 30000-30003|range of valid ports is 30000-30003/);
  });

  it('turning a NodePort Service into ClusterIP drops its node ports', async () => {
    const a = await api.client.create(svc('t', { type: 'NodePort' }));
    const b = await api.client.update<Service>({ ...a, spec: { ...a.spec, type: 'ClusterIP', ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
    expect(b.spec.ports?.[0]?.nodePort).toBeUndefined();
  });
});

describe('IngressClass', () => {
  const ing = (name: string, className?: string): Ingress => ({
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name },
    spec: { ...(className ? { ingressClassName: className } : {}), defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
  });

  it('the cluster starts with the default class tugboat, and an Ingress naming no class gets it', async () => {
    const cls = await api.client.get<IngressClass>('IngressClass', undefined, 'tugboat');
    expect(cls.spec.controller).toBe('tugboat.io/ingress-controller');
    expect(cls.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class']).toBe('true');
    expect((await api.client.create(ing('a'))).spec.ingressClassName).toBe('tugboat');
    expect((await api.client.create(ing('b', 'other'))).spec.ingressClassName).toBe('other');
  });

  it('with no default class, the Ingress keeps no class', async () => {
    await api.client.patch('IngressClass', undefined, 'tugboat', { metadata: { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'false' } } });
    expect((await api.client.create(ing('c'))).spec.ingressClassName).toBeUndefined();
  });
});
