/**
 * The request head sent to a backend, written into one Buffer from slices of the client's head:
 * the request line as sent (method, target and version unchanged), every end-to-end field as sent,
 * then the proxy's fields. Hop-by-hop fields are left out (see RequestHead). X-Forwarded-For gets
 * the client address appended; X-Forwarded-Proto and X-Forwarded-Host are always set by the proxy
 * and a client's own values are dropped: this proxy is the edge and speaks plain HTTP only, so it
 * trusts nothing a client claims about the original scheme or host.
 */
import { ascii, copyRange } from './bytes.js';
import { copyKeptFields, H_X_FORWARDED_FOR } from './header-fields.js';
import type { RequestHead } from './request-head.js';

const XFF = ascii('X-Forwarded-For: ');
const COMMA_SP = ascii(', ');
const XFP_HTTP = ascii('X-Forwarded-Proto: http\r\n');
const XFH = ascii('X-Forwarded-Host: ');
const CRLF = ascii('\r\n');
const CONN_KEEP_ALIVE = ascii('Connection: keep-alive\r\n\r\n');
const CONN_UPGRADE = ascii('Connection: upgrade\r\n\r\n');

function put(out: Buffer, pos: number, src: Uint8Array): number {
  out.set(src, pos);
  return pos + src.length;
}

/** Size of the X-Forwarded-For values the client sent, joined by ", " (0 when none). */
function existingXffSize(head: RequestHead): number {
  const f = head.fields;
  let size = 0;
  for (let k = 0; k < f.count; k++) {
    if (f.kind[k] !== H_X_FORWARDED_FOR) continue;
    const n = f.valueEnd[k]! - f.valueStart[k]!;
    if (n > 0) size += (size > 0 ? COMMA_SP.length : 0) + n;
  }
  return size;
}

function writeXff(out: Buffer, pos: number, head: RequestHead, clientIp: Uint8Array): number {
  const f = head.fields;
  let p = put(out, pos, XFF);
  let any = false;
  for (let k = 0; k < f.count; k++) {
    if (f.kind[k] !== H_X_FORWARDED_FOR || f.valueEnd[k]! === f.valueStart[k]!) continue;
    if (any) p = put(out, p, COMMA_SP);
    p = copyRange(out, p, head.buf, f.valueStart[k]!, f.valueEnd[k]!);
    any = true;
  }
  if (any) p = put(out, p, COMMA_SP);
  p = put(out, p, clientIp);
  return put(out, p, CRLF);
}

/**
 * Builds the head to send upstream for the parsed request `head`, from a client at `clientIp`
 * (ASCII bytes). One allocation: the returned Buffer, which the caller may keep for a retry.
 */
export function buildForwardedRequest(head: RequestHead, clientIp: Uint8Array): Buffer {
  const f = head.fields;
  const buf = head.buf;
  const firstField = f.count > 0 ? f.lineStart[0]! : head.fieldsEnd;
  let size = firstField - head.start;
  for (let k = 0; k < f.count; k++) if (f.drop[k] === 0 && f.kind[k] !== H_X_FORWARDED_FOR) size += f.lineEnd[k]! + 2 - f.lineStart[k]!;
  const xff = existingXffSize(head);
  size += XFF.length + xff + (xff > 0 ? COMMA_SP.length : 0) + clientIp.length + CRLF.length;
  size += XFP_HTTP.length;
  const h = head.hostFieldIndex;
  if (h >= 0) size += XFH.length + f.valueEnd[h]! - f.valueStart[h]! + CRLF.length;
  const tail = head.upgrade ? CONN_UPGRADE : CONN_KEEP_ALIVE;
  size += tail.length;

  const out = Buffer.allocUnsafe(size);
  let pos = copyRange(out, 0, buf, head.start, firstField);
  pos = copyKeptFields(out, pos, buf, f, H_X_FORWARDED_FOR);
  pos = writeXff(out, pos, head, clientIp);
  pos = put(out, pos, XFP_HTTP);
  if (h >= 0) {
    pos = put(out, pos, XFH);
    pos = copyRange(out, pos, buf, f.valueStart[h]!, f.valueEnd[h]!);
    pos = put(out, pos, CRLF);
  }
  put(out, pos, tail);
  return out;
}
