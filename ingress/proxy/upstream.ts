/**
 * Connections to backends and the keep-alive pool that holds the idle ones: per endpoint a stack
 * (LIFO, so the warmest connection is reused and the coldest ones time out), bounded in size, and
 * swept for idleness and for endpoints that left the route table.
 */
import net from 'node:net';
import type { EndpointState } from '../route-table.js';

/** Whoever is using an upstream connection for an exchange; receives its events. */
export interface UpstreamOwner {
  /** The TCP connection is established. */
  onUpstreamConnect(up: UpstreamConnection): void;
  /**
   * Bytes from the backend. `chunk` is a view of the connection's reusable read buffer, valid only
   * during this call: copy whatever is kept or written elsewhere.
   */
  onUpstreamData(up: UpstreamConnection, chunk: Buffer): void;
  /** The connection is gone; `err` is the socket error if there was one. Called once. */
  onUpstreamClose(up: UpstreamConnection, err: Error | null): void;
  /** Buffered writes have been flushed. */
  onUpstreamDrain(up: UpstreamConnection): void;
}

/** Size of each connection's reusable read buffer. */
const READ_BUFFER_BYTES = 16 * 1024;

/**
 * One TCP connection to one endpoint. Its event handlers are bound once, at creation, and forward
 * to the current owner; an idle pooled connection has no owner, and any byte or close it receives
 * just ends it. Reads land in one reusable buffer per connection (net's `onread`), which spares the
 * allocation of a Buffer per read and the Readable stream machinery.
 */
export class UpstreamConnection {
  readonly socket: net.Socket;
  owner: UpstreamOwner | null = null;
  connected = false;
  closed = false;
  /** It has served an exchange before (so a failure may be the keep-alive close race). */
  reused = false;
  idleSince = 0;
  private error: Error | null = null;
  private readonly readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);

  constructor(readonly endpoint: EndpointState, private readonly pool: UpstreamPool) {
    this.socket = net.connect({
      host: endpoint.ip,
      port: endpoint.port,
      noDelay: true,
      onread: { buffer: this.readBuffer, callback: this.onRead },
    });
    this.socket.on('connect', this.onConnect);
    this.socket.on('drain', this.onDrain);
    this.socket.on('error', this.onError);
    this.socket.on('close', this.onClose);
  }

  private readonly onConnect = (): void => {
    this.connected = true;
    this.owner?.onUpstreamConnect(this);
  };

  private readonly onRead = (nread: number): boolean => {
    if (this.owner !== null) this.owner.onUpstreamData(this, this.readBuffer.subarray(0, nread));
    else this.socket.destroy(); // bytes on an idle connection: the backend is confused; drop it
    return true;
  };

  private readonly onDrain = (): void => {
    this.owner?.onUpstreamDrain(this);
  };

  private readonly onError = (err: Error): void => {
    this.error = err;
  };

  private readonly onClose = (): void => {
    this.closed = true;
    const owner = this.owner;
    this.owner = null;
    if (owner !== null) owner.onUpstreamClose(this, this.error);
    else this.pool.remove(this);
  };

  /** Ends the connection without telling the owner (it is being let go). */
  discard(): void {
    this.owner = null;
    this.socket.destroy();
  }
}

/** Idle keep-alive connections per endpoint. */
export class UpstreamPool {
  private readonly idle = new Map<EndpointState, UpstreamConnection[]>();
  private idleCount = 0;

  constructor(private readonly maxIdlePerEndpoint: number) {}

  /** How many idle connections the pool holds. */
  get size(): number {
    return this.idleCount;
  }

  /** The most recently used idle connection to `ep`, or null. */
  take(ep: EndpointState): UpstreamConnection | null {
    const stack = this.idle.get(ep);
    if (stack === undefined) return null;
    for (let up = stack.pop(); up !== undefined; up = stack.pop()) {
      this.idleCount--;
      if (!up.closed) return up;
    }
    return null;
  }

  /** A new connection to `ep` (the caller counts it). */
  open(ep: EndpointState): UpstreamConnection {
    return new UpstreamConnection(ep, this);
  }

  /** Puts a connection whose exchange completed cleanly back; closes it when the endpoint's stack is full. */
  release(up: UpstreamConnection, now: number): void {
    up.owner = null;
    up.reused = true;
    if (up.closed) return;
    let stack = this.idle.get(up.endpoint);
    if (stack === undefined) { stack = []; this.idle.set(up.endpoint, stack); }
    if (stack.length >= this.maxIdlePerEndpoint) { up.discard(); return; }
    up.idleSince = now;
    stack.push(up);
    this.idleCount++;
  }

  /** Forgets an idle connection that closed. */
  remove(up: UpstreamConnection): void {
    const stack = this.idle.get(up.endpoint);
    if (stack === undefined) return;
    const i = stack.indexOf(up);
    if (i >= 0) { stack.splice(i, 1); this.idleCount--; }
  }

  /**
   * Closes connections idle since before `now - maxIdleMs`, and all idle connections to endpoints
   * the current table no longer routes to. Called periodically.
   */
  sweep(now: number, maxIdleMs: number, live: ReadonlySet<EndpointState>): void {
    for (const [ep, stack] of this.idle) {
      const gone = !live.has(ep);
      // Oldest at the bottom of the stack: shift them off until a fresh one.
      let n = 0;
      while (n < stack.length && (gone || now - (stack[n]?.idleSince ?? now) >= maxIdleMs)) n++;
      for (const up of stack.splice(0, n)) up.discard();
      this.idleCount -= n;
      if (stack.length === 0) this.idle.delete(ep);
    }
  }

  /** Closes every idle connection. */
  closeAll(): void {
    for (const stack of this.idle.values()) for (const up of stack) up.discard();
    this.idle.clear();
    this.idleCount = 0;
  }
}
