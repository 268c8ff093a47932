/**
 * Byte-level helpers shared by the HTTP/1.1 head parsers: character-class tables and
 * case-insensitive comparison against lower-case ASCII literals, all without allocating.
 */

/** `1` for bytes allowed in a token (RFC 9110 tchar): header names and methods. */
export const TCHAR = new Uint8Array(256);
/** `1` for bytes allowed in a field value: HTAB, SP, VCHAR and obs-text (no CTLs, no DEL). */
export const FIELD_VALUE = new Uint8Array(256);
/** `1` for bytes allowed in a request-target: visible ASCII and obs-text (no SP, no CTLs). */
export const TARGET = new Uint8Array(256);

for (let c = 0; c < 256; c++) {
  const visible = c > 0x20 && c < 0x7f;
  TARGET[c] = visible || c >= 0x80 ? 1 : 0;
  FIELD_VALUE[c] = visible || c >= 0x80 || c === 0x20 || c === 0x09 ? 1 : 0;
  const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  TCHAR[c] = alnum || "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c)) ? 1 : 0;
}

export const CR = 0x0d;
export const LF = 0x0a;
export const SP = 0x20;
export const HTAB = 0x09;
export const COLON = 0x3a;
export const COMMA = 0x2c;

/** The ASCII bytes of a literal, for comparisons and for copying into heads. */
export function ascii(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

/**
 * Whether buf[start, end) equals `lower` ignoring ASCII case. `lower` must hold only lower-case
 * letters, digits and '-' (all header names we look for): OR-ing 0x20 folds A-Z onto a-z and leaves
 * those other characters alone (bytes are tchars here, so no CR can alias '-').
 */
export function equalsLower(buf: Uint8Array, start: number, end: number, lower: Uint8Array): boolean {
  const n = lower.length;
  if (end - start !== n) return false;
  for (let i = 0; i < n; i++) {
    if ((buf[start + i]! | 0x20) !== lower[i]) return false;
  }
  return true;
}

/** Whether buf[aStart, aEnd) and buf2[bStart, bEnd) hold the same bytes ignoring ASCII case. */
export function equalsIgnoreCase(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): boolean {
  const n = aEnd - aStart;
  if (bEnd - bStart !== n) return false;
  for (let i = 0; i < n; i++) {
    const x = a[aStart + i]!;
    const y = b[bStart + i]!;
    if (x !== y && ((x | 0x20) !== (y | 0x20) || (x | 0x20) < 0x61 || (x | 0x20) > 0x7a)) return false;
  }
  return true;
}

/** Whether buf[aStart, aEnd) and b[bStart, bEnd) hold exactly the same bytes. */
export function equalsBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): boolean {
  const n = aEnd - aStart;
  if (bEnd - bStart !== n) return false;
  for (let i = 0; i < n; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

/**
 * Finds the next comma-separated token of buf[from, end), trimmed of spaces and tabs (empty list
 * elements are skipped). Writes its bounds to span[0] and span[1] and returns where to continue,
 * or returns -1 when no token is left. Used for Connection and Transfer-Encoding values.
 */
export function nextToken(buf: Uint8Array, from: number, end: number, span: Int32Array): number {
  let i = from;
  while (i < end) {
    while (i < end && (buf[i] === SP || buf[i] === HTAB || buf[i] === COMMA)) i++;
    const s = i;
    while (i < end && buf[i] !== COMMA) i++;
    let e = i;
    while (e > s && (buf[e - 1] === SP || buf[e - 1] === HTAB)) e--;
    if (e > s) { span[0] = s; span[1] = e; return i; }
  }
  return -1;
}

/**
 * Parses buf[start, end) as a non-negative decimal integer (1 to 15 digits, nothing else).
 * Returns -1 when it is not one: signs, spaces, empty values and 16+ digits are all invalid.
 */
export function parseDecimal(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n < 1 || n > 15) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Copies src[s, e) into out at pos and returns pos + (e - s); short runs byte by byte, which beats a view plus memcpy. */
export function copyRange(out: Uint8Array, pos: number, src: Buffer, s: number, e: number): number {
  const n = e - s;
  if (n < 48) { for (let i = 0; i < n; i++) out[pos + i] = src[s + i]!; } else src.copy(out, pos, s, e);
  return pos + n;
}
