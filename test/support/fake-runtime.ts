/**
 * In-memory ContainerRuntime for unit tests of the agent (after kubelet's fake_runtime.go). It
 * records every call, can be told to fail, and lets the test drive container exits, OOM kills,
 * log output and events by hand. Containers start 'running' as soon as createAndStart resolves.
 */
import { PassThrough, Readable } from 'node:stream';
import {
  ContainerNotFoundError, ImagePullError, NameConflictError,
  type ContainerInfo, type ContainerRuntime, type ContainerSpec, type ContainerState, type ContainerSummary,
  type LogOptions, type PublishedPort, type PullPolicy, type RuntimeEvent, type RuntimeEventAction, type RuntimeEventStream,
} from '../../agent/runtime/runtime.js';
import { LABEL_RESTART_COUNT } from '../../agent/runtime/labels.js';

/** Names of the ContainerRuntime methods, for `failNext` and `calls`. */
export type RuntimeMethod = keyof ContainerRuntime;

/** The fake's record of one container; tests may read it, and change it through the methods below. */
export interface FakeContainer {
  id: string;
  spec: ContainerSpec;
  state: ContainerState;
  exitCode: number | null;
  oomKilled: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  ip: string;
  ports: PublishedPort[];
  logLines: string[];
}

/** In-memory ContainerRuntime; see the file comment. */
export class FakeRuntime implements ContainerRuntime {
  /** Images present "locally"; ensureImage adds pulled ones. */
  readonly images = new Set<string>();
  /** Images whose pull fails with ImagePullError. */
  readonly unpullable = new Set<string>();
  /** Every call in order, with its arguments. */
  readonly calls: { method: RuntimeMethod; args: unknown[] }[] = [];
  readonly pulled: string[] = [];
  readonly created: ContainerSpec[] = [];
  readonly started: string[] = [];
  readonly stopped: string[] = [];
  readonly removed: string[] = [];
  readonly containers = new Map<string, FakeContainer>();
  /** Exit code a container gets from stop() (an app that handles SIGTERM exits 0). */
  stopExitCode = 0;

  private readonly failures = new Map<RuntimeMethod, unknown[]>();
  private readonly subscriptions = new Set<FakeEventStream>();
  private readonly followers = new Map<string, Set<PassThrough>>();
  private readonly now: () => Date;
  private seq = 0;

  constructor(opts: { images?: string[]; now?: () => Date } = {}) {
    for (const image of opts.images ?? []) this.images.add(image);
    this.now = opts.now ?? (() => new Date());
  }

