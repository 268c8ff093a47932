/**
 * ContainerRuntime over the Docker Engine API (dockerode). The only file that imports dockerode.
 * Engine replies are typed by @types/dockerode; event frames and pull progress arrive as JSON
 * and stay `unknown` until narrowed here.
 */
import Docker from 'dockerode';
import { Readable, Transform, pipeline, type TransformCallback } from 'node:stream';
import { LABEL_RESTART_COUNT } from './labels.js';
import { isRecord } from '../../api/guards.js';
import {
  ContainerNotFoundError, ImagePullError, NameConflictError,
  type ContainerInfo, type ContainerRuntime, type ContainerSpec, type ContainerState, type ContainerSummary,
  type LogOptions, type PublishedPort, type PullPolicy, type RuntimeEvent, type RuntimeEventAction, type RuntimeEventStream,
} from './runtime.js';

/** Options of {@link createDockerRuntime}. */
export interface DockerRuntimeOptions {
  /** Engine socket; default /var/run/docker.sock. */
  socketPath?: string;
  /** Give up on a pull after this long (ImagePullError); default 5 minutes. */
  pullTimeoutMs?: number;
}

/** Creates the Docker-backed runtime. Cheap: no connection is made until the first call. */
export function createDockerRuntime(opts: DockerRuntimeOptions = {}): ContainerRuntime {
  return new DockerRuntime(new Docker({ socketPath: opts.socketPath ?? '/var/run/docker.sock' }), opts.pullTimeoutMs ?? 300_000);
}

const STATES: readonly ContainerState[] = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];
const EVENT_ACTIONS: readonly RuntimeEventAction[] = ['create', 'start', 'kill', 'oom', 'die', 'stop', 'destroy'];
/** Actor.Attributes keys that Docker adds next to the container's labels. */
const NON_LABEL_ATTRIBUTES = new Set(['name', 'image', 'exitCode', 'signal', 'execDuration']);

class DockerRuntime implements ContainerRuntime {
  constructor(private readonly docker: Docker, private readonly pullTimeoutMs: number) {}

  async ensureImage(image: string, pullPolicy: PullPolicy): Promise<void> {
    if (pullPolicy !== 'Always' && await this.imagePresent(image)) return;
    if (pullPolicy === 'Never') throw new ImagePullError(image, 'ErrImageNeverPull', 'not present locally and pull policy is Never');
    await this.pull(image);
  }

  async createAndStart(spec: ContainerSpec): Promise<string> {
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer(toCreateOptions(spec));
    } catch (err) {
      if (statusOf(err) === 404) throw new ImagePullError(spec.image, 'ErrImageNeverPull', 'not present locally (call ensureImage first)', { cause: err });
      if (statusOf(err) === 409) throw new NameConflictError(spec.name, { cause: err });
      throw err;
    }
    try {
      await container.start();
    } catch (err) {
      // Leave nothing behind: a created-but-never-started container would block the name.
      await container.remove({ force: true }).catch(() => undefined);
      throw err;
    }
    return container.id;
  }

  async stop(id: string, timeoutSeconds: number): Promise<void> {
    await ignoring(this.docker.getContainer(id).stop({ t: timeoutSeconds }), 304, 404); // already stopped / gone
  }

  async remove(id: string): Promise<void> {
    await ignoring(this.docker.getContainer(id).remove({ force: true, v: true }), 404, 409); // gone / being removed
  }

  async list(labelFilter: Record<string, string>): Promise<ContainerSummary[]> {
    const label = Object.entries(labelFilter).map(([k, v]) => `${k}=${v}`);
    const rows = await this.docker.listContainers({ all: true, filters: { label } });
    return rows.map((r) => ({
      id: r.Id, name: (r.Names[0] ?? '').replace(/^\//, ''), image: r.Image, labels: r.Labels ?? {}, state: toState(r.State),
    }));
  }

  async inspect(id: string): Promise<ContainerInfo> {
    return toContainerInfo(await this.docker.getContainer(id).inspect().catch(notFoundAs(id)));
  }

  async logs(id: string, options: LogOptions): Promise<Readable> {
    const c = this.docker.getContainer(id);
    const base = { stdout: true, stderr: true, timestamps: options.timestamps ?? false, ...(options.tailLines === undefined ? {} : { tail: options.tailLines }) };
    const out = new LogDemuxer();
    if (options.follow) {
      // Destroying `out` makes pipeline destroy the HTTP response too; that error is expected.
      pipeline(await c.logs({ ...base, follow: true }).catch(notFoundAs(id)), out, () => undefined);
    } else {
      const buf: unknown = await c.logs({ ...base, follow: false }).catch(notFoundAs(id));
      out.end(Buffer.isBuffer(buf) ? buf : Buffer.from(String(buf)));
    }
    return out;
  }

  async events(labelKey: string): Promise<RuntimeEventStream> {
    const raw = await this.docker.getEvents({ filters: { type: ['container'], label: [labelKey], event: [...EVENT_ACTIONS] } });
    if (!(raw instanceof Readable)) throw new Error('docker events: unexpected stream type');
    return eventStream(raw);
  }

  async version(): Promise<string> {
    return `docker://${(await this.docker.version()).Version}`;
  }

  private async imagePresent(image: string): Promise<boolean> {
    return this.docker.getImage(image).inspect().then(() => true, (err: unknown) => {
      if (statusOf(err) === 404) return false;
      throw err;
    });
  }

  /** docker.pull + followProgress. Errors come either as the HTTP status or inside the progress stream. */
  private async pull(image: string): Promise<void> {
    const abortSignal = AbortSignal.timeout(this.pullTimeoutMs);
    const fail = (err: unknown, detail = abortSignal.aborted ? `timed out after ${this.pullTimeoutMs} ms` : messageOf(err)) =>
      new ImagePullError(image, 'ErrImagePull', `pull failed: ${detail}`, { cause: err });
    const stream = await this.docker.pull(image, { abortSignal }).catch((err: unknown) => { throw fail(err); });
    await new Promise<void>((resolve, reject) => {
      let progressError: string | undefined;
      const onProgress = (event: unknown): void => { progressError ??= progressErrorOf(event); };
      this.docker.modem.followProgress(stream, (err: Error | null) => {
        if (err) reject(fail(err));
        else if (progressError !== undefined) reject(fail(undefined, progressError));
        else resolve();
      }, onProgress);
    });
  }
}

function toCreateOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const ports = (spec.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'tcp'}`);
  const bindings = (spec.ports ?? []).map((p) => (p.bindings ?? []).map((b) => ({ HostIp: b.hostIp, HostPort: b.hostPort ? String(b.hostPort) : '' })));
  return {
    name: spec.name, Image: spec.image, Labels: spec.labels,
    Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
    // Kubernetes semantics: an empty command/args means "use the image's".
    ...(spec.command?.length ? { Entrypoint: spec.command } : {}),
    ...(spec.args?.length ? { Cmd: spec.args } : {}),
    ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
    ...(spec.hostname ? { Hostname: spec.hostname } : {}),
    ExposedPorts: Object.fromEntries(ports.map((p) => [p, {}])),
    HostConfig: {
      Init: true, // tini as PID 1: SIGTERM reaches the app, so stop takes ~0.1 s instead of the timeout
      PortBindings: Object.fromEntries(ports.map((p, i) => [p, bindings[i] ?? []]).filter(([, b]) => (b as unknown[]).length > 0)),
      ...(spec.memoryBytes ? { Memory: spec.memoryBytes, MemorySwap: spec.memoryBytes } : {}),
      ...(spec.nanoCpus ? { NanoCpus: spec.nanoCpus } : {}),
    },
  };
}

function toContainerInfo(info: Docker.ContainerInspectInfo): ContainerInfo {
  const s = info.State;
  const state = toState(s.Status);
  const exited = state === 'exited' || state === 'dead';
  const restartCount = Number.parseInt(info.Config.Labels?.[LABEL_RESTART_COUNT] ?? '', 10);
  return {
    id: info.Id, name: info.Name.replace(/^\//, ''), labels: info.Config.Labels ?? {}, image: info.Config.Image, imageId: info.Image,
    state, running: s.Running, exitCode: exited ? s.ExitCode : null,
    // OOMKilled is also set when only a child was killed and the main process exited normally.
    oomKilled: s.OOMKilled && s.ExitCode === 137, error: s.Error || null,
    startedAt: toTime(s.StartedAt), finishedAt: toTime(s.FinishedAt),
    ip: firstIp(info.NetworkSettings.Networks), ports: toPublishedPorts(info.NetworkSettings.Ports),
    memoryBytes: info.HostConfig.Memory ?? 0, nanoCpus: info.HostConfig.NanoCpus ?? 0,
    ...(Number.isNaN(restartCount) ? {} : { restartCount }),
  };
}

function toState(status: string): ContainerState {
  return STATES.find((s) => s === status) ?? 'dead';
}

/** Docker reports "never" as the zero time 0001-01-01T00:00:00Z. */
function toTime(t: string): string | null {
  return !t || t.startsWith('0001-') ? null : t;
}

function firstIp(networks: Docker.ContainerInspectInfo['NetworkSettings']['Networks'] | null): string | null {
  const all = Object.entries(networks ?? {});
  const bridge = all.find(([name]) => name === 'bridge');
  for (const [, n] of bridge ? [bridge, ...all] : all) if (n.IPAddress) return n.IPAddress;
  return null;
}

/** NetworkSettings.Ports: { "8080/tcp": [{ HostIp, HostPort }] | null } (null = exposed, not published). */
function toPublishedPorts(ports: Docker.ContainerInspectInfo['NetworkSettings']['Ports'] | null): PublishedPort[] {
  return Object.entries(ports ?? {}).flatMap(([key, bindings]) => {
    const [port, proto] = key.split('/');
    const protocol = proto === 'udp' ? 'udp' : 'tcp';
    return (bindings ?? []).map((b) => ({ containerPort: Number(port), protocol, hostIp: b.HostIp, hostPort: Number(b.HostPort) }));
  });
}

/**
 * Turns Docker's multiplexed log stream ([stream, 0, 0, 0, uint32 BE length] + payload per frame)
 * into plain text, keeping the order in which stdout and stderr were written. Output of TTY
 * containers has no frames and is passed through.
 */
class LogDemuxer extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  private framed: boolean | undefined;

  constructor() {
    super();
    this.setEncoding('utf8');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const p = this.pending;
    if (this.framed === undefined && p.length >= 8) this.framed = (p[0] ?? 9) <= 2 && p[1] === 0 && p[2] === 0 && p[3] === 0;
    if (this.framed === false) {
      this.push(this.pending);
      this.pending = Buffer.alloc(0);
    }
    while (this.framed && this.pending.length >= 8) {
      const end = 8 + this.pending.readUInt32BE(4);
      if (this.pending.length < end) break;
      this.push(this.pending.subarray(8, end));
      this.pending = this.pending.subarray(end);
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.framed && this.pending.length) this.push(this.pending);
    done();
  }
}

/** Newline-delimited JSON events -> RuntimeEvents. Chunks may split or join lines. */
function eventStream(source: Readable): RuntimeEventStream {
  let closed = false;
  source.setEncoding('utf8');
  async function* iterate(): AsyncGenerator<RuntimeEvent> {
    let buf = '';
    try {
      for await (const chunk of source) {
        buf += String(chunk);
        for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          const event = line ? toRuntimeEvent(JSON.parse(line)) : undefined;
          if (event) yield event;
        }
      }
    } catch (err) {
      if (!closed) throw err;
    } finally {
      source.destroy();
    }
    if (!closed) throw new Error('docker events: the engine closed the event stream');
  }
  const generator = iterate();
  return {
    [Symbol.asyncIterator]: () => generator,
    close: () => { closed = true; source.destroy(); },
  };
}

function toRuntimeEvent(frame: unknown): RuntimeEvent | undefined {
  if (!isRecord(frame) || !isRecord(frame['Actor'])) return undefined;
  const action = EVENT_ACTIONS.find((a) => a === frame['Action']);
  const id = frame['Actor']['ID'];
  if (!action || typeof id !== 'string') return undefined;
  const attributes = isRecord(frame['Actor']['Attributes']) ? frame['Actor']['Attributes'] : {};
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) if (typeof v === 'string' && !NON_LABEL_ATTRIBUTES.has(k)) labels[k] = v;
  const exitCode = Number(attributes['exitCode']);
  const timeNano = frame['timeNano'];
  const time = typeof timeNano === 'number' ? new Date(Math.floor(timeNano / 1e6)) : new Date();
  return { id, action, labels, time, ...(attributes['exitCode'] !== undefined && Number.isFinite(exitCode) ? { exitCode } : {}) };
}

/** Resolves when `p` does, or when it fails with one of `statuses` (for idempotent calls). */
async function ignoring(p: Promise<unknown>, ...statuses: number[]): Promise<void> {
  await p.catch((err: unknown) => { if (!statuses.includes(statusOf(err) ?? 0)) throw err; });
}

/** A catch handler mapping the engine's 404 to ContainerNotFoundError. */
function notFoundAs(id: string): (err: unknown) => never {
  return (err) => {
    throw statusOf(err) === 404 ? new ContainerNotFoundError(id, { cause: err }) : err;
  };
}

/** HTTP status of a docker-modem error, if it has one. */
function statusOf(err: unknown): number | undefined {
  return isRecord(err) && typeof err['statusCode'] === 'number' ? err['statusCode'] : undefined;
}

function messageOf(err: unknown): string {
  if (isRecord(err) && isRecord(err['json']) && typeof err['json']['message'] === 'string') return err['json']['message'];
  return err instanceof Error ? err.message : String(err);
}

/** A pull progress frame reports failure as { error, errorDetail: { message } }. */
function progressErrorOf(event: unknown): string | undefined {
  if (!isRecord(event)) return undefined;
  if (isRecord(event['errorDetail']) && typeof event['errorDetail']['message'] === 'string') return event['errorDetail']['message'];
  return typeof event['error'] === 'string' ? event['error'] : undefined;
}
