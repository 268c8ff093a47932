/**
 * Responses the proxy makes itself: short plain-text bodies that say what went wrong, with any
 * client- or backend-supplied text in them sanitised (printable ASCII only, quotes and backslashes
 * replaced, length capped) so nothing can break the response or smuggle markup.
 */

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
};

/** Longest piece of untrusted text quoted in a message. */
const MAX_QUOTED = 200;

/** Printable ASCII only, without '"' and '\\', at most MAX_QUOTED characters (then "..."). */
export function sanitize(text: string): string {
  let out = '';
  const n = Math.min(text.length, MAX_QUOTED);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c ? text[i] : '?';
  }
  return text.length > MAX_QUOTED ? `${out}...` : out;
}

/**
 * The bytes of an error response with body `message` (already sanitised where it quotes input).
 * `close` adds Connection: close; `head` leaves the body out (a HEAD request).
 */
export function errorResponse(status: number, message: string, close: boolean, head = false): Buffer {
  const body = `${message}\n`;
  const lines = [
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}`,
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
  ];
  if (close) lines.push('Connection: close');
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${head ? '' : body}`, 'latin1');
}
