import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Container, Pod, Probe } from '../../../api/types.js';
import { createProber, probeTargetFor, probeLoopback } from '../../../agent/pods/prober.js';
import type { ContainerInfo } from '../../../agent/runtime/runtime.js';
import { makePod } from '../../support/builders.js';
import { FakeRuntime } from '../../support/fake-runtime.js';
import { runInstance, silentLogger } from '../helpers.js';

afterEach(() => { vi.useRealTimers(); });

const probe: Probe = { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 1, failureThreshold: 2, successThreshold: 1 };
const probed = (): Pod => makePod('web-1').container({ name: 'app', image: 'tugboat/echo:1', ports: [{ containerPort: 8080, name: 'http' }], readinessProbe: probe }).build();

async function instance(pod: Pod, end?: { exitCode: number }): Promise<ContainerInfo> {
  return runInstance(new FakeRuntime(), pod, 'app', 0, end);
}

describe('readiness prober', () => {
  it.each<{ name: string; c: Container; p: Probe; target: { host: string; port: number } | undefined }>([
    { name: 'numeric port: the pod address and the same port', c: { name: 'app', image: 'x', ports: [{ containerPort: 8080 }] }, p: { tcpSocket: { port: 8080 } }, target: { host: '127.1.0.2', port: 8080 } },
    { name: 'named port', c: { name: 'app', image: 'x', ports: [{ containerPort: 8080, name: 'http' }] }, p: { httpGet: { port: 'http' } }, target: { host: '127.1.0.2', port: 8080 } },
    { name: 'a hostPort too: still the pod address', c: { name: 'app', image: 'x', ports: [{ containerPort: 8080, hostPort: 18080 }] }, p: { httpGet: { port: 8080 } }, target: { host: '127.1.0.2', port: 8080 } },
    { name: 'a port that is not published', c: { name: 'app', image: 'x', ports: [{ containerPort: 8080 }] }, p: { httpGet: { port: 9090 } }, target: undefined },
  ])('target: $name', async ({ c, p, target }) => {
    const pod = makePod('p').container(c).build();
    expect(probeTargetFor(c, p, await instance(pod))).toEqual(target);
  });

  it('never probes an address outside loopback', async () => {
    expect(await probeLoopback({ tcpSocket: { port: 1 } }, { host: '10.0.0.1', port: 80 }, 100)).toBe(false);
  });

  it('a periodSeconds of 2^31-1 waits instead of probing in a loop (timers overflow past 2^31-1 ms)', async () => {
    vi.useFakeTimers();
    const runProbe = vi.fn(() => Promise.resolve(true));
    const prober = createProber({ onChange: () => undefined, log: silentLogger, runProbe });
    const pod = makePod('slow').container({ name: 'app', image: 'x', ports: [{ containerPort: 8080 }], readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 2 ** 31 - 1, timeoutSeconds: 2 ** 31 - 1 } }).build();
    prober.track(pod, [await instance(pod)]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runProbe).toHaveBeenCalledTimes(1);
    expect(runProbe.mock.calls[0]?.[2]).toBe(2 ** 31 - 1);
    prober.stop();
  });

  it('applies the thresholds: ready after one success, not ready after two failures in a row', async () => {
    vi.useFakeTimers();
    const results = [true, false, true, false, false];
    const changes: string[] = [];
    const runProbe = vi.fn((_p: Probe, target: { host: string; port: number } | undefined) => Promise.resolve(target?.host === '127.1.0.2' && target.port === 8080 && (results.shift() ?? false)));
    const prober = createProber({ onChange: (key) => changes.push(key), log: silentLogger, runProbe });
    const pod = probed();
    const info = await instance(pod);
    prober.track(pod, [info]);
    expect(prober.readiness(info.id)).toBeUndefined();
    const seen: (boolean | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(i === 0 ? 0 : 1000);
      seen.push(prober.readiness(info.id));
    }
    // probe results: ok, fail (1 < threshold 2), ok, fail, fail (2 in a row)
    expect(seen).toEqual([true, true, true, true, false]);
    expect(changes).toEqual(['default/web-1', 'default/web-1']);
    prober.stop();
  });

  it('stops probing a container that is no longer running', async () => {
    vi.useFakeTimers();
    const runProbe = vi.fn(() => Promise.resolve(true));
    const prober = createProber({ onChange: () => undefined, log: silentLogger, runProbe });
    const pod = probed();
    const info = await instance(pod);
    prober.track(pod, [info]);
    await vi.advanceTimersByTimeAsync(0);
    expect(prober.readiness(info.id)).toBe(true);
    prober.track(pod, [{ ...info, running: false, state: 'exited' }]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(runProbe).toHaveBeenCalledTimes(1);
    expect(prober.readiness(info.id)).toBeUndefined();
  });

  it('a container the stored status reports ready stays ready on adoption until failureThreshold failures', async () => {
    vi.useFakeTimers();
    const prober = createProber({ onChange: () => undefined, log: silentLogger, runProbe: () => Promise.resolve(false) });
    const fresh = probed();
    const info = await instance(fresh);
    const pod: Pod = { ...fresh, status: { containerStatuses: [{ name: 'app', image: 'tugboat/echo:1', ready: true, restartCount: 0, containerID: `docker://${info.id}`, state: { running: {} } }] } };
    prober.track(pod, [info]);
    expect(prober.readiness(info.id)).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(prober.readiness(info.id)).toBe(true); // 1 failure < threshold 2
    await vi.advanceTimersByTimeAsync(1000);
    expect(prober.readiness(info.id)).toBe(false);
    prober.stop();
  });

  it('probes loopback for real: HTTP 2xx passes, 5xx and closed ports fail, TCP connects', async () => {
    const server = http.createServer((req, res) => { res.writeHead(req.url === '/healthz' ? 200 : 503); res.end(); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      expect(await probeLoopback({ httpGet: { path: '/healthz', port: 1 } }, { host: '127.0.0.1', port }, 1000)).toBe(true);
      expect(await probeLoopback({ httpGet: { path: '/broken', port: 1 } }, { host: '127.0.0.1', port }, 1000)).toBe(false);
      expect(await probeLoopback({ tcpSocket: { port: 1 } }, { host: '127.0.0.1', port }, 1000)).toBe(true);
      expect(await probeLoopback({ tcpSocket: { port: 1 } }, undefined, 1000)).toBe(false);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(await probeLoopback({ httpGet: { path: '/', port: 1 } }, { host: '127.0.0.1', port }, 1000)).toBe(false);
  });

  it('escapes the path as kubelet does (http.get throws on a space), and a path it cannot send fails the probe', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => { seen.push(req.url ?? ''); res.writeHead(200); res.end(); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      expect(await probeLoopback({ httpGet: { path: 'health z/ä', port: 1 } }, { host: '127.0.0.1', port }, 1000)).toBe(true);
      await expect(probeLoopback({ httpGet: { path: '/\ud800', port: 1 } }, { host: '127.0.0.1', port }, 1000)).rejects.toThrow(URIError);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(seen).toEqual(['/health%20z/%C3%A4']);
  });

  it('a runner that rejects is a failed probe, not an unhandled rejection', async () => {
    vi.useFakeTimers();
    const prober = createProber({ onChange: () => undefined, log: silentLogger, runProbe: () => Promise.reject(new TypeError('boom')) });
    const pod = probed();
    const info = await instance(pod);
    prober.track(pod, [info]);
    await vi.advanceTimersByTimeAsync(0);
    expect(prober.readiness(info.id)).toBe(false);
    prober.stop();
  });
});
