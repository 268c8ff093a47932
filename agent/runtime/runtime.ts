/**
 * The container runtime as the agent sees it (kubelet's `container.Runtime`, much reduced). The
 * agent never talks to an engine directly: docker.ts implements this over dockerode, and
 * test/support/fake-runtime.ts implements it in memory for unit tests.
 *
 * Containers are found again through their labels (see labels.ts), never through local
 * bookkeeping, so the agent can restart and rebuild its view from `list()`.
 */
import type { Readable } from 'node:stream';
import type { Container } from '../../api/types.js';

/** When to pull (Kubernetes `imagePullPolicy`). */
export type PullPolicy = NonNullable<Container['imagePullPolicy']>;

/** Where the engine publishes a container port on the host: hostIp (a loopback address here) and hostPort (0: the engine picks). */
export interface PortBinding { hostIp: string; hostPort: number }

/** One container port and the host addresses it is published on (pod-network.ts decides them). */
export interface PortSpec {
  containerPort: number;
  /** Default 'tcp'. */
  protocol?: 'tcp' | 'udp';
  /** Empty or omitted: exposed, not published. */
  bindings?: PortBinding[];
}

/** Everything needed to create one container. Units are in the names: parse quantities in api/. */
export interface ContainerSpec {
  /** Engine-wide unique name; creating a second container with it throws NameConflictError. */
  name: string;
  image: string;
  /** Must include the agent's labels (labels.ts) for the container to be found again. */
  labels: Record<string, string>;
  env?: Record<string, string>;
  /** Replaces the image's ENTRYPOINT (Kubernetes `command`); the image's CMD is then ignored too. */
  command?: string[];
  /** Replaces the image's CMD (Kubernetes `args`). */
  args?: string[];
  workingDir?: string;
  /** Published as each PortSpec's bindings say; read the actual host ports from `inspect().ports`. */
  ports?: PortSpec[];
  /** Hard memory limit in bytes; the kernel OOM-kills the container above it. Omitted: no limit. */
  memoryBytes?: number;
  /** CPU limit in 1e-9 CPUs (250m = 250_000_000). Omitted: no limit. */
  nanoCpus?: number;
  /** What the container sees as its hostname (the pod name). */
  hostname?: string;
}

/** Lifecycle states, as Docker names them. */
export type ContainerState = 'created' | 'restarting' | 'running' | 'removing' | 'paused' | 'exited' | 'dead';

/** One row of `list()`. */
export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  state: ContainerState;
}

/** A published port: containerPort inside, reachable at hostIp:hostPort on the host. */
export interface PublishedPort {
  containerPort: number;
  protocol: 'tcp' | 'udp';
  hostIp: string;
  hostPort: number;
}

/** Runtime-neutral detail of one container. Times are RFC 3339 strings, null when not happened. */
export interface ContainerInfo {
  id: string;
  name: string;
  labels: Record<string, string>;
  /** The image reference the container was created from ("tugboat/echo:1"). */
  image: string;
  /** Content id of that image ("sha256:…"). */
  imageId: string;
  state: ContainerState;
  running: boolean;
  /** Exit code once the container has exited (state 'exited' or 'dead'), else null. */
  exitCode: number | null;
  /** True only when the main process was OOM-killed (Docker's OOMKilled flag AND exit code 137). */
  oomKilled: boolean;
  /** Why the engine could not start it (e.g. executable not found), else null. */
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** IP on the container's network, null when it has none (not running, or host network). */
  ip: string | null;
  /** Empty until the container is started. */
  ports: PublishedPort[];
  /** From the restart-count label (labels.ts), when present. */
  restartCount?: number;
  /** 0 means no limit. */
  memoryBytes: number;
  /** 0 means no limit. */
  nanoCpus: number;
}

/** Options of `logs()`. */
export interface LogOptions {
  /** Keep the stream open and deliver new output until the container stops. */
  follow: boolean;
  /** Only the last N lines of existing output. Omitted: all of it. */
  tailLines?: number;
  /** Prefix every line with its RFC 3339 timestamp and a space. */
  timestamps?: boolean;
}

/** Container lifecycle actions the runtime reports. */
export type RuntimeEventAction = 'create' | 'start' | 'kill' | 'oom' | 'die' | 'stop' | 'destroy';

