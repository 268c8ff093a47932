/**
 * Response heads parsed in place from a backend's bytes, and the framing of the body that follows
 * (RFC 9112 6.3): none for HEAD, 1xx, 204 and 304; chunked when Transfer-Encoding ends in chunked;
 * else Content-Length; else until the backend closes. A malformed head makes the exchange a 502.
 */
import { BODY_CHUNKED, BODY_LENGTH, BODY_NONE, BODY_UNTIL_CLOSE, type BodyMode } from './body-framer.js';
import { CR, FIELD_VALUE, LF, SP, ascii, equalsLower, nextToken, parseDecimal } from './bytes.js';
import { parseConnection, markConnectionNamed } from './connection-header.js';
import {
  FIELDS_ERRORS, FIELDS_OK, HeaderFields, H_CONNECTION, H_CONTENT_LENGTH, H_KEEP_ALIVE, H_PROXY_CONNECTION, H_TE, H_TRAILER,
  H_TRANSFER_ENCODING, H_UPGRADE,
} from './header-fields.js';

const HTTP_1_ = ascii('HTTP/1.');
const N_CHUNKED = ascii('chunked');

/** One parsed response head; reused for every response on an upstream exchange. */
export class ResponseHead {
  readonly fields: HeaderFields;
  buf: Buffer = Buffer.alloc(0);
  start = 0;
  /** Offset just past the status line's CRLF. */
  statusLineEnd = 0;
  headEnd = 0;
  fieldsEnd = 0;
  status = 0;
  minor = 1;
  bodyMode: BodyMode = BODY_NONE;
  contentLength = 0;
  /** The backend will keep the connection open after this response. */
  reusable = true;
  /** How many fields must not be forwarded (0: the head can be relayed byte for byte). */
  dropped = 0;
  error = '';
  private readonly span = new Int32Array(2);

  constructor(maxFields: number) {
    this.fields = new HeaderFields(maxFields);
  }

  /**
   * Parses buf[start, headEnd) (headEnd just past CRLFCRLF) as the response to a request with
   * method HEAD (`isHead`). Returns false with `error` set when the head is malformed.
   */
  parse(buf: Buffer, start: number, headEnd: number, isHead: boolean): boolean {
    this.buf = buf;
    this.start = start;
    this.headEnd = headEnd;
    this.fieldsEnd = headEnd - 2;
    let i = start;
    for (let k = 0; k < HTTP_1_.length; k++, i++) if (buf[i] !== HTTP_1_[k]) return this.fail('bad status line');
    const minor = buf[i]! - 0x30;
    if (minor !== 0 && minor !== 1) return this.fail('bad status line');
    this.minor = minor;
    if (buf[i + 1] !== SP) return this.fail('bad status line');
    const d0 = buf[i + 2]! - 0x30;
    const d1 = buf[i + 3]! - 0x30;
    const d2 = buf[i + 4]! - 0x30;
    if (d0 < 1 || d0 > 5 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return this.fail('bad status code');
    this.status = d0 * 100 + d1 * 10 + d2;
    i += 5;
    if (buf[i] === SP) { i++; while (FIELD_VALUE[buf[i]!] === 1) i++; }
    if (buf[i] !== CR || buf[i + 1] !== LF) return this.fail('bad status line');
    this.statusLineEnd = i + 2;
    const r = this.fields.parse(buf, this.statusLineEnd, this.fieldsEnd);
    if (r !== FIELDS_OK) return this.fail(FIELDS_ERRORS[r] ?? 'bad header');
    return this.interpret(isHead);
  }

  private fail(reason: string): false {
    this.error = reason;
    return false;
  }

  private interpret(isHead: boolean): boolean {
    const f = this.fields;
    const buf = this.buf;
    let contentLength = -1;
    let teIndex = -1;
    let connIndex = -1;
    let dropped = 0;
    const passAll = this.status === 101;
    for (let k = 0; k < f.count; k++) {
      const kind = f.kind[k];
      if (kind === H_CONTENT_LENGTH) {
        const v = parseDecimal(buf, f.valueStart[k]!, f.valueEnd[k]!);
        if (v < 0 || (contentLength >= 0 && v !== contentLength)) return this.fail('invalid Content-Length');
        contentLength = v;
      } else if (kind === H_TRANSFER_ENCODING) {
        teIndex = k;
      } else if (kind === H_CONNECTION || kind === H_KEEP_ALIVE || kind === H_PROXY_CONNECTION || kind === H_TE || kind === H_TRAILER || kind === H_UPGRADE) {
        if (kind === H_CONNECTION) connIndex = k;
        if (!passAll) { f.drop[k] = 1; dropped++; }
      }
    }
    const c = parseConnection(buf, f, connIndex);
    this.reusable = this.minor === 1 ? !c.close : c.keepAlive && !c.close;
    if (c.named > 0 && !passAll) {
      markConnectionNamed(buf, f, connIndex);
      dropped = 0;
      for (let k = 0; k < f.count; k++) dropped += f.drop[k]!;
    }
    this.dropped = dropped;
    this.decideFraming(isHead, contentLength, teIndex);
    return true;
  }

  private decideFraming(isHead: boolean, contentLength: number, teIndex: number): void {
    const s = this.status;
    this.contentLength = 0;
    if (isHead || s < 200 || s === 204 || s === 304) { this.bodyMode = BODY_NONE; return; }
    if (teIndex >= 0) {
      const f = this.fields;
      let chunked = false;
      let i = f.valueStart[teIndex]!;
      while ((i = nextToken(this.buf, i, f.valueEnd[teIndex]!, this.span)) >= 0) chunked = equalsLower(this.buf, this.span[0]!, this.span[1]!, N_CHUNKED);
      this.bodyMode = chunked ? BODY_CHUNKED : BODY_UNTIL_CLOSE;
      if (!chunked) this.reusable = false;
      // Transfer-Encoding overrides Content-Length, which must then not be forwarded (RFC 9112 6.3).
      for (let k = 0; k < f.count; k++) if (f.kind[k] === H_CONTENT_LENGTH && f.drop[k] === 0) { f.drop[k] = 1; this.dropped++; }
      return;
    }
    if (contentLength >= 0) { this.bodyMode = BODY_LENGTH; this.contentLength = contentLength; return; }
    this.bodyMode = BODY_UNTIL_CLOSE;
    this.reusable = false;
  }
}
