/**
 * Request heads parsed in place from the client's bytes (RFC 9112), strictly: anything a
 * request-smuggling attack relies on (CL with TE, differing CLs, obs-fold, bare LF, CTLs) is
 * rejected with a status and a reason instead of being guessed at.
 */
import { BODY_CHUNKED, BODY_LENGTH, BODY_NONE, type BodyMode } from './body-framer.js';
import { CR, LF, SP, TARGET, TCHAR, ascii, equalsLower, nextToken, parseDecimal } from './bytes.js';
import {
  FIELDS_ERRORS, FIELDS_OK, FIELDS_TOO_MANY, HeaderFields, H_CONNECTION, H_CONTENT_LENGTH, H_HOST, H_KEEP_ALIVE, H_OTHER,
  H_PROXY_CONNECTION, H_TE, H_TRAILER, H_TRANSFER_ENCODING, H_UPGRADE, H_X_FORWARDED_FOR, H_X_FORWARDED_HOST, H_X_FORWARDED_PROTO,
} from './header-fields.js';
import { markConnectionNamed, parseConnection } from './connection-header.js';

/** Method codes; M_OTHER covers extension methods (forwarded, never retried). */
export const M_OTHER = 0;
export const M_GET = 1;
export const M_HEAD = 2;
export const M_POST = 3;
export const M_PUT = 4;
export const M_DELETE = 5;
export const M_OPTIONS = 6;
export const M_TRACE = 7;
export const M_PATCH = 8;
export const M_CONNECT = 9;

const METHODS: [Buffer, number][] = [
  [ascii('GET'), M_GET], [ascii('HEAD'), M_HEAD], [ascii('POST'), M_POST], [ascii('PUT'), M_PUT], [ascii('DELETE'), M_DELETE],
  [ascii('OPTIONS'), M_OPTIONS], [ascii('TRACE'), M_TRACE], [ascii('PATCH'), M_PATCH], [ascii('CONNECT'), M_CONNECT],
];
const HTTP_1_ = ascii('HTTP/1.');
const HTTP_SCHEME = ascii('http://');
const N_CHUNKED = ascii('chunked');

/** Safe to send twice (RFC 9110 9.2.2), so retried on another endpoint when a connection fails. */
export function isIdempotent(method: number): boolean {
  return method === M_GET || method === M_HEAD || method === M_OPTIONS || method === M_TRACE || method === M_PUT || method === M_DELETE;
}

function methodCode(buf: Uint8Array, s: number, e: number): number {
  for (let m = 0; m < METHODS.length; m++) {
    const entry = METHODS[m]!;
    const lit = entry[0];
    if (lit.length !== e - s) continue;
    let same = true;
    for (let i = 0; i < lit.length; i++) if (buf[s + i] !== lit[i]) { same = false; break; }
    if (same) return entry[1];
  }
  return M_OTHER;
}

/** One parsed request head; reused for every request of a connection. */
export class RequestHead {
  readonly fields: HeaderFields;
  buf: Buffer = Buffer.alloc(0);
  /** Offsets: head start, the empty line's CR, and just past the head. */
  start = 0;
  fieldsEnd = 0;
  headEnd = 0;
  method = M_OTHER;
  methodEnd = 0;
  targetStart = 0;
  targetEnd = 0;
  /** The path used for routing: the target without query; for absolute-form, without scheme and authority. */
  pathStart = 0;
  pathEnd = 0;
  /** The host used for routing (absolute-form authority, else Host), without ":port"; -1 when absent. */
  hostStart = -1;
  hostEnd = -1;
  /** The whole Host value as sent (for X-Forwarded-Host); -1 when absent. */
  hostFieldIndex = -1;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  minor = 1;
  bodyMode: BodyMode = BODY_NONE;
  contentLength = 0;
  keepAlive = true;
  /** A valid HTTP/1.1 upgrade request (Connection: upgrade and an Upgrade field). */
  upgrade = false;
  /** When parse() fails: the status to answer (400, 431, 501, 505) and why. */
  errorStatus = 0;
  error = '';
  private readonly span = new Int32Array(2);