/** One container lifecycle event. */
export interface RuntimeEvent {
  id: string;
  action: RuntimeEventAction;
  /** Set on 'die'. */
  exitCode?: number;
  /** The container's labels at the time of the event. */
  labels: Record<string, string>;
  /** When the engine recorded the event. */
  time: Date;
}

/**
 * A live event subscription. Iterate it once; iteration ends after `close()` (or a `break` in
 * `for await`), and throws when the connection to the engine is lost, after which the caller
 * re-lists (events are hints for level-triggered sync, never the source of truth).
 */
export interface RuntimeEventStream extends AsyncIterable<RuntimeEvent> {
  close(): void;
}

/**
 * The operations the agent needs from a container engine. Every method may throw on IO errors;
 * the typed errors below are the outcomes the agent is expected to handle.
 */
export interface ContainerRuntime {
  /**
   * Makes `image` available locally. 'IfNotPresent': no-op when present, else pull. 'Always':
   * pull every time (fails when no registry is reachable, even if a local copy exists). 'Never':
   * no-op when present, else ImagePullError with reason 'ErrImageNeverPull'. A failed pull throws
   * ImagePullError with reason 'ErrImagePull'. Idempotent.
   */
  ensureImage(image: string, pullPolicy: PullPolicy): Promise<void>;

  /**
   * Creates and starts one container and returns its id. Never pulls: an absent image throws
   * ImagePullError ('ErrImageNeverPull'); a taken name throws NameConflictError. If the create
   * succeeds but the start fails, the container is removed again before the error is thrown,
   * so a failed call leaves nothing behind. Not idempotent (names make retries safe).
   */
  createAndStart(spec: ContainerSpec): Promise<string>;

  /**
   * Sends SIGTERM, waits up to `timeoutSeconds`, then SIGKILL; resolves when it has stopped.
   * Idempotent: stopping a stopped or missing container resolves.
   */
  stop(id: string, timeoutSeconds: number): Promise<void>;

  /** Removes the container, killing it first if it runs. Idempotent: a missing container resolves. */
  remove(id: string): Promise<void>;

  /** All containers (running or not) carrying every given label (key=value, ANDed). */
  list(labelFilter: Record<string, string>): Promise<ContainerSummary[]>;

  /** Current detail of one container; ContainerNotFoundError when it does not exist. */
  inspect(id: string): Promise<ContainerInfo>;

  /**
   * The container's output as text, stdout and stderr interleaved in the order the engine received
   * them (kept within each stream; lines written to both at the same instant may swap). Without
   * `follow` the stream ends after the existing output; with it, it ends when the container stops
   * or when the caller destroys the stream. ContainerNotFoundError when it does not exist.
   */
  logs(id: string, options: LogOptions): Promise<Readable>;

  /**
   * Subscribes to lifecycle events of containers carrying the label `labelKey` (any value).
   * The returned promise resolves once the subscription is live: anything that happens
   * afterwards is delivered.
   */
  events(labelKey: string): Promise<RuntimeEventStream>;

  /** Runtime name and version as Kubernetes reports it, e.g. "docker://20.10.24". */
  version(): Promise<string>;
}

/** Why a runtime operation failed, in terms the agent reports (Kubernetes waiting reasons). */
export type RuntimeErrorReason = 'ErrImagePull' | 'ErrImageNeverPull' | 'ContainerNotFound' | 'NameConflict';

/** Base of the typed runtime errors; `reason` is stable and suitable for a pod status. */
export class RuntimeError extends Error {
  readonly reason: RuntimeErrorReason;
  constructor(reason: RuntimeErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.reason = reason;
  }
}

/** The image is not present and could not (or must not) be pulled. */
export class ImagePullError extends RuntimeError {
  readonly image: string;
  constructor(image: string, reason: 'ErrImagePull' | 'ErrImageNeverPull', detail: string, options?: { cause?: unknown }) {
    super(reason, `image "${image}": ${detail}`, options);
    this.image = image;
  }
}

/** No container with that id (or name) exists. */
export class ContainerNotFoundError extends RuntimeError {
  readonly id: string;
  constructor(id: string, options?: { cause?: unknown }) {
    super('ContainerNotFound', `container "${id}" not found`, options);
    this.id = id;
  }
}

/** A container with that name already exists. */
export class NameConflictError extends RuntimeError {
  readonly containerName: string;
  constructor(containerName: string, options?: { cause?: unknown }) {
    super('NameConflict', `container name "${containerName}" is already in use`, options);
    this.containerName = containerName;
  }
}
