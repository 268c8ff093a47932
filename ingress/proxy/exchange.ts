/**
 * The backend side of one request/response exchange: route, pick, send the head (retrying an
 * idempotent body-less request once on another endpoint when the connection fails before any
 * response byte), relay the response with its framing, then hand the connection back to the pool.
 * One Exchange object per client connection, reused for every request on it; all event handlers
 * are methods, so a request allocates no closures.
 */
import { pickEndpoint, pickGroup, reportFailure, reportSuccess } from '../balancer.js';
import { recordRequest } from '../backend-registry.js';
import { BODY_NONE } from '../http/body-framer.js';
import { buildForwardedRequest } from '../http/forward-request.js';
import { M_HEAD, isIdempotent, type RequestHead } from '../http/request-head.js';
import type { Backend, EndpointState } from '../route-table.js';
import type { ClientSide } from './client-side.js';
import type { ProxyContext } from './context.js';
import { logAccess } from './access-log.js';
import { errorResponse, sanitize } from './error-response.js';
import { ResponseRelay, type RelayOwner } from './response-relay.js';
import { RouteMemo } from './route-memo.js';
import type { UpstreamConnection, UpstreamOwner } from './upstream.js';

const D_NONE = 0;
const D_CONNECT = 1;
const D_RESPONSE = 2;

/** The per-connection exchange state machine. */
export class Exchange implements UpstreamOwner, RelayOwner {
  /** Monotonic ms when the sweeper must call onDeadline (0: none). */
  deadline = 0;
  /** An exchange is in progress. */
  active = false;
  private deadlineKind = D_NONE;
  private readonly relay: ResponseRelay;
  private backend: Backend | null = null;
  private endpoint: EndpointState | null = null;
  private upstream: UpstreamConnection | null = null;
  private attemptActive = false;
  private fwdHead: Buffer | null = null;
  private retriesLeft = 0;
  private staleRetryUsed = false;
  private readonly memo = new RouteMemo();
  private startedAt = 0;
  private reqDone = false;
  private upstreamPaused = false;

  constructor(private readonly ctx: ProxyContext, private readonly client: ClientSide, private readonly head: RequestHead) {
    this.relay = new ResponseRelay(this, head, ctx.limits.maxHeaderBytes);
  }

  /** Response bytes have been written to the client (no error response possible any more). */
  get forwarded(): boolean {
    return this.relay.forwarded;
  }

  /**
   * Starts the exchange for the request just parsed into `head`; buf[head.headEnd, bodyEnd) are body
   * bytes that came with it, `reqDone` says whether the request is complete. May finish
   * synchronously (404, 503).
   */
  start(bodyEnd: number, reqDone: boolean): void {
    const ctx = this.ctx;
    const head = this.head;
    const now = ctx.now();
    this.reset(now, reqDone);
    const buf = head.buf;
    const memo = this.memo;
    memo.lookup(ctx.routes(), head);
    const route = memo.route;
    if (route === null) return this.fail(404, `no route for host "${sanitize(memo.host)}" path "${sanitize(memo.path)}"`);
    const group = pickGroup(route.groups, route.groupWeights);
    if (group === null) return this.fail(503, `no backend with weight for ingress ${route.ingress}`);
    const backend = group.backend;
    this.backend = backend;
    const ep = pickEndpoint(backend, now, ctx.balance, null);
    if (ep === null) return this.fail(503, `no ready endpoints for service "${backend.id}"`);
    const fwd = buildForwardedRequest(head, this.client.clientIp);
    if (isIdempotent(head.method) && head.bodyMode === BODY_NONE) { this.fwdHead = fwd; this.retriesLeft = 1; }
    this.send(backend, ep, fwd, now);
    if (bodyEnd > head.headEnd) this.sendBody(buf.subarray(head.headEnd, bodyEnd));
    if (reqDone) this.requestSent(now);
  }

  private reset(now: number, reqDone: boolean): void {
    this.active = true;
    this.startedAt = now;
    this.reqDone = reqDone;
    this.deadline = 0;
    this.deadlineKind = D_NONE;
    this.backend = null;
    this.endpoint = null;
    this.fwdHead = null;
    this.retriesLeft = 0;
    this.staleRetryUsed = false;
    this.relay.reset();
  }