  constructor(maxFields: number) {
    this.fields = new HeaderFields(maxFields);
  }

  /** Parses buf[start, headEnd) (headEnd is just past CRLFCRLF). Returns true, or false with errorStatus/error set. */
  parse(buf: Buffer, start: number, headEnd: number): boolean {
    this.buf = buf;
    this.start = start;
    this.headEnd = headEnd;
    this.fieldsEnd = headEnd - 2;
    const lineEnd = this.parseRequestLine(buf, start);
    if (lineEnd < 0) return false;
    const r = this.fields.parse(buf, lineEnd, this.fieldsEnd);
    if (r !== FIELDS_OK) return this.fail(r === FIELDS_TOO_MANY ? 431 : 400, FIELDS_ERRORS[r] ?? 'bad header');
    return this.interpretFields();
  }

  private fail(status: number, reason: string): false {
    this.errorStatus = status;
    this.error = reason;
    return false;
  }

  /** Returns the offset just past the request line's CRLF, or -1 after fail(). */
  private parseRequestLine(buf: Buffer, start: number): number {
    let i = start;
    while (TCHAR[buf[i]!] === 1) i++;
    if (i === start || buf[i] !== SP) return this.fail(400, 'bad request line'), -1;
    this.methodEnd = i;
    this.method = methodCode(buf, start, i);
    if (this.method === M_CONNECT) return this.fail(501, 'CONNECT is not supported'), -1;
    const t = ++i;
    while (TARGET[buf[i]!] === 1) i++;
    if (i === t || buf[i] !== SP) return this.fail(400, 'bad request target'), -1;
    this.targetStart = t;
    this.targetEnd = i;
    i++;
    for (let k = 0; k < HTTP_1_.length; k++, i++) if (buf[i] !== HTTP_1_[k]) return this.fail(400, 'bad request line'), -1;
    const minor = buf[i]! - 0x30;
    if (minor !== 0 && minor !== 1) return this.fail(505, 'HTTP version not supported'), -1;
    this.minor = minor;
    if (buf[i + 1] !== CR || buf[i + 2] !== LF) return this.fail(400, 'bad request line'), -1;
    this.locatePath(buf, t, this.targetEnd);
    return i + 3;
  }

  /** Splits the target into routing host (absolute-form only) and path. */
  private locatePath(buf: Buffer, t: number, e: number): void {
    this.hostStart = -1;
    this.hostEnd = -1;
    let p = t;
    if (buf[t] !== 0x2f /* / */ && e - t > HTTP_SCHEME.length && equalsLower(buf, t, t + HTTP_SCHEME.length, HTTP_SCHEME)) {
      const a = t + HTTP_SCHEME.length;
      p = a;
      while (p < e && buf[p] !== 0x2f && buf[p] !== 0x3f /* ? */) p++;
      this.setHost(buf, a, p);
    }
    let q = p;
    while (q < e && buf[q] !== 0x3f && buf[q] !== 0x23 /* # */) q++;
    this.pathStart = p;
    this.pathEnd = q;
  }

  /** Records buf[s, e) minus any ":port" (or the brackets' end for IPv6) as the routing host. */
  private setHost(buf: Buffer, s: number, e: number): void {
    let h = s;
    if (buf[s] === 0x5b /* [ */) { while (h < e && buf[h] !== 0x5d) h++; if (h < e) h++; } else { while (h < e && buf[h] !== 0x3a) h++; }
    this.hostStart = s;
    this.hostEnd = h;
  }

