import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait.js';
import { LOOPBACK, get, startBackend, startProxy, type TestBackend, type TestProxy } from './helpers.js';

/** Seeded bytes (xorshift32), so a failure replays. */
function garbage(seed: number, n: number): Buffer {
  let x = seed;
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

interface Hostile {
  name: string;
  /** Sent in order, 10 ms apart. */
  parts: (string | Buffer)[];
  /** Half-close after sending. */
  end?: boolean;
  /** The status the proxy must answer with, if it answers at all (undefined: it may just cut). */
  status?: number;
}

const H = 'Host: x\r\n';
const HOSTILE: Hostile[] = [
  { name: 'binary garbage', parts: [garbage(1, 4096)], status: 400 },
  { name: 'TLS hello on the plain port', parts: [Buffer.from('160301020001000000000000000000000d0a0d0a', 'hex')], status: 400 },
  { name: 'half-close without a byte', parts: [], end: true },
  { name: 'partial head then half-close', parts: ['GET / HTTP/1.1\r\nHo'], end: true },
  { name: '100 KiB header', parts: [`GET / HTTP/1.1\r\n${H}X-Big: ${'a'.repeat(100 * 1024)}\r\n\r\n`], status: 431 },
  { name: '10k headers', parts: [`GET / HTTP/1.1\r\n${H}${'X: y\r\n'.repeat(10_000)}\r\n`], status: 431 },
  { name: '20 KiB URL', parts: [`GET /${'u'.repeat(20 * 1024)} HTTP/1.1\r\n${H}\r\n`], status: 431 },
  { name: 'huge chunk size', parts: [`POST /ok HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffffff\r\n`], status: 400 },
  { name: 'huge chunk size in a later packet', parts: [`POST /ok HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n`, '1\r\na\r\nfffffffffffffffffff\r\n'], status: 400 },
  { name: 'chunk without CRLF', parts: [`POST /ok HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n`], status: 400 },
  { name: 'smuggling: CL and TE', parts: [`POST / HTTP/1.1\r\n${H}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\n${H}\r\n`], status: 400 },
  { name: 'smuggling: differing CLs', parts: [`POST / HTTP/1.1\r\n${H}Content-Length: 4\r\nContent-Length: 40\r\n\r\nabcd`], status: 400 },
  { name: 'smuggling: TE with a space before the colon', parts: [`POST / HTTP/1.1\r\n${H}Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n`], status: 400 },
  { name: 'NUL in a header value', parts: [`GET / HTTP/1.1\r\n${H}X-A: a\x00b\r\n\r\n`], status: 400 },
  { name: 'DEL and 8-bit bytes in a header name', parts: [`GET / HTTP/1.1\r\n${H}X-\x7f\xff: a\r\n\r\n`], status: 400 },
  { name: 'obs-fold', parts: [`GET / HTTP/1.1\r\n${H}X-A: a\r\n\tb\r\n\r\n`], status: 400 },
  { name: 'bare LF line endings', parts: ['GET / HTTP/1.1\nHost: x\n\n\r\n\r\n'], status: 400 },
  { name: 'short body then half-close', parts: [`POST /ok HTTP/1.1\r\n${H}Content-Length: 10\r\n\r\nabc`], end: true },
  { name: 'valid request, then garbage pipelined', parts: [`GET /ok HTTP/1.1\r\n${H}\r\n\x01\x02\x03 garbage\r\n\r\n`], status: 400 },
  { name: 'ten thousand empty lines then silence', parts: ['\r\n'.repeat(10_000)], status: 408 },
  { name: 'slowloris', parts: ['GET / HTTP/1.1\r\n', 'Host: x\r\n', 'X-A: 1\r\n'], status: 408 },
  { name: 'absolute-form with a broken authority', parts: [`GET http://[::1 HTTP/1.1\r\n${H}\r\n`], status: 404 },
  { name: 'HTTP/0.9 style request', parts: ['GET /\r\n\r\n'], status: 400 },
  { name: 'HTTP/3.0', parts: [`GET / HTTP/3.0\r\n${H}\r\n`], status: 400 },
  { name: 'HTTP/1.7', parts: [`GET / HTTP/1.7\r\n${H}\r\n`], status: 505 },
];

describe('hostile clients', () => {
  let backend: TestBackend;
  let proxy: TestProxy;

  beforeAll(async () => {
    backend = await startBackend((req, res) => { req.resume(); req.on('end', () => res.end('fine')); });
    proxy = await startProxy([{ host: 'x', path: '/ok', service: 'web', ports: [backend.port] }, { host: 'ok.test', path: '/', service: 'web', ports: [backend.port] }],
      { headersTimeoutMs: 400, idleTimeoutMs: 400 });
  });
  afterAll(async () => {
    await proxy.close();
    await backend.close();
  });

  /** Plays one hostile client; resolves with every status line it got once the proxy closed the connection. */
  async function play(h: Hostile): Promise<number[]> {
    const s = net.connect(proxy.port, LOOPBACK);
    s.on('error', () => undefined);
    let received = '';
    s.on('data', (d: Buffer) => { received += d.toString('latin1'); });
    const closed = new Promise<void>((resolve) => s.on('close', () => resolve()));
    await new Promise<void>((resolve) => s.once('connect', () => resolve()));
    for (const p of h.parts) {
      if (s.destroyed) break;
      s.write(p);
      await new Promise((r) => setTimeout(r, 10));
    }
    if (h.end) s.end();
    const cut = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3000))]);
    s.destroy();
    if (!cut) throw new Error(`${h.name}: the proxy did not close the connection within 3 s (got ${JSON.stringify(received.slice(0, 100))})`);
    return [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
  }

  it('answers each with an error or cuts it off, and keeps serving', async () => {
    const results = await Promise.all(HOSTILE.map(async (h) => [h.name, await play(h)] as const));
    for (const [name, statuses] of results) {
      const h = HOSTILE.find((x) => x.name === name)!;
      const final = statuses.filter((s) => s !== 200);
      if (h.status !== undefined) expect({ name, final }).toEqual({ name, final: [h.status] });
      else expect({ name, final }).toEqual({ name, final: [] });
    }
    // Still healthy: a normal request works, and every hostile connection is gone.
    const ok = await get(proxy.port, '/', { host: 'ok.test' });
    expect([ok.status, ok.body]).toEqual([200, 'fine']);
    await waitFor(() => proxy.proxy.stats().activeConnections === 0, { message: 'no connection left open' });
    // The only 5xx is the 505 for HTTP/1.7: no hostile input made the proxy fail a backend exchange.
    expect(proxy.proxy.stats().status5xx).toBe(HOSTILE.filter((h) => (h.status ?? 0) >= 500).length);
  });

  it('survives clients that reset mid-request and mid-response', async () => {
    for (let i = 0; i < 20; i++) {
      const s = net.connect(proxy.port, LOOPBACK);
      s.on('error', () => undefined);
      await new Promise<void>((resolve) => s.once('connect', () => resolve()));
      s.write(i % 2 === 0 ? `POST /ok HTTP/1.1\r\n${H}Content-Length: 100\r\n\r\nabc` : `GET /ok HTTP/1.1\r\n${H}\r\n`);
      s.resetAndDestroy();
    }
    const ok = await get(proxy.port, '/', { host: 'ok.test' });
    expect(ok.status).toBe(200);
    await waitFor(() => proxy.proxy.stats().activeConnections === 0, { message: 'no connection left open' });
  });
});
