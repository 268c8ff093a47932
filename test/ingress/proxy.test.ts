import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait.js';
import { RawClient, get, rawRequest, startBackend, startProxy, startRawBackend, type TestBackend, type TestProxy } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function backend(handler: http.RequestListener): Promise<TestBackend> {
  const b = await startBackend(handler);
  cleanups.push(() => b.close());
  return b;
}

async function proxyTo(ports: number[], limits = {}, extra = {}): Promise<TestProxy> {
  const p = await startProxy([{ host: '', path: '/', service: 'web', ports }], limits, extra);
  cleanups.push(() => p.close());
  return p;
}

async function client(port: number): Promise<RawClient> {
  const c = await RawClient.connect(port);
  cleanups.push(() => c.close());
  return c;
}

/** Echoes method, url and the headers it received as JSON. */
const echo: http.RequestListener = (req, res) => {
  let body = '';
  req.setEncoding('latin1');
  req.on('data', (d: string) => { body += d; });
  req.on('end', () => {
    const out = JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body, httpVersion: req.httpVersion });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
    res.end(out);
  });
};

describe('routing', () => {
  it('routes by host and path and answers 404 with the host and path it could not route', async () => {
    const a = await backend((_req, res) => res.end('from a'));
    const b = await backend((_req, res) => res.end('from b'));
    const p = await startProxy([
      { host: 'a.test', path: '/', service: 'a', ports: [a.port] },
      { host: 'a.test', path: '/b', service: 'b', ports: [b.port] },
    ]);
    cleanups.push(() => p.close());
    expect((await get(p.port, '/x', { host: 'a.test' })).body).toBe('from a');
    expect((await get(p.port, '/b/c', { host: 'A.TEST:8080' })).body).toBe('from b');
    const miss = await get(p.port, '/x', { host: 'nope.test' });
    expect([miss.status, miss.headers['content-type'], miss.body]).toEqual([404, 'text/plain; charset=utf-8', 'no route for host "nope.test" path "/x"\n']);
  });

  it('follows a swapped route table and changing hosts on one keep-alive connection', async () => {
    const a = await backend((_req, res) => res.end('a'));
    const b = await backend((_req, res) => res.end('b'));
    const p = await proxyTo([a.port]);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => agent.destroy());
    expect((await get(p.port, '/', { agent })).body).toBe('a');
    expect((await get(p.port, '/', { agent })).body).toBe('a');
    p.setRoutes([{ host: '', path: '/', service: 'web', ports: [b.port] }, { host: 'a.test', path: '/', service: 'a', ports: [a.port] }]);
    expect((await get(p.port, '/', { agent })).body).toBe('b');
    expect((await get(p.port, '/', { agent, host: 'a.test' })).body).toBe('a');
    expect((await get(p.port, '/', { agent, host: 'b.test' })).body).toBe('b');
    expect(p.proxy.stats().totalConnections).toBe(1);
  });
});

describe('keep-alive', () => {
  it('reuses one backend connection for sequential requests and one client connection', async () => {
    const b = await backend((_req, res) => res.end('ok'));
    const p = await proxyTo([b.port]);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => agent.destroy());
    for (let i = 0; i < 20; i++) expect((await get(p.port, `/${i}`, { agent })).body).toBe('ok');
    expect(b.connections).toBe(1);
    expect(p.proxy.stats()).toMatchObject({ totalConnections: 1, upstreamConnects: 1, upstreamReuses: 19, requests: 20, status2xx: 20 });
  });

  it('closes pooled backend connections after upstreamIdleMs, and those to endpoints that left the table', async () => {
    const a = await backend((_req, res) => res.end('a'));
    const b = await backend((_req, res) => res.end('b'));
    let closedA = 0;
    a.server.on('connection', (s: import('node:net').Socket) => s.on('close', () => { closedA++; }));
    const p = await proxyTo([a.port], { upstreamIdleMs: 150 });
    await get(p.port, '/');
    expect(p.proxy.stats().idleUpstreams).toBe(1);
    await waitFor(() => p.proxy.stats().idleUpstreams === 0 && closedA === 1, { message: 'idle connection closed' });
    // A pool that would keep connections for 10 s (the sweep runs every 50 ms, for the 200 ms header timeout).
    const q = await proxyTo([a.port], { upstreamIdleMs: 10_000, headersTimeoutMs: 200 });
    await get(q.port, '/');
    expect(q.proxy.stats().idleUpstreams).toBe(1);
    q.setRoutes([{ host: '', path: '/', service: 'web', ports: [b.port] }]); // a is gone from the table
    await waitFor(() => closedA === 2 && q.proxy.stats().idleUpstreams === 0, { timeoutMs: 2000, message: 'connection to the removed endpoint closed' });
  });

  it('answers an HTTP/1.0 client with keep-alive only when asked, and closes otherwise', async () => {
    // A backend answering every request head with a length-delimited response (node:http would close
    // on an HTTP/1.0 request).
    const raw = await startRawBackend((s) => s.on('data', (d: Buffer) => {
      for (let i = d.indexOf('\r\n\r\n'); i >= 0; i = d.indexOf('\r\n\r\n', i + 4)) s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    }));
    cleanups.push(() => raw.close());
    const p = await proxyTo([raw.port]);
    const c = await client(p.port);
    c.send('GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    const r1 = await c.readResponse();
    expect([r1.status, r1.headers.connection, r1.body]).toEqual([200, 'keep-alive', 'ok']);
    c.send('GET / HTTP/1.0\r\n\r\n');
    const r2 = await c.readResponse();
    expect([r2.status, r2.headers.connection]).toEqual([200, 'close']);
    await c.waitClosed();
  });
});

