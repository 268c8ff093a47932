import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Service } from '../../../api/types.js';
import { desiredSlices, planSlices } from '../../../controllers/endpointslice/plan.js';
import { makePod } from '../../support/builders.js';

const svc: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } };
const pod = (i: number) => makePod(`p${i}`).labels({ app: 'web' }).podIP(`127.1.0.${i}`);
const slice = (name: string, ips: string[], port = 8080): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name, namespace: 'default' }, addressType: 'IPv4',
  ports: [{ name: 'http', port, protocol: 'TCP' }], endpoints: ips.map((ip) => ({ addresses: [ip] })),
});

describe('desiredSlices', () => {
  it('lists ready, not-ready and terminating pods with their conditions', () => {
    const [s] = desiredSlices(svc, [pod(3).ready().build(), pod(2).phase('Running').build(), pod(4).ready().deletionTimestamp().build()]);
    expect(s?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(s?.endpoints.map((e) => [e.addresses[0], e.conditions])).toEqual([
      ['127.1.0.2', { ready: false, serving: false, terminating: false }],
      ['127.1.0.3', { ready: true, serving: true, terminating: false }],
      ['127.1.0.4', { ready: false, serving: true, terminating: true }],
    ]);
  });

  it('splits at the per-slice limit', () => {
    const slices = desiredSlices(svc, [1, 2, 3, 4, 5].map((i) => pod(i).ready().build()), 2);
    expect(slices.map((s) => s.endpoints.length)).toEqual([2, 2, 1]);
  });
});

describe('planSlices', () => {
  const desired = desiredSlices(svc, [pod(2).ready().build()]).map((d) => ({ ...d, endpoints: d.endpoints.map((e) => ({ addresses: e.addresses })) }));
  it.each([
    { scenario: 'nothing yet: create', existing: [], create: 1, update: [], del: [] },
    { scenario: 'the same content: nothing', existing: [slice('web-a', ['127.1.0.2'])], create: 0, update: [], del: [] },
    { scenario: 'other endpoints: update in place', existing: [slice('web-a', ['127.1.0.9'])], create: 0, update: ['web-a'], del: [] },
    { scenario: 'another port set and a duplicate: create one, delete both', existing: [slice('web-a', ['127.1.0.2'], 9090), slice('web-b', [], 9090)], create: 1, update: [], del: ['web-a', 'web-b'] },
  ])('$scenario', ({ existing, create, update, del }) => {
    const plan = planSlices(existing, desired);
    expect(plan.create.length).toBe(create);
    expect(plan.update.map((u) => u.slice.metadata.name)).toEqual(update);
    expect(plan.delete.map((s) => s.metadata.name)).toEqual(del);
  });
});
