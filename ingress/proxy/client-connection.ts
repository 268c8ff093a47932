/**
 * One client connection: reads request heads (bounded in size and time), streams request bodies to
 * the exchange with backpressure, keeps pipelined requests waiting until the previous response is
 * done, and turns into a raw tunnel after a 101. Hostile input ends in a 400/408/431 and a close.
 */
import type net from 'node:net';
import { BODY_INVALID, BODY_MORE, BODY_NONE, BodyFramer } from '../http/body-framer.js';
import { CR, LF, TCHAR } from '../http/bytes.js';
import { RequestHead } from '../http/request-head.js';
import type { ProxyContext } from './context.js';
import { errorResponse } from './error-response.js';
import type { ClientSide } from './client-side.js';
import type { ConnectionSet } from './connection-set.js';
import { Exchange } from './exchange.js';

const CRLFCRLF = Buffer.from('\r\n\r\n');

const P_HEAD = 0; // waiting for (the rest of) a request head
const P_BODY = 1; // streaming a request body upstream
const P_WAIT = 2; // request sent, response under way; later bytes wait in `pending`
const P_TUNNEL = 3; // after 101: raw bytes both ways
const P_CLOSED = 4;

const D_NONE = 0;
const D_HEADERS = 1;
const D_IDLE = 2;
const D_BODY = 3;
const D_CLOSING = 4;

/** Why reading is paused (bit flags): the backend is slow to take bytes, or pipelined bytes piled up. */
const PAUSE_UPSTREAM = 1;
const PAUSE_PIPELINE = 2;

/** How long a connection we ended may linger before it is destroyed. */
const CLOSE_GRACE_MS = 5_000;

/**
 * Whether an incomplete head starts like a request line (a token, then a space): garbage and TLS
 * handshakes are refused at once instead of waiting for the headers timeout.
 */
function plausibleMethod(buf: Buffer, start: number): boolean {
  const end = Math.min(buf.length, start + 32);
  let i = start;
  while (i < end && TCHAR[buf[i]!] === 1) i++;
  return i === end ? end - start < 32 : buf[i] === 0x20 && i > start;
}