describe('framing', () => {
  it('streams a chunked request body and a chunked response', async () => {
    const b = await backend((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => { body += d.toString(); });
      req.on('end', () => { res.write(`got ${body.length}:`); res.end(body.toUpperCase()); });
    });
    const p = await proxyTo([b.port]);
    const c = await client(p.port);
    c.send('POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n');
    c.send('6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n');
    const r = await c.readResponse();
    expect([r.status, r.headers['transfer-encoding'], r.body]).toEqual([200, 'chunked', 'got 11:HELLO WORLD']);
    c.send('GET /again HTTP/1.1\r\nHost: x\r\n\r\n'); // the connection is still in sync
    expect((await c.readResponse()).body).toBe('got 0:');
  });

  it('delivers a slow chunked response incrementally', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => { release = resolve; });
    const b = await backend((_req, res) => {
      res.write('first;');
      void released.then(() => res.end('second'));
    });
    const p = await proxyTo([b.port]);
    const chunks: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: p.port, path: '/', agent: false }, (res) => {
        res.setEncoding('latin1');
        res.on('data', (d: string) => {
          chunks.push(d);
          release(); // the backend sends the rest only after the first chunk went all the way through
        });
        res.on('end', resolve);
      }).on('error', reject);
    });
    await done;
    expect(chunks.join('')).toBe('first;second');
    expect(chunks[0]).toBe('first;');
  });

  it('streams a large POST body with backpressure instead of buffering it', async () => {
    const total = 64 * 1024 * 1024;
    let received = 0;
    let paused: http.IncomingMessage | null = null;
    const b = await backend((req, res) => {
      paused = req;
      req.pause();
      req.on('data', (d: Buffer) => { received += d.length; });
      req.on('end', () => res.end(String(received)));
    });
    const p = await proxyTo([b.port]);
    const req = http.request({ host: '127.0.0.1', port: p.port, path: '/', method: 'POST', agent: false, headers: { 'content-length': total } });
    const response = new Promise<string>((resolve, reject) => {
      req.on('response', (res) => { let s = ''; res.on('data', (d: Buffer) => { s += d.toString(); }); res.on('end', () => resolve(s)); });
      req.on('error', reject);
    });
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    let written = 0;
    const pump = (): void => {
      while (written < total) {
        written += chunk.length;
        if (!req.write(chunk)) { req.once('drain', pump); return; }
      }
      req.end();
    };
    pump();
    // With the backend not reading, the client must stall far short of the whole body: the proxy
    // holds at most its socket buffers, not the body.
    await waitFor(() => paused !== null, { message: 'backend got the request' });
    let last = -1;
    await waitFor(() => { const w = req.socket?.bytesWritten ?? 0; const stalled = w === last; last = w; return stalled; }, { intervalMs: 150, message: 'upload stalls' });
    expect(req.socket!.bytesWritten).toBeLessThan(total / 2);
    (paused as http.IncomingMessage | null)?.resume();
    expect(await response).toBe(String(total));
  });

  it.each([
    ['HEAD', 'HEAD', (res: http.ServerResponse) => { res.setHeader('content-length', '100'); res.end(); }, 200],
    ['204', 'GET', (res: http.ServerResponse) => { res.statusCode = 204; res.end(); }, 204],
    ['304', 'GET', (res: http.ServerResponse) => { res.statusCode = 304; res.end(); }, 304],
  ])('%s has no body and keeps the connection in sync', async (_name, method, respond, status) => {
    const b = await backend((req, res) => (req.url === '/next' ? res.end('next') : respond(res)));
    const p = await proxyTo([b.port]);
    const c = await client(p.port);
    c.send(`${method} / HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n`);
    const r = await c.readResponse(method === 'HEAD');
    expect([r.status, r.body]).toEqual([status, '']);
    expect((await c.readResponse()).body).toBe('next');
  });

  it('relays a close-delimited response and then closes the client connection', async () => {
    const raw = await startRawBackend((s) => s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close')));
    cleanups.push(() => raw.close());
    const p = await proxyTo([raw.port]);
    const c = await client(p.port);
    c.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const r = await c.readResponse();
    expect([r.status, r.headers.connection, r.body]).toEqual([200, 'close', 'until close']);
  });

  it('relays 100 Continue before the body is sent', async () => {
    const b = await backend(echo);
    const p = await proxyTo([b.port]);
    const c = await client(p.port);
    c.send('POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n');
    const cont = await c.readResponse();
    expect(cont.status).toBe(100);
    c.send('data');
    const r = await c.readResponse();
    expect([r.status, JSON.parse(r.body).body]).toEqual([200, 'data']);
  });
});

