/** pods/log: the API server proxies to the (loopback) agent of the pod's node, streaming with follow. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../api/types.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { waitFor } from '../support/wait.js';
import { call, field, nodeManifest } from './helpers.js';

interface AgentRequest { url: string; authorization: string | undefined }

/** A fake agent: records requests; `/containerLogs/.../slow` streams two lines 300 ms apart. */
async function startAgent(): Promise<{ port: number; requests: AgentRequest[]; closedEarly: () => boolean; close(): Promise<void> }> {
  const requests: AgentRequest[] = [];
  let closedEarly = false;
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    if (req.url?.includes('/missing?')) { res.writeHead(404).end('container not found'); return; }
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    if (!req.url?.includes('/slow?')) { res.end('line 1\nline 2\n'); return; }
    res.write('first\n');
    const timer = setTimeout(() => res.end('second\n'), 300);
    res.on('close', () => { if (!res.writableFinished) { closedEarly = true; clearTimeout(timer); } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port, requests, closedEarly: () => closedEarly,
    close: () => { server.closeAllConnections(); return new Promise((resolve) => server.close(() => resolve())); },
  };
}

function agentNode(name: string, address: string, port: number | undefined): Node {
  const n = nodeManifest(name) as Node & { status: { daemonEndpoints?: unknown } };
  n.status = { ...n.status, addresses: [{ type: 'InternalIP', address }], ...(port ? { daemonEndpoints: { kubeletEndpoint: { Port: port } } } : {}) };
  return n;
}

const podOn = (name: string, node: string | undefined, containers: string[] = ['c'], annotations?: Record<string, string>): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
  spec: { containers: containers.map((c) => ({ name: c, image: 'busybox' })) },
});

let api: TestApi;
let agent: Awaited<ReturnType<typeof startAgent>>;
beforeEach(async () => {
  api = await startTestApi();
  agent = await startAgent();
  await api.client.create(agentNode('node-1', '127.0.0.1', agent.port));
});
afterEach(async () => {
  await api.close();
  await agent.close();
});

async function createPod(pod: Pod, node?: string): Promise<void> {
  await api.client.create(pod);
  if (node) await api.client.createSubresource('Pod', 'default', pod.metadata.name ?? '', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod.metadata.name }, target: { kind: 'Node', name: node } });
}
const logPath = (pod: string, query = ''): string => `/api/v1/namespaces/default/pods/${pod}/log${query}`;

describe('pods/log', () => {
  it('proxies to the agent with the node token and answers text/plain', async () => {
    await createPod(podOn('p', undefined), 'node-1');
    const res = await call(api, logPath('p', '?tailLines=5&sinceSeconds=60&timestamps=true'), { accept: '*/*' });
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/plain/);
    expect(res.text).toBe('line 1\nline 2\n');
    expect(agent.requests).toHaveLength(1);
    const url = new URL(agent.requests[0]?.url ?? '', 'http://agent');
    expect(url.pathname).toBe('/containerLogs/default/p/c');
    expect(Object.fromEntries(url.searchParams)).toEqual({ follow: 'false', timestamps: 'true', previous: 'false', tailLines: '5', sinceSeconds: '60' });
    expect(agent.requests[0]?.authorization).toBe(`Bearer ${api.token}`);
  });

  it.each([
    { scenario: 'the container in the query', containers: ['a', 'b'], query: '?container=b', annotations: undefined, want: 'b' },
    { scenario: 'the default-container annotation', containers: ['a', 'b'], query: '', annotations: { 'kubectl.kubernetes.io/default-container': 'b' }, want: 'b' },
    { scenario: 'the only container', containers: ['solo'], query: '', annotations: undefined, want: 'solo' },
  ])('picks $scenario', async ({ containers, query, annotations, want }) => {
    await createPod(podOn('p', undefined, containers, annotations), 'node-1');
    expect((await call(api, logPath('p', query))).status).toBe(200);
    expect(new URL(agent.requests[0]?.url ?? '', 'http://agent').pathname).toBe(`/containerLogs/default/p/${want}`);
  });

  it('follow=true streams lines as the agent writes them, and a client that leaves closes the upstream', async () => {
    await createPod(podOn('p', undefined, ['slow']), 'node-1');
    const abort = new AbortController();
    const res = await fetch(`${api.url}${logPath('p', '?follow=true')}`, { headers: { Authorization: `Bearer ${api.token}` }, signal: abort.signal });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toBe('first\n');
    expect(new URL(agent.requests[0]?.url ?? '', 'http://agent').searchParams.get('follow')).toBe('true');
    abort.abort();
    await waitFor(() => agent.closedEarly(), { message: 'the agent request to close', timeoutMs: 2000 });
  });

  it.each([
    { scenario: 'an unknown container', pod: podOn('p', undefined), query: '?container=nope', bind: true, status: 400 },
    { scenario: 'several containers and no choice', pod: podOn('p', undefined, ['a', 'b']), query: '', bind: true, status: 400 },
    { scenario: 'an unscheduled pod', pod: podOn('p', undefined), query: '', bind: false, status: 400 },
    { scenario: 'a container the agent does not know', pod: podOn('p', undefined, ['missing']), query: '', bind: true, status: 400 },
  ])('$scenario -> $status Status', async ({ pod, query, bind, status }) => {
    await createPod(pod, bind ? 'node-1' : undefined);
    const res = await call(api, logPath('p', query));
    expect(res.status).toBe(status);
    expect(field(res.body, 'kind')).toBe('Status');
  });

  it('names the containers to choose from', async () => {
    await createPod(podOn('p', undefined, ['a', 'b']), 'node-1');
    expect(field((await call(api, logPath('p'))).body, 'message')).toBe('a container name must be specified for pod p, choose one of: [a b]');
  });

  it.each([
    { scenario: 'a node that reports no agent endpoint', node: agentNode('node-2', '127.0.0.1', undefined) },
    { scenario: 'a node whose address is not loopback (never dialled)', node: agentNode('node-2', '10.0.0.5', 10250) },
  ])('$scenario -> 400', async ({ node }) => {
    await api.client.create(node);
    await createPod(podOn('p', undefined), 'node-2');
    expect((await call(api, logPath('p'))).status).toBe(400);
    expect(agent.requests).toHaveLength(0);
  });

  it('a missing pod is 404, and a pod on a missing node is 404', async () => {
    expect((await call(api, logPath('nosuch'))).status).toBe(404);
    await createPod(podOn('p', undefined), 'node-gone');
    expect((await call(api, logPath('p'))).status).toBe(404);
  });
});
