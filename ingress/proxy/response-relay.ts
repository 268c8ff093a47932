/**
 * The response half of an exchange: parses the backend's response heads (relaying 1xx as they
 * come), rewrites the final head for the client, tracks the body's framing to know when the
 * response ends, and switches to raw bytes after a 101. One instance per client connection,
 * reset for every request.
 */
import { BODY_INVALID, BODY_MORE, BODY_UNTIL_CLOSE, BodyFramer } from '../http/body-framer.js';
import { CONNECTION_CLOSE, CONNECTION_KEEP_ALIVE, INLINE_BODY_MAX, buildClientHead } from '../http/forward-response.js';
import { M_HEAD, type RequestHead } from '../http/request-head.js';
import { ResponseHead } from '../http/response-head.js';

const CRLFCRLF = Buffer.from('\r\n\r\n');
/** Bigger response heads are a broken backend (502). */
const MAX_RESPONSE_HEAD = 64 * 1024;
const MAX_RESPONSE_FIELDS = 256;

/** What the relay reports to the exchange it belongs to. */
export interface RelayOwner {
  /** Whether the whole request has been sent upstream (decides whether the client connection survives). */
  readonly requestDone: boolean;
  /** Sends bytes the relay owns to the client (with backpressure handling). */
  writeClient(buf: Buffer): void;
  /** The response is complete. */
  responseDone(): void;
  /** The backend sent a 101 for an upgrade request: bytes now flow raw both ways. */
  tunnelStarted(): void;
  /** The backend's bytes are unusable (`reason`); nothing or only 1xx reached the client. */
  backendBroken(reason: string): void;
  /** The response broke off after its head was relayed: the client connection must be cut. */
  abort(): void;
}

/** Response parsing and relaying state. */
export class ResponseRelay {
  /** The final response head has been relayed. */
  headDone = false;
  /** Some response bytes (maybe only a 1xx) reached the client: no error response is possible any more. */
  forwarded = false;
  /** The final status (101 for a tunnel), 0 before it is known. */
  status = 0;
  tunnel = false;
  /** The client connection must be closed after this response. */
  closeClient = false;
  /** The backend connection may be pooled again after this response. */
  reusable = false;
  bytesOut = 0;
  private pending: Buffer | null = null;
  private readonly res = new ResponseHead(MAX_RESPONSE_FIELDS);
  private readonly body = new BodyFramer();

  constructor(private readonly owner: RelayOwner, private readonly request: RequestHead, private readonly maxTrailerBytes: number) {}

  reset(): void {
    this.headDone = false;
    this.forwarded = false;
    this.status = 0;
    this.tunnel = false;
    this.closeClient = false;
    this.reusable = false;
    this.bytesOut = 0;
    this.pending = null;
  }

  /** Whether the body ends when the backend closes (then a clean close completes the response). */
  get untilClose(): boolean {
    return this.headDone && this.body.mode === BODY_UNTIL_CLOSE;
  }

  /** Bytes from the backend; `chunk` is only valid during the call (see UpstreamOwner). */
  onData(chunk: Buffer): void {
    if (this.tunnel) this.relay(chunk, 0, chunk.length);
    else if (this.headDone) this.relayBody(chunk);
    else this.readHead(chunk);
  }

  /** Writes a copy of src[s, e): upstream bytes live in a read buffer that the next read reuses. */
  private relay(src: Buffer, s: number, e: number): void {
    const out = Buffer.allocUnsafe(e - s);
    src.copy(out, 0, s, e);
    this.write(out);
  }

  private write(buf: Buffer): void {
    this.bytesOut += buf.length;
    this.owner.writeClient(buf);
  }

  private readHead(chunk: Buffer): void {
    let buf = chunk;
    if (this.pending !== null) { buf = Buffer.concat([this.pending, chunk]); this.pending = null; }
    let start = 0;
    for (;;) {
      const idx = buf.indexOf(CRLFCRLF, start);
      if (idx < 0) {
        if (buf.length - start > MAX_RESPONSE_HEAD) return this.owner.backendBroken('response head too large');
        this.pending = Buffer.from(buf.subarray(start)); // a copy: `buf` may be the read buffer
        return;
      }
      const headEnd = idx + 4;
      if (!this.res.parse(buf, start, headEnd, this.request.method === M_HEAD)) return this.owner.backendBroken(this.res.error);
      const status = this.res.status;
      if (status >= 200) return this.relayHead(buf, start, headEnd);
      if (status === 101) {
        if (!this.request.upgrade) return this.owner.backendBroken('101 Switching Protocols without an upgrade request');
        return this.beginTunnel(buf, start);
      }
      // 1xx informational (100 Continue, 103 Early Hints): relay as received; the final response follows.
      this.forwarded = true;
      this.relay(buf, start, headEnd);
      start = headEnd;
      if (start === buf.length) return;
    }
  }

  private relayHead(buf: Buffer, start: number, headEnd: number): void {
    const res = this.res;
    this.body.reset(res.bodyMode, res.contentLength);
    let end = this.body.consume(buf, headEnd, buf.length, this.maxTrailerBytes);
    if (end === BODY_INVALID) return this.owner.backendBroken('invalid chunked framing');
    this.headDone = true;
    this.status = res.status;
    const done = end !== BODY_MORE;
    if (!done) end = buf.length;
    // Bytes after the end of the response: the backend is out of step, so its connection is not reused.
    this.reusable = res.reusable && !(done && end < buf.length);
    // A response that starts before the request body is complete ends the connection: the rest of
    // the body cannot be told apart from a next request without reading it all.
    this.closeClient = !this.request.keepAlive || res.bodyMode === BODY_UNTIL_CLOSE || !this.owner.requestDone;
    const extra = this.closeClient ? CONNECTION_CLOSE : this.request.minor === 0 ? CONNECTION_KEEP_ALIVE : null;
    this.forwarded = true;
    if (res.dropped === 0 && extra === null) {
      this.relay(buf, start, end);
    } else if (end - headEnd <= INLINE_BODY_MAX) {
      this.write(buildClientHead(res, extra, end));
    } else {
      this.write(buildClientHead(res, extra, headEnd));
      this.relay(buf, headEnd, end);
    }
    if (done) this.owner.responseDone();
  }

  private relayBody(chunk: Buffer): void {
    const end = this.body.consume(chunk, 0, chunk.length, this.maxTrailerBytes);
    if (end === BODY_INVALID) return this.owner.abort();
    if (end === BODY_MORE) return this.relay(chunk, 0, chunk.length);
    if (end < chunk.length) this.reusable = false;
    if (end > 0) this.relay(chunk, 0, end);
    this.owner.responseDone();
  }

  private beginTunnel(buf: Buffer, start: number): void {
    this.headDone = true;
    this.tunnel = true;
    this.forwarded = true;
    this.status = 101;
    this.relay(buf, start, buf.length);
    this.owner.tunnelStarted();
  }
}
