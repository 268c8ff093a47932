/**
 * Where a message body ends: by Content-Length, by chunked framing, or at connection close.
 * One reusable instance per direction of a connection; reset it for each message.
 */
import { CHUNKED_INVALID, CHUNKED_MORE, ChunkedFramer } from './chunked.js';

/** No body at all (GET without Content-Length, HEAD responses, 204, 304, 1xx). */
export const BODY_NONE = 0;
/** Exactly `length` bytes. */
export const BODY_LENGTH = 1;
/** Chunked transfer-coding. */
export const BODY_CHUNKED = 2;
/** Everything until the sender closes (responses only). */
export const BODY_UNTIL_CLOSE = 3;

export type BodyMode = typeof BODY_NONE | typeof BODY_LENGTH | typeof BODY_CHUNKED | typeof BODY_UNTIL_CLOSE;

/** Result of {@link BodyFramer.consume}: all bytes belong to the body and more is to come. */
export const BODY_MORE = CHUNKED_MORE;
/** Result of {@link BodyFramer.consume}: malformed chunked framing. */
export const BODY_INVALID = CHUNKED_INVALID;

/** Tracks the end of one body. */
export class BodyFramer {
  mode: BodyMode = BODY_NONE;
  private remaining = 0;
  private readonly chunked = new ChunkedFramer();

  /** Starts a new body of the given framing; `length` is used for BODY_LENGTH. */
  reset(mode: BodyMode, length: number): void {
    this.mode = mode === BODY_LENGTH && length === 0 ? BODY_NONE : mode;
    this.remaining = length;
    if (mode === BODY_CHUNKED) this.chunked.reset();
  }

  /** Whether the body is complete (always true for BODY_NONE; never for BODY_UNTIL_CLOSE). */
  get done(): boolean {
    if (this.mode === BODY_NONE) return true;
    if (this.mode === BODY_LENGTH) return this.remaining === 0;
    if (this.mode === BODY_CHUNKED) return this.chunked.done;
    return false;
  }

  /**
   * Consumes buf[start, end): returns the index just past the body's end when it ends in this
   * slice (start itself for an empty or already complete body), BODY_MORE when every byte belongs
   * to the body and more is to come, BODY_INVALID on malformed chunked framing.
   */
  consume(buf: Uint8Array, start: number, end: number, maxTrailerBytes: number): number {
    switch (this.mode) {
      case BODY_NONE:
        return start;
      case BODY_LENGTH: {
        const avail = end - start;
        if (avail < this.remaining) { this.remaining -= avail; return BODY_MORE; }
        const stop = start + this.remaining;
        this.remaining = 0;
        return stop;
      }
      case BODY_CHUNKED:
        if (this.chunked.done) return start;
        return this.chunked.consume(buf, start, end, maxTrailerBytes);
      default:
        return BODY_MORE;
    }
  }
}