  /** The next call of `method` rejects with `err` (queued: call twice to fail twice). */
  failNext(method: RuntimeMethod, err: unknown): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), err]);
  }

  /** Lets the test end a running container, as if its process exited (or was OOM-killed). */
  exit(id: string, result: { exitCode: number; oomKilled?: boolean }): void {
    const c = this.mustGet(id);
    if (result.oomKilled) this.emit(c, 'oom');
    this.finish(c, result.exitCode, result.oomKilled ?? false);
  }

  /** Appends one line of output (followers of logs() receive it at once). */
  writeLog(id: string, line: string): void {
    const c = this.mustGet(id);
    c.logLines.push(line);
    for (const f of this.followers.get(id) ?? []) f.write(`${line}\n`);
  }

  /** Ends every open events() subscription with `err`, as a lost engine connection would. */
  disconnectEvents(err: Error): void {
    for (const s of [...this.subscriptions]) s.fail(err);
  }

  async ensureImage(image: string, pullPolicy: PullPolicy): Promise<void> {
    this.begin('ensureImage', image, pullPolicy);
    if (pullPolicy !== 'Always' && this.images.has(image)) return;
    if (pullPolicy === 'Never') throw new ImagePullError(image, 'ErrImageNeverPull', 'not present locally and pull policy is Never');
    if (this.unpullable.has(image)) throw new ImagePullError(image, 'ErrImagePull', 'pull failed: fake registry refused');
    this.pulled.push(image);
    this.images.add(image);
  }

  async createAndStart(spec: ContainerSpec): Promise<string> {
    this.begin('createAndStart', spec);
    if (!this.images.has(spec.image)) throw new ImagePullError(spec.image, 'ErrImageNeverPull', 'not present locally (call ensureImage first)');
    if ([...this.containers.values()].some((c) => c.spec.name === spec.name)) throw new NameConflictError(spec.name);
    const n = ++this.seq;
    const id = `fake${String(n).padStart(60, '0')}`;
    // Published as the spec's bindings say; a binding without a host port gets one "picked by the engine".
    const ports = (spec.ports ?? []).flatMap((p) => (p.bindings ?? []).map((b) => ({ containerPort: p.containerPort, protocol: p.protocol ?? 'tcp', hostIp: b.hostIp, hostPort: b.hostPort || 32767 + n })));
    const c: FakeContainer = {
      id, spec, state: 'running', exitCode: null, oomKilled: false, startedAt: this.now().toISOString(), finishedAt: null,
      ip: `172.17.${Math.floor(n / 250)}.${(n % 250) + 2}`, ports, logLines: [],
    };
    this.containers.set(id, c);
    this.created.push(spec);
    this.started.push(id);
    this.emit(c, 'create');
    this.emit(c, 'start');
    return id;
  }

  async stop(id: string, timeoutSeconds: number): Promise<void> {
    this.begin('stop', id, timeoutSeconds);
    const c = this.containers.get(id);
    if (!c) return;
    this.stopped.push(id);
    if (c.state === 'running') {
      this.emit(c, 'kill');
      this.finish(c, this.stopExitCode, false);
      this.emit(c, 'stop');
    }
  }

  async remove(id: string): Promise<void> {
    this.begin('remove', id);
    const c = this.containers.get(id);
    if (!c) return;
    if (c.state === 'running') this.finish(c, 137, false);
    this.containers.delete(id);
    this.removed.push(id);
    this.emit(c, 'destroy');
  }

  async list(labelFilter: Record<string, string>): Promise<ContainerSummary[]> {
    this.begin('list', labelFilter);
    const wanted = Object.entries(labelFilter);
    return [...this.containers.values()]
      .filter((c) => wanted.every(([k, v]) => c.spec.labels[k] === v))
      .map((c) => ({ id: c.id, name: c.spec.name, image: c.spec.image, labels: { ...c.spec.labels }, state: c.state }));
  }

  async inspect(id: string): Promise<ContainerInfo> {
    this.begin('inspect', id);
    const c = this.mustGet(id);
    const restartCount = Number.parseInt(c.spec.labels[LABEL_RESTART_COUNT] ?? '', 10);
    return {
      id, name: c.spec.name, labels: { ...c.spec.labels }, image: c.spec.image, imageId: `sha256:fake-${c.spec.image}`,
      state: c.state, running: c.state === 'running', exitCode: c.exitCode, oomKilled: c.oomKilled, error: null,
      startedAt: c.startedAt, finishedAt: c.finishedAt, ip: c.state === 'running' ? c.ip : null, ports: c.ports.map((p) => ({ ...p })),
      ...(Number.isNaN(restartCount) ? {} : { restartCount }),
      memoryBytes: c.spec.memoryBytes ?? 0, nanoCpus: c.spec.nanoCpus ?? 0,
    };
  }

  async logs(id: string, options: LogOptions): Promise<Readable> {
    this.begin('logs', id, options);
    const c = this.mustGet(id);
    const lines = options.tailLines === undefined ? c.logLines : c.logLines.slice(Math.max(0, c.logLines.length - options.tailLines));
    const text = lines.map((l) => `${l}\n`).join('');
    if (!options.follow || c.state !== 'running') return Readable.from(text ? [text] : []);
    const out = new PassThrough({ encoding: 'utf8' });
    if (text) out.write(text);
    const set = this.followers.get(id) ?? new Set<PassThrough>();
    set.add(out);
    this.followers.set(id, set);
    out.on('close', () => set.delete(out));
    return out;
  }

  async events(labelKey: string): Promise<RuntimeEventStream> {
    this.begin('events', labelKey);
    const stream = new FakeEventStream(labelKey, () => this.subscriptions.delete(stream));
    this.subscriptions.add(stream);
    return stream;
  }

  async version(): Promise<string> {
    this.begin('version');
    return 'fake://0.1.0';
  }

  private begin(method: RuntimeMethod, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const queued = this.failures.get(method);
    if (queued?.length) throw queued.shift();
  }

  private mustGet(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw new ContainerNotFoundError(id);
    return c;
  }

  private finish(c: FakeContainer, exitCode: number, oomKilled: boolean): void {
    Object.assign(c, { state: 'exited', exitCode, oomKilled, finishedAt: this.now().toISOString() });
    this.emit(c, 'die', exitCode);
    for (const f of this.followers.get(c.id) ?? []) f.end();
    this.followers.delete(c.id);
  }

  private emit(c: FakeContainer, action: RuntimeEventAction, exitCode?: number): void {
    const event: RuntimeEvent = { id: c.id, action, labels: { ...c.spec.labels }, time: this.now(), ...(exitCode === undefined ? {} : { exitCode }) };
    for (const s of this.subscriptions) if (s.labelKey in event.labels) s.push(event);
  }
}

/** A queue-backed RuntimeEventStream: events pushed before iteration are kept, in order. */
class FakeEventStream implements RuntimeEventStream {
  private readonly queued: RuntimeEvent[] = [];
  private readonly waiting: { resolve: (r: IteratorResult<RuntimeEvent>) => void; reject: (err: Error) => void }[] = [];
  private ended = false;
  private error: Error | undefined;

  constructor(readonly labelKey: string, private readonly onClose: () => void) {}

  push(event: RuntimeEvent): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve({ value: event, done: false });
    else this.queued.push(event);
  }

  fail(err: Error): void {
    this.error = err;
    this.close();
  }

  close(): void {
    this.ended = true;
    this.onClose();
    for (const w of this.waiting.splice(0)) {
      if (this.error) w.reject(this.error);
      else w.resolve({ value: undefined, done: true });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<RuntimeEvent> {
    return {
      next: () => {
        const event = this.queued.shift();
        if (event) return Promise.resolve({ value: event, done: false });
        if (this.error) return Promise.reject(this.error);
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