/** The peer's address for X-Forwarded-For; IPv4-mapped IPv6 ("::ffff:10.0.0.1") written as IPv4. */
function clientAddress(socket: net.Socket): string {
  const a = socket.remoteAddress ?? 'unknown';
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/** State and handlers of one accepted socket. */
export class ClientConnection implements ClientSide {
  readonly clientIp: Buffer;
  readonly exchange: Exchange;
  ended = false;
  index = -1;
  /** Monotonic ms when the sweeper must call onDeadline (0: none). */
  deadline = 0;
  private deadlineKind = D_NONE;
  private phase = P_HEAD;
  private pending: Buffer | null = null;
  private processing = false;
  private pauses = 0;
  private readonly head: RequestHead;
  private readonly body = new BodyFramer();

  constructor(readonly socket: net.Socket, private readonly ctx: ProxyContext, private readonly set: ConnectionSet) {
    this.clientIp = Buffer.from(clientAddress(socket), 'latin1');
    this.head = new RequestHead(ctx.limits.maxHeaderCount);
    this.exchange = new Exchange(ctx, this, this.head);
    ctx.counters.activeConnections++;
    ctx.counters.totalConnections++;
    set.add(this);
    this.setDeadline(D_HEADERS, ctx.now() + ctx.limits.headersTimeoutMs);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('drain', this.onDrain);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  private setDeadline(kind: number, at: number): void {
    this.deadlineKind = kind;
    this.deadline = at;
  }

  private readonly onData = (chunk: Buffer): void => {
    switch (this.phase) {
      case P_HEAD:
        if (this.deadlineKind === D_IDLE) this.setDeadline(D_HEADERS, this.ctx.now() + this.ctx.limits.headersTimeoutMs);
        this.pending = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
        this.processPending();
        return;
      case P_BODY:
        this.deadline = this.ctx.now() + this.ctx.limits.idleTimeoutMs;
        this.forwardBody(chunk);
        return;
      case P_WAIT:
        this.pending = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
        if (this.pending.length > this.ctx.limits.maxHeaderBytes) this.pause(PAUSE_PIPELINE);
        return;
      case P_TUNNEL:
        this.exchange.sendBody(chunk);
        return;
      default:
    }
  };

  /** Handles buffered bytes while the connection waits for a head; loops rather than recursing. */
  private processPending(): void {
    if (this.processing) return;
    this.processing = true;
    while (this.phase === P_HEAD && this.pending !== null) {
      const buf = this.pending;
      this.pending = null;
      if (!this.readHead(buf)) break;
    }
    this.processing = false;
    if (this.phase === P_HEAD && this.ended) this.close();
  }

  /** Handles one head at the start of `buf`; false when it is incomplete (kept in `pending`). */
  private readHead(buf: Buffer): boolean {
    let start = 0;
    // A server should ignore empty lines before a request line (RFC 9112 2.2).
    while (start + 1 < buf.length && buf[start] === CR && buf[start + 1] === LF) start += 2;
    if (start === buf.length) return true;
    const maxBytes = this.ctx.limits.maxHeaderBytes;
    const idx = buf.indexOf(CRLFCRLF, start);
    if (idx < 0) {
      if (!plausibleMethod(buf, start)) this.reject(400, 'bad request line');
      else if (buf.length - start > maxBytes) this.reject(431, 'request head too large');
      else this.pending = start === 0 ? buf : buf.subarray(start);
      return false;
    }
    const headEnd = idx + 4;
    if (headEnd - start > maxBytes) { this.reject(431, 'request head too large'); return true; }
    this.ctx.counters.requests++;
    if (!this.head.parse(buf, start, headEnd)) { this.reject(this.head.errorStatus, this.head.error); return true; }
    this.beginRequest(buf, headEnd);
    return true;
  }

  private beginRequest(buf: Buffer, headEnd: number): void {
    const head = this.head;
    this.body.reset(head.bodyMode, head.contentLength);
    let bodyEnd = headEnd;
    let reqDone = true;
    if (head.bodyMode !== BODY_NONE) {
      const r = this.body.consume(buf, headEnd, buf.length, this.ctx.limits.maxHeaderBytes);
      if (r === BODY_INVALID) return this.reject(400, 'invalid chunked body');
      if (r === BODY_MORE) { bodyEnd = buf.length; reqDone = false; } else bodyEnd = r;
    }
    if (reqDone) {
      this.phase = P_WAIT;
      this.setDeadline(D_NONE, 0);
      if (bodyEnd < buf.length) this.pending = buf.subarray(bodyEnd);
    } else {
      this.phase = P_BODY;
      this.setDeadline(D_BODY, this.ctx.now() + this.ctx.limits.idleTimeoutMs);
    }
    this.exchange.start(bodyEnd, reqDone);
  }

  private forwardBody(chunk: Buffer): void {
    const r = this.body.consume(chunk, 0, chunk.length, this.ctx.limits.maxHeaderBytes);
    if (r === BODY_INVALID) {
      if (this.exchange.forwarded) return this.destroy();
      this.exchange.cancel(false);
      return this.reject(400, 'invalid chunked body');
    }
    if (r === BODY_MORE) return this.exchange.sendBody(chunk);
    if (r > 0) this.exchange.sendBody(r === chunk.length ? chunk : chunk.subarray(0, r));
    this.phase = P_WAIT;
    this.setDeadline(D_NONE, 0);
    if (r < chunk.length) this.pending = chunk.subarray(r);
    this.exchange.requestSent();
  }

  /** Answers a request the proxy cannot accept and closes the connection. */
  private reject(status: number, reason: string): void {
    this.ctx.counters.countStatus(status);
    this.ctx.log.debug({ status, reason }, 'rejected client request');
    if (this.socket.writable) this.socket.write(errorResponse(status, reason, true));
    this.close();
  }

  write(buf: Buffer): boolean {
    return this.socket.write(buf);
  }

  finishExchange(close: boolean): void {
    if (this.phase === P_CLOSED) return;
    if (close) return this.close();
    this.phase = P_HEAD;
    if (this.pauses !== 0) { this.pauses = 0; this.socket.resume(); }
    const now = this.ctx.now();
    if (this.pending !== null) this.setDeadline(D_HEADERS, now + this.ctx.limits.headersTimeoutMs);
    else this.setDeadline(D_IDLE, now + this.ctx.limits.idleTimeoutMs);
    this.processPending();
  }

  startTunnel(): void {
    this.phase = P_TUNNEL;
    this.setDeadline(D_NONE, 0);
    if (this.pending !== null) { const early = this.pending; this.pending = null; this.exchange.sendBody(early); }
    this.resume(PAUSE_PIPELINE);
    if (this.ended) this.exchange.endTunnelUpstream();
  }

  close(): void {
    if (this.phase === P_CLOSED) return;
    this.phase = P_CLOSED;
    this.pending = null;
    this.setDeadline(D_CLOSING, this.ctx.now() + CLOSE_GRACE_MS);
    this.socket.end();
    // Reading on: bytes a client sends after our response are read and dropped, so the close is clean.
    if (this.pauses !== 0) { this.pauses = 0; this.socket.resume(); }
  }

  destroy(): void {
    this.phase = P_CLOSED;
    this.socket.destroy();
  }

  pauseForUpstream(): void {
    this.pause(PAUSE_UPSTREAM);
  }

  resumeForUpstream(): void {
    this.resume(PAUSE_UPSTREAM);
  }

  private pause(reason: number): void {
    if (this.pauses === 0) this.socket.pause();
    this.pauses |= reason;
  }

  private resume(reason: number): void {
    if ((this.pauses & reason) === 0) return;
    this.pauses &= ~reason;
    if (this.pauses === 0) this.socket.resume();
  }

  /** Called by the sweeper when `deadline` has passed. */
  onDeadline(): void {
    const kind = this.deadlineKind;
    this.setDeadline(D_NONE, 0);
    if (kind === D_HEADERS) return this.reject(408, 'request head not received in time');
    if (kind === D_IDLE) return this.close();
    if (kind === D_BODY) {
      if (this.exchange.forwarded) return this.destroy();
      this.exchange.cancel(false);
      return this.reject(408, 'request body not received in time');
    }
    if (kind === D_CLOSING) this.destroy();
  }

  private readonly onEnd = (): void => {
    this.ended = true;
    switch (this.phase) {
      case P_HEAD: if (!this.processing) this.close(); return;
      case P_BODY: this.exchange.cancel(true); this.destroy(); return;
      case P_TUNNEL: this.exchange.endTunnelUpstream(); return;
      default: // P_WAIT: the response is still delivered, then the connection ends.
    }
  };

  private readonly onDrain = (): void => {
    this.exchange.onClientDrain();
  };

  private readonly onError = (): void => {
    // 'close' follows; a client's reset is not the proxy's problem.
  };

  private readonly onClose = (): void => {
    this.phase = P_CLOSED;
    this.pending = null;
    this.exchange.cancel(true);
    this.set.remove(this);
    this.ctx.counters.activeConnections--;
  };
}
