/**
 * The Docker runtime against the REAL engine (no mocks). Needs dockerd (bash .ci/docker-up.sh)
 * and builds the local images itself; fails loudly, never skips, when the engine is missing.
 * Every container carries this run's unique label and afterAll removes them all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { createDockerRuntime } from '../../../agent/runtime/docker.js';
import { LABEL_POD_NAME } from '../../../agent/runtime/labels.js';
import {
  ContainerNotFoundError, ImagePullError, NameConflictError, type ContainerSpec, type RuntimeEvent,
} from '../../../agent/runtime/runtime.js';
import {
  TEST_RUN_LABEL, buildTestImages, dockerCli, newTestRunId, removeContainersByLabel, requireDocker,
} from '../../support/docker.js';
import { waitFor } from '../../support/wait.js';

const runtime = createDockerRuntime({ pullTimeoutMs: 20_000 });
const runId = newTestRunId('docker-runtime');
const MiB = 1024 * 1024;
let seq = 0;

/** A spec with this run's labels and a unique name (also used as the pod-name label). */
function spec(overrides: Partial<ContainerSpec> & Pick<ContainerSpec, 'image'>): ContainerSpec {
  const name = `tugboat-test-${runId}-${++seq}`;
  return { name, labels: { [TEST_RUN_LABEL]: runId, [LABEL_POD_NAME]: name }, ...overrides };
}

function echoSpec(overrides: Partial<ContainerSpec> = {}): ContainerSpec {
  return spec({ image: 'tugboat/echo:1', ports: [{ containerPort: 8080, bindings: [{ hostIp: '127.0.0.1', hostPort: 0 }] }], memoryBytes: 64 * MiB, nanoCpus: 250_000_000, ...overrides });
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return { status: res.status, body: await res.text() };
}

async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

async function waitExited(id: string, timeoutMs = 15_000) {
  return waitFor(async () => {
    const info = await runtime.inspect(id);
    return info.running ? undefined : info;
  }, { timeoutMs, message: `container ${id.slice(0, 12)} to exit` });
}

beforeAll(async () => {
  await requireDocker(runtime);
  await buildTestImages();
}, 120_000);

afterAll(async () => {
  await removeContainersByLabel(TEST_RUN_LABEL, runId, runtime);
  expect(await runtime.list({ [TEST_RUN_LABEL]: runId })).toEqual([]);
}, 60_000);

describe('DockerRuntime on the real engine: a running echo container', { timeout: 30_000 }, () => {
  let web: ContainerSpec;
  let id = '';
  let port = 0;

  beforeAll(async () => {
    web = echoSpec({ hostname: 'web-1' });
    id = await runtime.createAndStart(web);
    port = (await runtime.inspect(id)).ports.find((p) => p.containerPort === 8080)?.hostPort ?? 0;
    await waitFor(() => get(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200), { message: 'echo app /healthz' });
  }, 30_000);

  it('applies 64Mi / 250m, as both inspect() and the docker CLI show', async () => {
    const info = await runtime.inspect(id);
    expect(info).toMatchObject({
      id, name: web.name, image: 'tugboat/echo:1', state: 'running', running: true, exitCode: null, oomKilled: false,
      memoryBytes: 67_108_864, nanoCpus: 250_000_000, labels: web.labels,
    });
    expect(info.imageId).toMatch(/^sha256:/);
    expect(info.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(info.startedAt).not.toBeNull();
    expect(await dockerCli('inspect', '--format', '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}', id)).toBe('67108864 250000000');
  });

  it('publishes on 127.0.0.1 only, and the app answers there with v1 and its hostname', async () => {
    const { ports } = await runtime.inspect(id);
    expect(ports).toEqual([{ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: port }]);
    expect(port).toBeGreaterThan(0);
    const res = await get(`http://127.0.0.1:${port}/`);
    expect(res).toEqual({ status: 200, body: 'app=echo version=v1 host=web-1 path=/\n' });
  });

  it('logs hold the start line and one line per request', async () => {
    const path = `/logs-test-${runId}`; // unique, so exactly one log line names it
    expect(await get(`http://127.0.0.1:${port}${path}`)).toEqual({ status: 200, body: `app=echo version=v1 host=web-1 path=${path}\n` });
    const text = await waitFor(async () => {
      const t = await readAll(await runtime.logs(id, { follow: false }));
      return t.includes(` GET ${path} 200`) ? t : undefined;
    }, { timeoutMs: 5000, message: 'request line in the logs' });
    expect(text).toMatch(/^app=echo version=v1 host=web-1 listening on :8080$/m);
    expect(text.split('\n').filter((l) => l.includes(path))).toHaveLength(1);
    const last = await readAll(await runtime.logs(id, { follow: false, tailLines: 1, timestamps: true }));
    expect(last).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\d+\\.\\d+\\.\\d+\\.\\d+ GET ${path} 200\n$`));
  }, 15_000);

  it('a follow stream delivers the line of a request made after it opened', async () => {
    const stream = await runtime.logs(id, { follow: true, tailLines: 0 });
    let seen = '';
    stream.on('data', (chunk) => { seen += String(chunk); });
    try {
      const marker = `/follow-${Date.now()}`;
      expect((await get(`http://127.0.0.1:${port}${marker}`)).status).toBe(200);
      await waitFor(() => seen.includes(` GET ${marker} 200`), { timeoutMs: 5000, message: 'request line on the follow stream' });
      expect(seen).not.toContain('listening'); // tailLines: 0 skipped the old output
    } finally {
      stream.destroy();
    }
  }, 15_000);

  it('list() by label finds exactly this container', async () => {
    const found = await runtime.list({ [TEST_RUN_LABEL]: runId, [LABEL_POD_NAME]: web.name });
    expect(found).toEqual([{ id, name: web.name, image: 'tugboat/echo:1', labels: web.labels, state: 'running' }]);
  });
});

