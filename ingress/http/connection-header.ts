/**
 * The Connection field (RFC 9110 7.6.1): its close / keep-alive / upgrade options, and the other
 * field names it lists, which are hop-by-hop and must not be forwarded.
 */
import { ascii, equalsIgnoreCase, equalsLower, nextToken } from './bytes.js';
import { H_OTHER, type HeaderFields } from './header-fields.js';

const T_CLOSE = ascii('close');
const T_KEEP_ALIVE = ascii('keep-alive');
const T_UPGRADE = ascii('upgrade');

/** What a Connection field says; one shared instance, valid until the next parseConnection() call. */
export interface ConnectionOptions {
  close: boolean;
  keepAlive: boolean;
  upgrade: boolean;
  /** How many other names it lists. */
  named: number;
}

const result: ConnectionOptions = { close: false, keepAlive: false, upgrade: false, named: 0 };
const span = new Int32Array(2);

/** Reads the Connection field at index `k` of `f` (-1: none). The result is reused: read it at once. */
export function parseConnection(buf: Uint8Array, f: HeaderFields, k: number): ConnectionOptions {
  result.close = false;
  result.keepAlive = false;
  result.upgrade = false;
  result.named = 0;
  if (k < 0) return result;
  let i = f.valueStart[k]!;
  const end = f.valueEnd[k]!;
  while ((i = nextToken(buf, i, end, span)) >= 0) {
    const s = span[0]!;
    const e = span[1]!;
    if (equalsLower(buf, s, e, T_CLOSE)) result.close = true;
    else if (equalsLower(buf, s, e, T_KEEP_ALIVE)) result.keepAlive = true;
    else if (equalsLower(buf, s, e, T_UPGRADE)) result.upgrade = true;
    else result.named++;
  }
  return result;
}

/** Only this many names of one Connection field are honoured: bounds the work a hostile head causes. */
const MAX_NAMED = 64;

/** Marks drop=1 on every H_OTHER field whose name the Connection field at index `k` lists. */
export function markConnectionNamed(buf: Uint8Array, f: HeaderFields, k: number): void {
  let i = f.valueStart[k]!;
  const end = f.valueEnd[k]!;
  let seen = 0;
  while ((i = nextToken(buf, i, end, span)) >= 0 && seen++ < MAX_NAMED) {
    for (let j = 0; j < f.count; j++) {
      if (f.kind[j] === H_OTHER && equalsIgnoreCase(buf, f.lineStart[j]!, f.nameEnd[j]!, buf, span[0]!, span[1]!)) f.drop[j] = 1;
    }
  }
}