  private interpretFields(): boolean {
    const f = this.fields;
    const buf = this.buf;
    let contentLength = -1;
    let teIndex = -1;
    let connIndex = -1;
    let upgradeIndex = -1;
    this.hostFieldIndex = -1;
    for (let k = 0; k < f.count; k++) {
      switch (f.kind[k]) {
        case H_HOST:
          if (this.hostFieldIndex >= 0) return this.fail(400, 'duplicate Host header');
          this.hostFieldIndex = k;
          if (this.hostEnd < 0) this.setHost(buf, f.valueStart[k]!, f.valueEnd[k]!);
          break;
        case H_CONTENT_LENGTH: {
          const v = parseDecimal(buf, f.valueStart[k]!, f.valueEnd[k]!);
          if (v < 0) return this.fail(400, 'invalid Content-Length');
          if (contentLength >= 0 && v !== contentLength) return this.fail(400, 'conflicting Content-Length headers');
          contentLength = v;
          break;
        }
        case H_TRANSFER_ENCODING:
          if (teIndex >= 0) return this.fail(400, 'duplicate Transfer-Encoding header');
          teIndex = k;
          break;
        case H_CONNECTION:
          if (connIndex >= 0) return this.fail(400, 'duplicate Connection header');
          connIndex = k;
          break;
        case H_UPGRADE:
          upgradeIndex = k;
          break;
        default:
      }
    }
    if (this.minor === 1 && this.hostFieldIndex < 0) return this.fail(400, 'missing Host header');
    return this.decideFraming(contentLength, teIndex) && this.decideConnection(connIndex, upgradeIndex);
  }

  private decideFraming(contentLength: number, teIndex: number): boolean {
    const f = this.fields;
    if (teIndex >= 0) {
      if (contentLength >= 0) return this.fail(400, 'both Content-Length and Transfer-Encoding');
      if (this.minor === 0) return this.fail(400, 'Transfer-Encoding in an HTTP/1.0 request');
      // The final coding must be chunked, and chunked must not appear before it (RFC 9112 6.3).
      let last = -1;
      let chunkedSeen = false;
      let i = f.valueStart[teIndex]!;
      const end = f.valueEnd[teIndex]!;
      while ((i = nextToken(this.buf, i, end, this.span)) >= 0) {
        if (chunkedSeen) return this.fail(400, 'chunked must be the final Transfer-Encoding');
        last = this.span[0]!;
        chunkedSeen = equalsLower(this.buf, last, this.span[1]!, N_CHUNKED);
      }
      if (!chunkedSeen) return this.fail(501, 'unsupported Transfer-Encoding');
      this.bodyMode = BODY_CHUNKED;
      this.contentLength = 0;
      return true;
    }
    this.contentLength = contentLength > 0 ? contentLength : 0;
    this.bodyMode = contentLength > 0 ? BODY_LENGTH : BODY_NONE;
    return true;
  }

  private decideConnection(connIndex: number, upgradeIndex: number): boolean {
    const f = this.fields;
    const c = parseConnection(this.buf, f, connIndex);
    this.keepAlive = this.minor === 1 ? !c.close : c.keepAlive && !c.close;
    this.upgrade = this.minor === 1 && c.upgrade && upgradeIndex >= 0;
    for (let k = 0; k < f.count; k++) {
      const kind = f.kind[k];
      if (kind === H_OTHER || kind === H_HOST || kind === H_CONTENT_LENGTH || kind === H_TRANSFER_ENCODING) continue;
      if (kind === H_UPGRADE && this.upgrade) continue;
      // Connection, Keep-Alive, Proxy-Connection, TE, Trailer, Upgrade: hop-by-hop. X-Forwarded-*: rewritten.
      if (kind === H_CONNECTION || kind === H_KEEP_ALIVE || kind === H_PROXY_CONNECTION || kind === H_TE || kind === H_TRAILER
        || kind === H_UPGRADE || kind === H_X_FORWARDED_FOR || kind === H_X_FORWARDED_PROTO || kind === H_X_FORWARDED_HOST) f.drop[k] = 1;
    }
    if (c.named > 0) markConnectionNamed(this.buf, f, connIndex);
    return true;
  }
}
