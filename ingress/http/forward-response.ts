/**
 * The response head sent to the client: the backend's head without its hop-by-hop fields, plus the
 * proxy's own Connection field when the client connection's fate differs from HTTP/1.1's default.
 * Small body bytes that arrived with the head ride in the same Buffer, so a typical response is one
 * write().
 */
import { ascii, copyRange } from './bytes.js';
import { copyKeptFields } from './header-fields.js';
import type { ResponseHead } from './response-head.js';

/** Extra fields the proxy may add to a response head. */
export const CONNECTION_CLOSE = ascii('Connection: close\r\n');
export const CONNECTION_KEEP_ALIVE = ascii('Connection: keep-alive\r\n');
const CRLF = ascii('\r\n');

/** Body bytes up to this size are copied behind the head; bigger ones are written separately. */
export const INLINE_BODY_MAX = 16 * 1024;

/**
 * Builds the client-bound head for `res`, with `extra` (a Connection field, or null) before the
 * empty line, followed by res.buf[res.headEnd, bodyEnd) when `bodyEnd > res.headEnd`.
 */
export function buildClientHead(res: ResponseHead, extra: Uint8Array | null, bodyEnd: number): Buffer {
  const f = res.fields;
  const buf = res.buf;
  let size = res.statusLineEnd - res.start + CRLF.length + (bodyEnd - res.headEnd);
  for (let k = 0; k < f.count; k++) if (f.drop[k] === 0) size += f.lineEnd[k]! + 2 - f.lineStart[k]!;
  if (extra !== null) size += extra.length;
  const out = Buffer.allocUnsafe(size);
  let pos = copyRange(out, 0, buf, res.start, res.statusLineEnd);
  pos = copyKeptFields(out, pos, buf, f, -1);
  if (extra !== null) { out.set(extra, pos); pos += extra.length; }
  out.set(CRLF, pos);
  pos += CRLF.length;
  if (bodyEnd > res.headEnd) copyRange(out, pos, buf, res.headEnd, bodyEnd);
  return out;
}
