/**
 * The Endpoints and EndpointSlice controllers against an in-process API server: pods the Service
 * selects appear with their readiness, follow readiness changes and deletions, and go with the Service.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EndpointSlice, Endpoints, Pod, Service } from '../../../api/types.js';
import { startHarness, type Harness } from '../harness.js';
import { waitFor } from '../../support/wait.js';

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.close(); });

const service: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', labels: { tier: 'front' } }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } };

async function runningPod(name: string, ip: string, ready: boolean): Promise<Pod> {
  const pod = await h.client.create<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'x:1', ports: [{ name: 'http', containerPort: 8080 }] }] } });
  return setReady(pod, ip, ready);
}
async function setReady(pod: Pod, ip: string, ready: boolean): Promise<Pod> {
  const fresh = await h.client.get<Pod>('Pod', 'default', pod.metadata.name ?? '');
  return h.client.updateStatus<Pod>({ ...fresh, status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } });
}
const endpoints = async (): Promise<Endpoints | undefined> => h.client.get<Endpoints>('Endpoints', 'default', 'web').catch(() => undefined);
const ready = async (): Promise<string[]> => ((await endpoints())?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => `${a.ip}:${s.ports?.[0]?.port ?? ''}`)).sort();
const slices = async (): Promise<EndpointSlice[]> => (await h.client.list<EndpointSlice>('EndpointSlice', 'default', { labelSelector: 'kubernetes.io/service-name=web' })).items;

describe('Endpoints and EndpointSlice controllers', () => {
  it('track the selected pods, their readiness and deletion, then go with the Service', async () => {
    await h.client.create(service);
    const a = await runningPod('a', '127.1.0.2', true);
    await runningPod('b', '127.1.0.3', false);
    await waitFor(async () => (await ready()).join() === '127.1.0.2:8080', { message: 'a ready in Endpoints' });
    const ep = await endpoints();
    expect(ep?.metadata.labels).toEqual({ tier: 'front' });
    expect(ep?.subsets?.[0]?.notReadyAddresses?.map((x) => x.ip)).toEqual(['127.1.0.3']);

    await waitFor(async () => (await slices()).length === 1 && (await slices())[0]?.endpoints.length === 2, { message: 'one slice with both pods' });
    const [s] = await slices();
    expect(s?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Service', name: 'web', controller: true });
    expect(s?.metadata.labels?.['endpointslice.kubernetes.io/managed-by']).toBe('endpointslice-controller.k8s.io');
    expect(s?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);

    await setReady(a, '127.1.0.2', false);
    await waitFor(async () => (await ready()).length === 0, { message: 'a left the ready addresses' });
    await waitFor(async () => (await slices())[0]?.endpoints.every((e) => e.conditions?.ready === false) ?? false, { message: 'slice shows both not ready' });

    await h.client.delete('Pod', 'default', 'b', { gracePeriodSeconds: 0 });
    await waitFor(async () => ((await endpoints())?.subsets ?? []).flatMap((x) => x.notReadyAddresses ?? []).map((x) => x.ip).join() === '127.1.0.2', { message: 'b left, a still there (not ready)' });

    await h.client.delete('Service', 'default', 'web');
    await waitFor(async () => (await endpoints()) === undefined && (await slices()).length === 0, { message: 'Endpoints and slices removed with the Service' });
    await h.manager.idle();
    expect(await slices()).toEqual([]);
  });

  it('leaves the Endpoints of a Service without a selector alone', async () => {
    await h.client.create<Service>({ ...service, metadata: { name: 'manual', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    await h.client.create<Endpoints>({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'manual', namespace: 'default' }, subsets: [{ addresses: [{ ip: '127.5.0.1' }], ports: [{ port: 80 }] }] });
    await h.manager.idle();
    const ep = await h.client.get<Endpoints>('Endpoints', 'default', 'manual');
    expect(ep.subsets?.[0]?.addresses?.[0]?.ip).toBe('127.5.0.1');
  });

  it('many pods at once still make exactly one slice (no duplicate creates from a stale cache)', async () => {
    await h.client.create(service);
    await Promise.all([2, 3, 4, 5, 6, 7].map((i) => runningPod(`p${i}`, `127.1.0.${i}`, true)));
    await waitFor(async () => (await ready()).length === 6, { message: 'six ready' });
    await h.manager.idle();
    const all = await slices();
    expect(all.length).toBe(1);
    expect(all[0]?.endpoints.length).toBe(6);
  });
});
