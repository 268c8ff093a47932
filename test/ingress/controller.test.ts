/**
 * The ingress controller against an in-process API server and controller manager: it serves our
 * Ingresses (status ADDRESS, routes follow the endpoints), leaves other classes alone, and records
 * one Event per distinct problem.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Event, Ingress, IngressClass, Pod, Service } from '../../api/types.js';
import { createIngressController, type IngressController } from '../../ingress/controller.js';
import { startHarness, type Harness } from '../controllers/harness.js';
import { waitFor } from '../support/wait.js';

const IP = '127.205.0.2';
let h: Harness;
let ingress: IngressController;
let port = 0;
let backend: http.Server;

function get(host: string, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { host }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}
const ing = (name: string, host: string, service: string, className?: string): Ingress => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: 'default' },
  spec: { ...(className ? { ingressClassName: className } : {}), rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port: { number: 80 } } } }] } }] },
});

beforeAll(async () => {
  h = await startHarness();
  backend = http.createServer((req, res) => res.end(`pod ${req.url ?? ''}`));
  await new Promise<void>((r) => backend.listen(18090, IP, r));
  ingress = createIngressController({ client: h.client, logger: pino({ level: 'silent' }) });
  port = (await ingress.start(0, '127.0.0.1')).port;
});
afterAll(async () => {
  await ingress.stop();
  await h.close();
  backend.close();
});

describe('ingress controller', () => {
  it('serves an Ingress of the default class once its Service has ready endpoints, and writes its ADDRESS', async () => {
    await h.client.create<Service>({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 18090 }] } });
    await h.client.create(ing('web', 'web.test', 'web'));
    await waitFor(async () => (await get('web.test')).status === 503, { message: '503 while no pod is ready' });
    const pod = await h.client.create<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'x:1' }] } });
    await h.client.updateStatus<Pod>({ ...pod, status: { phase: 'Running', podIP: IP, conditions: [{ type: 'Ready', status: 'True' }] } });
    await waitFor(async () => (await get('web.test', '/hello')).body === 'pod /hello', { message: 'routed to the pod' });
    await waitFor(async () => (await h.client.get<Ingress>('Ingress', 'default', 'web')).status?.loadBalancer?.ingress?.[0]?.ip === '127.0.0.1', { message: 'status ADDRESS' });
  });

  it('leaves an Ingress of another controller\'s class alone', async () => {
    await h.client.create<IngressClass>({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'other' }, spec: { controller: 'example.com/other' } });
    await h.client.create(ing('theirs', 'theirs.test', 'web', 'other'));
    await h.manager.idle();
    await ingress.synced();
    expect((await get('theirs.test')).status).toBe(404);
    expect((await h.client.get<Ingress>('Ingress', 'default', 'theirs')).status?.loadBalancer?.ingress).toBeUndefined();
  });

  it('a missing Service: 503 and one Warning Event, not one per rebuild', async () => {
    await h.client.create(ing('missing', 'missing.test', 'nosuch'));
    await waitFor(async () => (await get('missing.test')).status === 503, { message: '503' });
    const events = async (): Promise<Event[]> => (await h.client.list<Event>('Event', 'default', { fieldSelector: 'involvedObject.name=missing' })).items;
    await waitFor(async () => (await events()).length > 0, { message: 'an Event' });
    // More rebuilds (an unrelated change), then look again: still one.
    await h.client.create<Service>({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'unrelated', namespace: 'default' }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } });
    await h.manager.idle();
    await ingress.synced();
    const [e, ...rest] = await events();
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ type: 'Warning', reason: 'ServiceNotFound', message: expect.stringMatching(/service "default\/nosuch" not found/) });
  });
});