describe('upgrade', () => {
  it('pipes a WebSocket-style upgrade both ways', async () => {
    const b = await backend((_req, res) => res.end('plain'));
    b.server.on('upgrade', (req: http.IncomingMessage, socket: import('node:net').Socket) => {
      cleanups.push(() => { socket.destroy(); });
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${req.headers.upgrade}\r\nConnection: Upgrade\r\n\r\n`);
      socket.on('data', (d: Buffer) => socket.write(`echo:${d.toString()}`));
    });
    const p = await proxyTo([b.port]);
    const c = await client(p.port);
    c.send('GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
    const r = await c.readResponse();
    expect([r.status, r.headers.upgrade, r.headers.connection]).toEqual([101, 'websocket', 'Upgrade']);
    c.send('ping');
    await waitFor(() => c.unread() === 'echo:ping', { message: 'echo through the tunnel' });
    expect(p.proxy.stats().tunnels).toBe(1);
  });
});

describe('forwarded headers', () => {
  it('keeps method, target and Host; drops hop-by-hop; sets X-Forwarded-*', async () => {
    const b = await backend(echo);
    const p = await proxyTo([b.port]);
    const r = await rawRequest(p.port, 'DELETE /p/q?x=1 HTTP/1.1\r\nHost: Shop.test:8080\r\nConnection: close, X-Private\r\nX-Private: secret\r\nKeep-Alive: 9\r\n'
      + 'TE: trailers\r\nX-Forwarded-For: 1.2.3.4\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: evil\r\nX-Keep: yes\r\n\r\n');
    const seen = JSON.parse(r.body) as { method: string; url: string; headers: Record<string, string> };
    expect(seen.method).toBe('DELETE');
    expect(seen.url).toBe('/p/q?x=1');
    expect(seen.headers).toMatchObject({
      host: 'Shop.test:8080', 'x-keep': 'yes', 'x-forwarded-for': '1.2.3.4, 127.0.0.1', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'Shop.test:8080',
    });
    for (const h of ['x-private', 'keep-alive', 'te']) expect(seen.headers).not.toHaveProperty(h);
    expect(r.headers.connection).toBe('close');
  });
});

describe('pipelining', () => {
  it('answers pipelined requests in order, sending the backend one at a time', async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    const b = await backend((req, res) => {
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      // Later requests answer faster: out-of-order handling would show.
      setTimeout(() => { concurrent--; res.end(`answer ${req.url}`); }, req.url === '/1' ? 30 : 1);
    });
    const p = await proxyTo([b.port]);
    const c = await client(p.port);
    c.send('GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nPOST /3 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi');
    expect([(await c.readResponse()).body, (await c.readResponse()).body, (await c.readResponse()).body]).toEqual(['answer /1', 'answer /2', 'answer /3']);
    expect(maxConcurrent).toBe(1);
  });
});

describe('access log', () => {
  it('writes one line per request at sampleRatio 1', async () => {
    const b = await backend((_req, res) => res.end('12345'));
    const p = await proxyTo([b.port], {}, { accessLog: { sampleRatio: 1 } });
    await get(p.port, '/logged?secret=1', { host: 'log.test' });
    const line = await waitFor(() => p.logs.find((l) => l.msg === 'request'));
    expect(line).toMatchObject({ method: 'GET', host: 'log.test', path: '/logged', status: 200, upstream: `127.0.0.1:${b.port}`, bytes: expect.any(Number) as number });
    expect(typeof line.durationMs).toBe('number');
  });
});