describe('DockerRuntime on the real engine: lifecycle', { timeout: 30_000 }, () => {
  it('events deliver start and then die with the exit code after stop (fast, thanks to Init)', async () => {
    const events = await runtime.events(TEST_RUN_LABEL);
    const seen: RuntimeEvent[] = [];
    const pump = (async () => { for await (const e of events) seen.push(e); })();
    try {
      const s = spec({ image: 'tugboat/busybox:1', command: ['sleep', '3600'] });
      const id = await runtime.createAndStart(s);
      await waitFor(() => seen.some((e) => e.id === id && e.action === 'start'), { message: 'start event' });
      await runtime.stop(id, 10); // exit 143 below: SIGTERM reached sleep via tini (a timeout would be SIGKILL, 137)
      const die = await waitFor(() => seen.find((e) => e.id === id && e.action === 'die'), { message: 'die event' });
      expect(die).toMatchObject({ exitCode: 143, labels: s.labels });
      expect(await runtime.inspect(id)).toMatchObject({ state: 'exited', running: false, exitCode: 143, oomKilled: false });
      await runtime.stop(id, 10); // idempotent
    } finally {
      events.close();
    }
    await pump; // close() ends the iteration without an error
  }, 30_000);

  it('command, args, env and hostname reach the process; the exit code is reported', async () => {
    const id = await runtime.createAndStart(spec({
      image: 'tugboat/busybox:1', command: ['sh', '-c'], args: ['echo "$GREETING from $(hostname)"; echo oops >&2; exit 7'],
      env: { GREETING: 'hello' }, hostname: 'pod-x',
    }));
    const info = await waitExited(id);
    expect(info).toMatchObject({ state: 'exited', exitCode: 7, oomKilled: false });
    expect(info.finishedAt).not.toBeNull();
    // stdout and stderr are separate pipes: Docker keeps the order within each, not across them.
    expect((await readAll(await runtime.logs(id, { follow: false }))).split('\n').sort()).toEqual(['', 'hello from pod-x', 'oops']);
  }, 30_000);

  it('OOM: 16Mi and a 200 MB string -> oomKilled, exit 137', async () => {
    const id = await runtime.createAndStart(spec({
      image: 'tugboat/busybox:1', memoryBytes: 16 * MiB, command: ['sh', '-c', 'x=$(head -c 200m /dev/zero | tr "\\0" a)'],
    }));
    expect(await waitExited(id, 20_000)).toMatchObject({ oomKilled: true, exitCode: 137, memoryBytes: 16 * MiB });
  }, 30_000);

  it('remove() force-removes a running container and is idempotent', async () => {
    const s = echoSpec();
    const id = await runtime.createAndStart(s);
    await expect(runtime.createAndStart(s)).rejects.toBeInstanceOf(NameConflictError);
    await runtime.remove(id);
    await expect(runtime.inspect(id)).rejects.toBeInstanceOf(ContainerNotFoundError);
    expect(await runtime.list({ [TEST_RUN_LABEL]: runId, [LABEL_POD_NAME]: s.name })).toEqual([]);
    await runtime.remove(id);
    await runtime.stop(id, 1);
  }, 30_000);
});

describe('DockerRuntime on the real engine: images', { timeout: 30_000 }, () => {
  // A registry on a closed loopback port: the pull is refused at once and no traffic leaves the host.
  const missing = `127.0.0.1:1/tugboat/does-not-exist:${runId}`;

  it('ensureImage is a no-op for a present image with IfNotPresent and Never', async () => {
    await runtime.ensureImage('tugboat/echo:2', 'IfNotPresent');
    await runtime.ensureImage('tugboat/echo:2', 'Never');
  });

  it('ensureImage of an image that cannot be pulled -> ImagePullError naming the image (bounded)', async () => {
    const err = await runtime.ensureImage(missing, 'IfNotPresent').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImagePullError);
    expect(err).toMatchObject({ reason: 'ErrImagePull', image: missing });
    expect(String(err)).toContain(missing);
  }, 30_000);

  it('a registry that accepts but never answers: the pull gives up after pullTimeoutMs', async () => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => { sockets.add(socket); }); // accept, never answer
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const image = `127.0.0.1:${typeof address === 'object' && address ? address.port : 1}/tugboat/hangs:1`;
    try {
      const err = await createDockerRuntime({ pullTimeoutMs: 1000 }).ensureImage(image, 'IfNotPresent').catch((e: unknown) => e);
      expect(err).toMatchObject({ reason: 'ErrImagePull', image, message: expect.stringContaining('timed out after 1000 ms') });
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });

  it('Never, and createAndStart without the image, fail with ErrImageNeverPull and pull nothing', async () => {
    await expect(runtime.ensureImage(missing, 'Never')).rejects.toMatchObject({ reason: 'ErrImageNeverPull', image: missing });
    await expect(runtime.createAndStart(spec({ image: missing }))).rejects.toMatchObject({ reason: 'ErrImageNeverPull' });
  });

  it('version() names the engine', async () => {
    expect(await runtime.version()).toMatch(/^docker:\/\/\d+\.\d+/);
  });
});
