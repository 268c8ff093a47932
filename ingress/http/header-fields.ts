/**
 * The header section of an HTTP/1.x head, parsed in place: per field, the offsets of its line,
 * name and value inside the received Buffer, plus a kind code for the names the proxy acts on.
 * Nothing is copied and no strings are made; one instance is reused for every message of a
 * connection.
 */
import { COLON, CR, FIELD_VALUE, HTAB, LF, SP, TCHAR, ascii, copyRange, equalsLower } from './bytes.js';

/** Kind codes of the fields the proxy interprets; everything else is H_OTHER. */
export const H_OTHER = 0;
export const H_HOST = 1;
export const H_CONTENT_LENGTH = 2;
export const H_TRANSFER_ENCODING = 3;
export const H_CONNECTION = 4;
export const H_KEEP_ALIVE = 5;
export const H_PROXY_CONNECTION = 6;
export const H_TE = 7;
export const H_TRAILER = 8;
export const H_UPGRADE = 9;
export const H_X_FORWARDED_FOR = 10;
export const H_X_FORWARDED_PROTO = 11;
export const H_X_FORWARDED_HOST = 12;

/** parse() results. */
export const FIELDS_OK = 0;
export const FIELDS_BAD_NAME = 1;
export const FIELDS_BAD_VALUE = 2;
export const FIELDS_OBS_FOLD = 3;
export const FIELDS_TOO_MANY = 4;

/** Human-readable reasons for the parse() results, indexed by code. */
export const FIELDS_ERRORS = ['', 'invalid header name', 'invalid character in header value', 'obsolete line folding in header', 'too many headers'];

const N_HOST = ascii('host');
const N_CONTENT_LENGTH = ascii('content-length');
const N_TRANSFER_ENCODING = ascii('transfer-encoding');
const N_CONNECTION = ascii('connection');
const N_KEEP_ALIVE = ascii('keep-alive');
const N_PROXY_CONNECTION = ascii('proxy-connection');
const N_TE = ascii('te');
const N_TRAILER = ascii('trailer');
const N_UPGRADE = ascii('upgrade');
const N_XFF = ascii('x-forwarded-for');
const N_XFP = ascii('x-forwarded-proto');
const N_XFH = ascii('x-forwarded-host');

/** The kind code of the field name buf[s, e): a switch on length, then one comparison or two. */
export function classifyName(buf: Uint8Array, s: number, e: number): number {
  switch (e - s) {
    case 2: return equalsLower(buf, s, e, N_TE) ? H_TE : H_OTHER;
    case 4: return equalsLower(buf, s, e, N_HOST) ? H_HOST : H_OTHER;
    case 7:
      if (equalsLower(buf, s, e, N_UPGRADE)) return H_UPGRADE;
      return equalsLower(buf, s, e, N_TRAILER) ? H_TRAILER : H_OTHER;
    case 10:
      if (equalsLower(buf, s, e, N_CONNECTION)) return H_CONNECTION;
      return equalsLower(buf, s, e, N_KEEP_ALIVE) ? H_KEEP_ALIVE : H_OTHER;
    case 14: return equalsLower(buf, s, e, N_CONTENT_LENGTH) ? H_CONTENT_LENGTH : H_OTHER;
    case 15: return equalsLower(buf, s, e, N_XFF) ? H_X_FORWARDED_FOR : H_OTHER;
    case 16:
      if (equalsLower(buf, s, e, N_PROXY_CONNECTION)) return H_PROXY_CONNECTION;
      return equalsLower(buf, s, e, N_XFH) ? H_X_FORWARDED_HOST : H_OTHER;
    case 17:
      if (equalsLower(buf, s, e, N_TRANSFER_ENCODING)) return H_TRANSFER_ENCODING;
      return equalsLower(buf, s, e, N_XFP) ? H_X_FORWARDED_PROTO : H_OTHER;
    default: return H_OTHER;
  }
}

/** The parsed fields of one head. Offsets index the Buffer last passed to parse(). */
export class HeaderFields {
  count = 0;
  /** Offset of each field line's first byte (its name). */
  readonly lineStart: Int32Array;
  readonly nameEnd: Int32Array;
  /** Value bounds, without leading and trailing spaces/tabs. */
  readonly valueStart: Int32Array;
  readonly valueEnd: Int32Array;
  /** Offset of each line's CR. */
  readonly lineEnd: Int32Array;
  readonly kind: Uint8Array;
  /** Set by the message parsers: 1 when the field must not be forwarded. */
  readonly drop: Uint8Array;

  constructor(readonly maxFields: number) {
    this.lineStart = new Int32Array(maxFields);
    this.nameEnd = new Int32Array(maxFields);
    this.valueStart = new Int32Array(maxFields);
    this.valueEnd = new Int32Array(maxFields);
    this.lineEnd = new Int32Array(maxFields);
    this.kind = new Uint8Array(maxFields);
    this.drop = new Uint8Array(maxFields);
  }

  /**
   * Parses the field lines in buf[from, end), where `end` is the offset of the CR of the empty line
   * that closes the head (so every line in range ends with CRLF). Returns FIELDS_OK or an error code.
   */
  parse(buf: Uint8Array, from: number, end: number): number {
    let n = 0;
    let i = from;
    while (i < end) {
      if (n === this.maxFields) return FIELDS_TOO_MANY;
      const lineStart = i;
      let c = buf[i]!;
      if (c === SP || c === HTAB) return FIELDS_OBS_FOLD;
      while (TCHAR[c] === 1) c = buf[++i]!;
      if (i === lineStart || c !== COLON) return FIELDS_BAD_NAME;
      const nameEnd = i;
      c = buf[++i]!;
      while (c === SP || c === HTAB) c = buf[++i]!;
      const valueStart = i;
      while (FIELD_VALUE[c] === 1) c = buf[++i]!;
      if (c !== CR || buf[i + 1] !== LF) return FIELDS_BAD_VALUE;
      let valueEnd = i;
      while (valueEnd > valueStart && (buf[valueEnd - 1] === SP || buf[valueEnd - 1] === HTAB)) valueEnd--;
      this.lineStart[n] = lineStart;
      this.nameEnd[n] = nameEnd;
      this.valueStart[n] = valueStart;
      this.valueEnd[n] = valueEnd;
      this.lineEnd[n] = i;
      this.kind[n] = classifyName(buf, lineStart, nameEnd);
      this.drop[n] = 0;
      n++;
      i += 2;
    }
    this.count = n;
    return FIELDS_OK;
  }
}

/**
 * Copies the field lines of `f` (from `buf`) that are not dropped and not of kind `skipKind` (-1:
 * none) into `out` at `pos`, in maximal contiguous runs (usually one copy for the whole section).
 * Returns the new position.
 */
export function copyKeptFields(out: Uint8Array, pos: number, buf: Buffer, f: HeaderFields, skipKind: number): number {
  let runStart = -1;
  let runEnd = -1;
  for (let k = 0; k < f.count; k++) {
    if (f.drop[k] === 1 || f.kind[k] === skipKind) continue;
    const s = f.lineStart[k]!;
    if (s !== runEnd) {
      if (runStart >= 0) pos = copyRange(out, pos, buf, runStart, runEnd);
      runStart = s;
    }
    runEnd = f.lineEnd[k]! + 2;
  }
  return runStart >= 0 ? copyRange(out, pos, buf, runStart, runEnd) : pos;
}