  /** Sends the forwarded head to `ep` over a pooled or new connection. */
  private send(backend: Backend, ep: EndpointState, fwd: Buffer, now: number): void {
    const ctx = this.ctx;
    this.endpoint = ep;
    this.attemptActive = true;
    ep.inflight++;
    ep.counters.requests++;
    backend.state.counters.requests++;
    let up = ctx.pool.take(ep);
    if (up !== null) ctx.counters.upstreamReuses++;
    else { up = ctx.pool.open(ep); ctx.counters.upstreamConnects++; }
    up.owner = this;
    this.upstream = up;
    if (!up.connected) this.setDeadline(D_CONNECT, now + ctx.limits.connectTimeoutMs);
    up.socket.write(fwd);
  }

  private setDeadline(kind: number, at: number): void {
    this.deadlineKind = kind;
    this.deadline = at;
  }

  /** Forwards request body bytes (or tunnel bytes) to the backend, pausing the client when it backs up. */
  sendBody(chunk: Buffer): void {
    const up = this.upstream;
    if (up !== null && !up.socket.write(chunk)) this.client.pauseForUpstream();
  }

  /** The request is complete: the response timeout starts (once connected). */
  requestSent(now: number = this.ctx.now()): void {
    this.reqDone = true;
    if (this.deadlineKind !== D_CONNECT && !this.relay.headDone && this.upstream !== null) {
      this.setDeadline(D_RESPONSE, now + this.ctx.limits.upstreamResponseTimeoutMs);
    }
  }

  onUpstreamConnect(): void {
    if (this.deadlineKind !== D_CONNECT) return;
    if (this.reqDone) this.setDeadline(D_RESPONSE, this.ctx.now() + this.ctx.limits.upstreamResponseTimeoutMs);
    else this.setDeadline(D_NONE, 0);
  }

  onUpstreamDrain(): void {
    this.client.resumeForUpstream();
  }

  /** The client's buffer drained: read from the backend again. */
  onClientDrain(): void {
    if (this.upstreamPaused && this.upstream !== null) {
      this.upstreamPaused = false;
      this.upstream.socket.resume();
    }
  }

  onUpstreamData(_up: UpstreamConnection, chunk: Buffer): void {
    this.relay.onData(chunk);
  }

  get requestDone(): boolean {
    return this.reqDone;
  }

  writeClient(buf: Buffer): void {
    if (this.relay.headDone && this.deadlineKind === D_RESPONSE) this.setDeadline(D_NONE, 0);
    if (!this.client.write(buf) && !this.upstreamPaused && this.upstream !== null) {
      this.upstreamPaused = true;
      this.upstream.socket.pause();
    }
  }

  tunnelStarted(): void {
    this.ctx.counters.tunnels++;
    this.ctx.counters.countStatus(101);
    this.record(this.ctx.now(), false);
    this.client.startTunnel();
  }

  /** Half-closes the backend side of a tunnel (the client sent FIN). */
  endTunnelUpstream(): void {
    if (this.relay.tunnel && this.upstream !== null) this.upstream.socket.end();
  }

  onUpstreamClose(up: UpstreamConnection, err: Error | null): void {
    this.upstream = null;
    this.upstreamPaused = false;
    if (!this.active) return;
    if (this.relay.tunnel) { this.active = false; this.client.close(); return; }
    if (this.relay.untilClose && err === null) return this.responseDone();
    if (this.relay.forwarded) return this.abort();
    const reason = err === null ? 'connection closed before the response' : ((err as NodeJS.ErrnoException).code ?? err.message);
    this.connectionFailed(up.reused, reason);
  }

  /** The connection to the endpoint failed before any response byte reached the client: retry or 502. */
  private connectionFailed(wasReused: boolean, reason: string): void {
    const ctx = this.ctx;
    const ep = this.endpoint;
    const backend = this.backend;
    if (ep === null || backend === null) return this.fail(502, `backend failed: ${reason}`);
    const now = ctx.now();
    this.endAttempt();
    this.setDeadline(D_NONE, 0);
    this.relay.reset();
    ctx.counters.upstreamFailures++;
    // A pooled connection the backend closed meanwhile is the keep-alive race, not ill health;
    // it earns one extra attempt of its own.
    const stale = wasReused && !this.staleRetryUsed;
    if (stale) this.staleRetryUsed = true;
    else { reportFailure(ep, now, ctx.ejection); ep.counters.errors++; }
    if (this.fwdHead !== null && (stale || this.retriesLeft > 0)) {
      if (!stale) this.retriesLeft--;
      const next = pickEndpoint(backend, now, ctx.balance, stale ? null : ep);
      if (next !== null) {
        ctx.counters.retries++;
        this.send(backend, next, this.fwdHead, now);
        this.requestSent(now);
        return;
      }
    }
    this.fail(502, `backend ${ep.key} failed: ${reason}`);
  }

