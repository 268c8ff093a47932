/**
 * The tugboat/echo:1 test image on the REAL Docker engine (scripts/images/echo.c): every path
 * answers and names itself, /healthz can be flipped, keep-alive reuses the connection, bodies and
 * headers are echoed, /slow does not hold up other connections, and /crash exits the container
 * with code 3. The containers run without --init, so the app is PID 1. Each carries this run's
 * unique test-run label, and afterAll removes exactly those. Fails loudly when Docker is missing.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_RUN_LABEL, buildTestImages, dockerCli, newTestRunId, removeContainersByLabel, requireDocker,
} from '../support/docker.js';
import { waitFor } from '../support/wait.js';

const runId = newTestRunId('echo-image');

interface Reply { status: number; headers: http.IncomingHttpHeaders; body: string; socket: Socket; reused: boolean }
interface RequestOptions { method?: string; headers?: Record<string, string>; body?: string; agent?: http.Agent }

/** One HTTP request to 127.0.0.1:`port` (bounded: 5 s), with the socket it went over. */
function request(port: number, path: string, opts: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers, agent: opts.agent ?? false,
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, socket: req.socket as Socket, reused: req.reusedSocket }));
    });
    req.setTimeout(5000, () => req.destroy(new Error(`${path}: no answer within 5 s`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Starts an echo container (no --init: the app is PID 1) publishing 8080 on a random 127.0.0.1 port. */
async function startEcho(name: string): Promise<{ id: string; port: number }> {
  const id = await dockerCli('run', '-d', '--label', `${TEST_RUN_LABEL}=${runId}`, '--hostname', name,
    '-p', '127.0.0.1::8080', 'tugboat/echo:1');
  const mapping = await dockerCli('port', id, '8080/tcp'); // "127.0.0.1:49153"
  const port = Number(/^127\.0\.0\.1:(\d+)$/m.exec(mapping)?.[1]);
  expect(port, `docker port ${id.slice(0, 12)}: ${mapping}`).toBeGreaterThan(0);
  await waitFor(() => request(port, '/healthz').then((r) => r.status === 200), { timeoutMs: 10_000, message: `${name} /healthz` });
  return { id, port };
}

/** Waits for the container to stop; resolves with its exit code. */
function exitCodeOf(id: string, timeoutMs = 10_000): Promise<number> {
  return waitFor(async () => {
    const [running, code] = (await dockerCli('inspect', '--format', '{{.State.Running}} {{.State.ExitCode}}', id)).split(' ');
    return running === 'false' ? { code: Number(code) } : undefined;
  }, { timeoutMs, intervalMs: 100, message: `container ${id.slice(0, 12)} to exit` }).then((r) => r.code);
}

beforeAll(async () => {
  await requireDocker();
  await buildTestImages();
}, 120_000);

afterAll(async () => {
  await removeContainersByLabel(TEST_RUN_LABEL, runId);
  expect(await dockerCli('ps', '-aq', '--filter', `label=${TEST_RUN_LABEL}=${runId}`)).toBe('');
}, 60_000);

describe('tugboat/echo:1 on the real engine', { timeout: 60_000 }, () => {
  let echo: { id: string; port: number };

  beforeAll(async () => { echo = await startEcho('echo-e2e'); }, 60_000);

  it('prints the start line on stdout', async () => {
    const logs = await waitFor(async () => {
      const text = await dockerCli('logs', echo.id);
      return text.includes('listening') ? text : undefined;
    }, { message: 'start line' });
    expect(logs).toMatch(/^app=echo version=v1 host=echo-e2e listening on :8080$/m);
  });

  it('answers every path with 200 and names the path, without the query', async () => {
    expect(await request(echo.port, '/')).toMatchObject({ status: 200, body: 'app=echo version=v1 host=echo-e2e path=/\n' });
    const deep = await request(echo.port, '/a/b?q=1');
    expect(deep).toMatchObject({ status: 200, body: 'app=echo version=v1 host=echo-e2e path=/a/b\n' });
    expect(deep.headers['content-type']).toBe('text/plain');
    expect((await request(echo.port, '/x', { method: 'DELETE' })).status).toBe(200);
    expect((await request(echo.port, '/cgi-bin/echo?z=9')).body)
      .toMatch(/^app=echo version=v1 host=echo-e2e method=GET uri=\/cgi-bin\/echo\?z=9 remote=\d+\.\d+\.\d+\.\d+\n$/);
    expect(await request(echo.port, '/status/418')).toMatchObject({ status: 418, body: 'app=echo version=v1 host=echo-e2e path=/status/418\n' });
  });

  it('/healthz is ok, 503 after /healthz/fail (on every connection), ok again after /healthz/ok', async () => {
    expect(await request(echo.port, '/healthz')).toMatchObject({ status: 200, body: 'ok\n' });
    try {
      expect((await request(echo.port, '/healthz/fail')).status).toBe(200);
      expect((await request(echo.port, '/healthz')).status).toBe(503);
      expect((await request(echo.port, '/healthz')).status).toBe(503);
    } finally {
      expect((await request(echo.port, '/healthz/ok')).status).toBe(200);
    }
    expect(await request(echo.port, '/healthz')).toMatchObject({ status: 200, body: 'ok\n' });
  });

  it('keeps the connection alive: two requests over one socket', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await request(echo.port, '/one', { agent });
      const second = await request(echo.port, '/two', { agent });
      expect([first.body, second.body]).toEqual(['app=echo version=v1 host=echo-e2e path=/one\n', 'app=echo version=v1 host=echo-e2e path=/two\n']);
      expect(first.reused).toBe(false);
      expect(second.reused).toBe(true);
      expect(second.socket).toBe(first.socket);
    } finally {
      agent.destroy();
    }
  });

  it('echoes a POST body after the line, and the request headers on /headers', async () => {
    const posted = await request(echo.port, '/upload', { method: 'POST', body: 'hello\nbody', headers: { 'content-type': 'text/plain' } });
    expect(posted).toMatchObject({ status: 200, body: 'app=echo version=v1 host=echo-e2e path=/upload\nhello\nbody' });
    const headers = await request(echo.port, '/headers', { headers: { 'X-Forwarded-For': '10.1.2.3', 'X-Test-Run': runId } });
    expect(headers.status).toBe(200);
    const lines = headers.body.split('\n');
    expect(lines[0]).toBe('app=echo version=v1 host=echo-e2e path=/headers');
    expect(lines).toContain('X-Forwarded-For: 10.1.2.3');
    expect(lines).toContain(`X-Test-Run: ${runId}`);
  });

  it('/slow answers after its delay without holding up other connections', async () => {
    const t0 = Date.now();
    const slow = request(echo.port, '/slow?ms=1500');
    const fast = await request(echo.port, '/fast');
    expect(fast.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(1200);
    expect(await slow).toMatchObject({ status: 200, body: 'app=echo version=v1 host=echo-e2e path=/slow\n' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
  });

  it('/stream sends chunked chunks', async () => {
    const res = await request(echo.port, '/stream?chunks=3');
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.body).toBe('chunk 1\nchunk 2\nchunk 3\n');
  });

  it('logs one line per request', async () => {
    const path = `/log-${runId}?x=1`;
    await request(echo.port, path);
    const line = await waitFor(async () => (await dockerCli('logs', echo.id)).split('\n').find((l) => l.includes(path)), { message: 'request log line' });
    expect(line).toMatch(new RegExp(`^\\d+\\.\\d+\\.\\d+\\.\\d+ GET ${path.replace('?', '\\?')} 200$`));
  });

  it('/crash answers, then the container exits with code 3', async () => {
    expect(await request(echo.port, '/crash')).toMatchObject({ status: 200, body: 'crashing\n' });
    expect(await exitCodeOf(echo.id)).toBe(3);
    expect(await dockerCli('logs', echo.id)).toMatch(/^crash requested$/m);
  });

  it('docker stop: SIGTERM exits 0 at once, with the app as PID 1', async () => {
    const other = await startEcho('echo-e2e-stop');
    const t0 = Date.now();
    await dockerCli('stop', '-t', '10', other.id);
    expect(Date.now() - t0).toBeLessThan(5000); // a SIGKILL after the timeout would take 10 s
    expect(await exitCodeOf(other.id)).toBe(0);
  });
});
