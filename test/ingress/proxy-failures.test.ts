import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait.js';
import { RawClient, closedPort, get, rawRequest, startBackend, startProxy, startRawBackend, type TestBackend, type TestProxy } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function backend(handler: http.RequestListener): Promise<TestBackend> {
  const b = await startBackend(handler);
  cleanups.push(() => b.close());
  return b;
}

async function proxyTo(ports: number[], limits = {}): Promise<TestProxy> {
  const p = await startProxy([{ host: '', path: '/', service: 'web', ports }], limits);
  cleanups.push(() => p.close());
  return p;
}

describe('errors the proxy answers itself', () => {
  it('503 when the service has no ready endpoints', async () => {
    const p = await proxyTo([]);
    const r = await get(p.port, '/');
    expect([r.status, r.body]).toEqual([503, 'no ready endpoints for service "default/web:80"\n']);
  });

  it('502 when the only endpoint refuses connections', async () => {
    const port = await closedPort();
    const p = await proxyTo([port]);
    const r = await get(p.port, '/');
    expect([r.status, r.body]).toEqual([502, `backend 127.0.0.1:${port} failed: ECONNREFUSED\n`]);
  });

  it('502 when the backend answers garbage', async () => {
    const raw = await startRawBackend((s) => s.once('data', () => s.write('SSH-2.0-OpenSSH_9.2\r\n\r\n')));
    cleanups.push(() => raw.close());
    const p = await proxyTo([raw.port]);
    const r = await get(p.port, '/');
    expect([r.status, r.body]).toEqual([502, `backend 127.0.0.1:${raw.port} failed: bad status line\n`]);
  });

  it('504 when the response head does not come in time', async () => {
    const raw = await startRawBackend(() => undefined); // accepts, never answers
    cleanups.push(() => raw.close());
    const p = await proxyTo([raw.port], { upstreamResponseTimeoutMs: 150 });
    const r = await get(p.port, '/');
    expect([r.status, r.body]).toEqual([504, `backend 127.0.0.1:${raw.port} timed out\n`]);
    expect(p.proxy.stats().upstreamTimeouts).toBe(1);
  });

  it('431 and close for a 100 KiB header', async () => {
    const p = await proxyTo([await closedPort()]);
    const c = await RawClient.connect(p.port);
    cleanups.push(() => c.close());
    c.send(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100 * 1024)}\r\n\r\n`);
    const r = await c.readResponse();
    expect([r.status, r.headers.connection, r.body]).toEqual([431, 'close', 'request head too large\n']);
    await c.waitClosed();
  });

  it('400 and close for Content-Length with Transfer-Encoding', async () => {
    const p = await proxyTo([await closedPort()]);
    const r = await rawRequest(p.port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
    expect([r.status, r.body]).toEqual([400, 'both Content-Length and Transfer-Encoding\n']);
  });

  it('408 and close for a client that drips its head (slowloris)', async () => {
    const p = await proxyTo([await closedPort()], { headersTimeoutMs: 200 });
    const c = await RawClient.connect(p.port);
    cleanups.push(() => c.close());
    c.send('GET / HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => c.send('X-A: b\r\n'), 20);
    cleanups.push(() => clearInterval(drip));
    const r = await c.readResponse();
    expect([r.status, r.body]).toEqual([408, 'request head not received in time\n']);
    await c.waitClosed();
  });

  it('closes a keep-alive connection idle for idleTimeoutMs', async () => {
    const b = await backend((_req, res) => res.end('ok'));
    const p = await proxyTo([b.port], { idleTimeoutMs: 150 });
    const c = await RawClient.connect(p.port);
    cleanups.push(() => c.close());
    c.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect((await c.readResponse()).body).toBe('ok');
    await c.waitClosed();
  });
});

describe('retries and passive health', () => {
  it('retries a GET on another endpoint when one refuses, then ejects it', async () => {
    const b = await backend((_req, res) => res.end('alive'));
    const dead = await closedPort();
    const p = await proxyTo([b.port, dead]);
    for (let i = 0; i < 10; i++) expect((await get(p.port, `/${i}`)).body).toBe('alive');
    // One refused connection ejected the dead endpoint; the other requests never tried it.
    expect(p.proxy.stats()).toMatchObject({ upstreamFailures: 1, retries: 1, status2xx: 10 });
    const deadState = p.registry.endpoint('127.0.0.1', dead);
    expect(deadState.failures).toBe(1);
    expect(deadState.ejectedUntil).toBeGreaterThan(performance.now());
  });

  it('does not retry a POST: it gets a 502', async () => {
    const b = await backend((_req, res) => res.end('alive'));
    const dead = await closedPort();
    const p = await proxyTo([b.port, dead]);
    // Round robin: one of the first two POSTs lands on the dead endpoint.
    const statuses = [(await get(p.port, '/', { method: 'POST' })).status, (await get(p.port, '/', { method: 'POST' })).status];
    expect(statuses.sort()).toEqual([200, 502]);
    expect(p.proxy.stats().retries).toBe(0);
  });

  it('loses no GET while a backend is shut down mid-stream, including on pooled connections', async () => {
    const a = await backend((_req, res) => res.end('a'));
    const b = await backend((_req, res) => res.end('b'));
    const p = await proxyTo([a.port, b.port]);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    cleanups.push(() => agent.destroy());
    const results: number[] = [];
    let stop = false;
    const worker = async (): Promise<void> => {
      while (!stop) results.push((await get(p.port, '/', { agent })).status);
    };
    const workers = [worker(), worker(), worker(), worker()];
    await waitFor(() => results.length >= 200, { message: '200 requests' });
    await a.close(); // closes its pooled keep-alive connections and refuses new ones
    const before = results.length;
    await waitFor(() => results.length >= before + 300, { message: '300 more requests' });
    stop = true;
    await Promise.all(workers);
    expect(results.filter((s) => s !== 200)).toEqual([]);
    expect(p.proxy.stats().retries).toBeGreaterThan(0);
  });

  it('a success brings an ejected endpoint back', async () => {
    const b = await backend((_req, res) => res.end('ok'));
    const p = await proxyTo([b.port]);
    const ep = p.registry.endpoint('127.0.0.1', b.port);
    ep.failures = 2;
    ep.ejectedUntil = performance.now() + 60_000; // ejected, but the only one: tried anyway
    expect((await get(p.port, '/')).status).toBe(200);
    expect([ep.failures, ep.ejectedUntil]).toEqual([0, 0]);
  });
});

describe('counters', () => {
  it('counts per backend and per endpoint, with latency buckets', async () => {
    const b = await backend((_req, res) => res.end('ok'));
    const p = await proxyTo([b.port]);
    for (let i = 0; i < 5; i++) await get(p.port, '/');
    const state = p.registry.backend('default/web:80');
    expect(state.counters.requests).toBe(5);
    expect(state.counters.errors).toBe(0);
    expect(state.counters.latencyBuckets.reduce((a, c) => a + c, 0)).toBe(5);
    expect(p.registry.endpoint('127.0.0.1', b.port).counters.requests).toBe(5);
    expect(p.proxy.stats()).toMatchObject({ requests: 5, status2xx: 5, activeConnections: expect.any(Number) as number });
  });
});