  /** Called by the sweeper when `deadline` has passed. */
  onDeadline(): void {
    const kind = this.deadlineKind;
    this.setDeadline(D_NONE, 0);
    if (!this.active || this.upstream === null) return;
    const up = this.upstream;
    this.upstream = null;
    up.discard();
    if (kind === D_CONNECT) return this.connectionFailed(false, 'connect timeout');
    this.ctx.counters.upstreamTimeouts++;
    if (this.relay.forwarded) return this.abort();
    this.fail(504, `backend ${this.endpoint?.key ?? ''} timed out`);
  }

  private endAttempt(): void {
    if (this.attemptActive && this.endpoint !== null) { this.attemptActive = false; this.endpoint.inflight--; }
  }

  /** Adds the exchange to the endpoint's and backend's counters and ends the attempt. */
  private record(now: number, failed: boolean): number {
    const ms = now - this.startedAt;
    if (this.endpoint !== null) recordRequest(this.endpoint.counters, ms, failed);
    if (this.backend !== null) recordRequest(this.backend.state.counters, ms, failed);
    this.endAttempt();
    return ms;
  }

  /** The response is complete. */
  responseDone(): void {
    const ctx = this.ctx;
    const now = ctx.now();
    const status = this.relay.status;
    ctx.counters.countStatus(status);
    const ms = this.record(now, status >= 500);
    if (this.endpoint !== null) reportSuccess(this.endpoint);
    if (ctx.accessLog.sample()) this.logAccess(ms);
    const up = this.upstream;
    this.upstream = null;
    if (up !== null) {
      if (this.upstreamPaused) { this.upstreamPaused = false; up.socket.resume(); }
      if (this.relay.reusable && this.reqDone) ctx.pool.release(up, now);
      else up.discard();
    }
    this.active = false;
    this.client.finishExchange(this.relay.closeClient || !this.reqDone);
  }

  /** Answers with a proxy-made error (nothing was forwarded yet) and ends the exchange. */
  fail(status: number, message: string): void {
    const ctx = this.ctx;
    if (this.upstream !== null) { this.upstream.discard(); this.upstream = null; }
    this.upstreamPaused = false;
    this.setDeadline(D_NONE, 0);
    this.relay.status = status;
    ctx.counters.countStatus(status);
    const ms = this.record(ctx.now(), status >= 500);
    if (ctx.accessLog.sample()) this.logAccess(ms);
    const close = !this.reqDone || !this.head.keepAlive;
    this.active = false;
    this.relay.forwarded = true;
    this.client.write(errorResponse(status, message, close, this.head.method === M_HEAD));
    this.client.finishExchange(close);
  }

  /** The backend sent something unusable: 502 if the client has seen nothing yet, else cut. */
  backendBroken(reason: string): void {
    if (this.relay.headDone) return this.abort();
    this.fail(502, `backend ${this.endpoint?.key ?? ''} failed: ${sanitize(reason)}`);
  }

  /** A response already under way cannot be completed: both connections are cut. */
  abort(): void {
    if (this.upstream !== null) { this.upstream.discard(); this.upstream = null; }
    this.setDeadline(D_NONE, 0);
    if (this.relay.status !== 0) this.ctx.counters.countStatus(this.relay.status);
    this.record(this.ctx.now(), true);
    this.active = false;
    this.client.destroy();
  }

  /** The client went away or timed out: drop the backend side. `clientGone` counts it as an abort. */
  cancel(clientGone: boolean): void {
    if (!this.active) return;
    if (clientGone && !this.relay.tunnel) this.ctx.counters.clientAborts++;
    if (this.upstream !== null) { this.upstream.discard(); this.upstream = null; }
    this.setDeadline(D_NONE, 0);
    this.endAttempt();
    this.active = false;
  }

  private logAccess(ms: number): void {
    logAccess(this.ctx.log, this.head, this.memo.host, this.memo.path, this.relay.status, this.endpoint, ms, this.relay.bytesOut);
  }
}
