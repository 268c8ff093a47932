import http from 'node:http';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startLogServer, parseLogRequest, type LogServer } from '../../../agent/runtime/log-server.js';
import { makePod } from '../../support/builders.js';
import { FakeRuntime } from '../../support/fake-runtime.js';
import { waitFor } from '../../support/wait.js';
import { runInstance, silentLogger, TEST_SCOPE } from '../helpers.js';

const TOKEN = 'node-token';
let server: LogServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

interface Reply { status: number; type: string; body: string }

function get(port: number, path: string, token: string | undefined = TOKEN): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
  });
}

/** A runtime where pod web-1 container app has instance 0 (exited, with "old" output) and instance 1 (running). */
async function setup(): Promise<{ rt: FakeRuntime; port: number; currentId: string }> {
  const rt = new FakeRuntime();
  const pod = makePod('web-1').container({ name: 'app', image: 'tugboat/echo:1' }).build();
  const previous = await runInstance(rt, pod, 'app', 0);
  rt.writeLog(previous.id, 'old line');
  rt.exit(previous.id, { exitCode: 1 });
  const current = await runInstance(rt, pod, 'app', 1);
  for (const line of ['one', 'two', 'three']) rt.writeLog(current.id, line);
  server = await startLogServer({ runtime: rt, ...TEST_SCOPE, token: TOKEN, port: 0, log: silentLogger });
  return { rt, port: server.port(), currentId: current.id };
}

describe('log server', () => {
  it.each<{ name: string; path: string; token?: string; status: number; body: string }>([
    { name: 'the newest instance, all of it', path: '/containerLogs/default/web-1/app', status: 200, body: 'one\ntwo\nthree\n' },
    { name: 'tailLines', path: '/containerLogs/default/web-1/app?follow=false&tailLines=2', status: 200, body: 'two\nthree\n' },
    { name: 'previous=true reads the instance before', path: '/containerLogs/default/web-1/app?previous=true', status: 200, body: 'old line\n' },
    { name: 'no token: 401', path: '/containerLogs/default/web-1/app', token: '', status: 401, body: 'Unauthorized\n' },
    { name: 'wrong token: 401', path: '/containerLogs/default/web-1/app', token: 'node-tokeN', status: 401, body: 'Unauthorized\n' },
    { name: 'unknown container: 404 with a message', path: '/containerLogs/default/web-1/nope', status: 404, body: 'container "nope" in pod "web-1" not found\n' },
    { name: 'another node\'s pod is not visible: 404', path: '/containerLogs/default/web-2/app', status: 404, body: 'container "app" in pod "web-2" not found\n' },
    { name: 'other paths: 404', path: '/metrics', status: 404, body: 'not found\n' },
  ])('$name', async ({ path, token, status, body }) => {
    const { port } = await setup();
    const reply = await get(port, path, token);
    expect(reply).toEqual({ status, type: 'text/plain; charset=utf-8', body });
  });

  it('follow streams new lines and stops reading when the client goes away', async () => {
    const { rt, port, currentId } = await setup();
    const opened: Readable[] = [];
    const logs = rt.logs.bind(rt);
    rt.logs = async (id, options) => { const s = await logs(id, options); opened.push(s); return s; };
    let body = '';
    const req = http.get({ host: '127.0.0.1', port, path: '/containerLogs/default/web-1/app?follow=true&tailLines=1', headers: { Authorization: `Bearer ${TOKEN}` } });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    res.setEncoding('utf8');
    res.on('data', (c: string) => { body += c; });
    await waitFor(() => body === 'three\n', { message: 'the tail line' });
    rt.writeLog(currentId, 'four');
    await waitFor(() => body === 'three\nfour\n', { message: 'a line written while following' });
    expect(rt.calls.filter((c) => c.method === 'logs').map((c) => c.args[1])).toEqual([{ follow: true, timestamps: false, tailLines: 1 }]);
    expect(opened[0]?.destroyed).toBe(false);
    req.destroy();
    await waitFor(() => opened[0]?.destroyed, { message: 'the runtime log stream destroyed with the response' });
  });

  it('parses the query the API server sends', () => {
    expect(parseLogRequest('/containerLogs/ns%201/p/c?follow=true&timestamps=true&previous=false&tailLines=10&sinceSeconds=5')).toEqual({
      namespace: 'ns 1', pod: 'p', container: 'c', previous: false, options: { follow: true, timestamps: true, tailLines: 10 },
    });
    expect(parseLogRequest('/containerLogs/ns/p')).toBeUndefined();
  });
});
