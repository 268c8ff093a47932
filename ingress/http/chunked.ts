/**
 * Chunked transfer-coding framing (RFC 9112 section 7.1), for finding where a chunked body ends.
 * The proxy forwards the raw bytes unchanged; this only tracks the framing so it knows when the
 * message is over and rejects malformed or absurd framing (non-hex sizes, sizes over 2^48, CTLs
 * in extensions, missing CRLFs).
 */
import { CR, HTAB, LF, SP } from './bytes.js';

const S_SIZE_FIRST = 0;
const S_SIZE = 1;
const S_SIZE_WS = 2;
const S_EXT = 3;
const S_SIZE_LF = 4;
const S_DATA = 5;
const S_DATA_CR = 6;
const S_DATA_LF = 7;
const S_TRAILER_START = 8;
const S_TRAILER = 9;
const S_TRAILER_LF = 10;
const S_END_LF = 11;
const S_DONE = 12;

/** 12 hex digits: 2^48 bytes, far past any real chunk; more is an attack on 53-bit arithmetic. */
const MAX_SIZE_DIGITS = 12;

/** hex value of a byte, or -1. */
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c;
for (let c = 0; c < 6; c++) { HEX[0x41 + c] = 10 + c; HEX[0x61 + c] = 10 + c; }

/** Result of {@link ChunkedFramer.consume} when the bytes are not valid chunked framing. */
export const CHUNKED_INVALID = -2;
/** Result of {@link ChunkedFramer.consume} when every byte was consumed and the body goes on. */
export const CHUNKED_MORE = -1;

/**
 * Tracks one chunked body. Reset it before each message; feed it consecutive slices with consume().
 * Reusable: holds only numbers.
 */
export class ChunkedFramer {
  private state = S_SIZE_FIRST;
  private remaining = 0;
  private digits = 0;
  private trailerBytes = 0;

  /** Prepares for a new body. */
  reset(): void {
    this.state = S_SIZE_FIRST;
    this.remaining = 0;
    this.digits = 0;
    this.trailerBytes = 0;
  }

  /** Whether the final CRLF has been seen. */
  get done(): boolean {
    return this.state === S_DONE;
  }

  /**
   * Consumes buf[start, end). Returns the index just past the body's last byte when the body ends
   * inside this slice, CHUNKED_MORE when all of it belongs to the body and more is to come, or
   * CHUNKED_INVALID on malformed framing. `maxTrailerBytes` bounds the trailer section.
   */
  consume(buf: Uint8Array, start: number, end: number, maxTrailerBytes: number): number {
    let i = start;
    while (i < end) {
      const c = buf[i]!;
      switch (this.state) {
        case S_SIZE_FIRST:
        case S_SIZE: {
          const h = HEX[c]!;
          if (h >= 0) {
            if (++this.digits > MAX_SIZE_DIGITS) return CHUNKED_INVALID;
            this.remaining = this.remaining * 16 + h;
            this.state = S_SIZE;
          } else if (this.state === S_SIZE_FIRST) {
            return CHUNKED_INVALID;
          } else if (c === CR) {
            this.state = S_SIZE_LF;
          } else if (c === SP || c === HTAB) {
            this.state = S_SIZE_WS;
          } else if (c === 0x3b /* ; */) {
            this.state = S_EXT;
          } else {
            return CHUNKED_INVALID;
          }
          i++;
          break;
        }
        case S_SIZE_WS:
          if (c === 0x3b) this.state = S_EXT;
          else if (c === CR) this.state = S_SIZE_LF;
          else if (c !== SP && c !== HTAB) return CHUNKED_INVALID;
          i++;
          break;
        case S_EXT:
          if (c === CR) this.state = S_SIZE_LF;
          else if ((c < 0x20 && c !== HTAB) || c === 0x7f) return CHUNKED_INVALID;
          i++;
          break;
        case S_SIZE_LF:
          if (c !== LF) return CHUNKED_INVALID;
          this.digits = 0;
          this.state = this.remaining === 0 ? S_TRAILER_START : S_DATA;
          i++;
          break;
        case S_DATA: {
          const take = Math.min(this.remaining, end - i);
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) this.state = S_DATA_CR;
          break;
        }
        case S_DATA_CR:
          if (c !== CR) return CHUNKED_INVALID;
          this.state = S_DATA_LF;
          i++;
          break;
        case S_DATA_LF:
          if (c !== LF) return CHUNKED_INVALID;
          this.state = S_SIZE_FIRST;
          i++;
          break;
        case S_TRAILER_START:
          this.state = c === CR ? S_END_LF : S_TRAILER;
          if (c !== CR && (c < 0x20 || c === 0x7f)) return CHUNKED_INVALID;
          i++;
          break;
        case S_TRAILER:
          if (++this.trailerBytes > maxTrailerBytes) return CHUNKED_INVALID;
          if (c === CR) this.state = S_TRAILER_LF;
          else if ((c < 0x20 && c !== HTAB) || c === 0x7f) return CHUNKED_INVALID;
          i++;
          break;
        case S_TRAILER_LF:
          if (c !== LF) return CHUNKED_INVALID;
          this.state = S_TRAILER_START;
          i++;
          break;
        case S_END_LF:
          if (c !== LF) return CHUNKED_INVALID;
          this.state = S_DONE;
          return i + 1;
        default:
          return i;
      }
    }
    return CHUNKED_MORE;
  }
}
