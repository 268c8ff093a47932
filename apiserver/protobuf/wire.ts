/**
 * A minimal reader for the protobuf wire format (https://protobuf.dev/programming-guides/encoding/):
 * varints, length-delimited fields, fixed32/fixed64 and skipping of unknown fields. Every read is
 * bounds-checked against the slice it was given and always moves forward, so hostile input ends in
 * a BadRequestError (400), never in a crash, an out-of-range read or a loop.
 */
import { BadRequestError } from '../../api/errors.js';

export const WireType = { VARINT: 0, FIXED64: 1, LEN: 2, START_GROUP: 3, END_GROUP: 4, FIXED32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/** Messages (and groups) nested deeper than this are refused: no real Kubernetes object comes close. */
export const MAX_DEPTH = 32;

const MAX_VARINT_BYTES = 10;

/** One field's key: its number and how its value is encoded. */
export interface Tag { field: number; wireType: WireType }

/** The 400 every malformed body gets; `what` says where the bytes stopped making sense. */
export function malformed(what: string): BadRequestError {
  return new BadRequestError(`the body of the request could not be decoded as protobuf: ${what}`);
}

/**
 * Reads fields from `bytes[start, end)`. A reader for a nested message is made with `sub()`, which
 * shares the buffer (no copy) and carries the nesting depth.
 */
export class WireReader {
  private pos: number;

  constructor(private readonly bytes: Uint8Array, start = 0, private readonly end = bytes.length, readonly depth = 0) {
    if (depth > MAX_DEPTH) throw malformed(`messages nested deeper than ${MAX_DEPTH} levels`);
    this.pos = start;
  }

  get done(): boolean { return this.pos >= this.end; }

  private byte(): number {
    const b = this.pos < this.end ? this.bytes[this.pos] : undefined;
    if (b === undefined) throw malformed(`truncated at byte ${this.pos}`);
    this.pos++;
    return b;
  }

  /**
   * A varint as an unsigned 64-bit value. Refuses varints longer than 10 bytes and 10-byte varints
   * whose last byte overflows 64 bits.
   */
  varint(): bigint {
    let value = 0n;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const b = this.byte();
      if (i === MAX_VARINT_BYTES - 1 && b > 1) throw malformed('varint overflows 64 bits');
      value |= BigInt(b & 0x7f) << BigInt(7 * i);
      if (b < 0x80) return value;
    }
    throw malformed('varint longer than 10 bytes');
  }

  /** A varint that must fit a safe integer (tags and lengths): the fast path, no bigint. */
  smallVarint(): number {
    let value = 0;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const b = this.byte();
      if (i === MAX_VARINT_BYTES - 1 && b > 1) throw malformed('varint overflows 64 bits');
      value += (b & 0x7f) * 2 ** (7 * i);
      if (b < 0x80) {
        if (!Number.isSafeInteger(value)) throw malformed('length or tag out of range');
        return value;
      }
    }
    throw malformed('varint longer than 10 bytes');
  }

  tag(): Tag {
    const key = this.smallVarint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (field < 1 || field > 0x1fffffff) throw malformed(`invalid field number ${field}`);
    if (wireType > WireType.FIXED32) throw malformed(`invalid wire type ${wireType} for field ${field}`);
    return { field, wireType: wireType as WireType };
  }

  /** The bounds `[start, end)` of a length-delimited value, and moves past it. */
  private span(): [number, number] {
    const length = this.smallVarint();
    if (length > this.end - this.pos) throw malformed(`length ${length} at byte ${this.pos} runs past the end of its message`);
    const start = this.pos;
    this.pos += length;
    return [start, this.pos];
  }

  /** A length-delimited value as bytes (a view into the same buffer). */
  bytesField(): Uint8Array {
    const [start, end] = this.span();
    return this.bytes.subarray(start, end);
  }

  /** A length-delimited value as UTF-8 text (invalid sequences become U+FFFD, as Go's JSON encoder does). */
  string(): string {
    const [start, end] = this.span();
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, end - start).toString('utf8');
  }

  /** A reader over a length-delimited value, one level deeper. */
  sub(): WireReader {
    const [start, end] = this.span();
    return new WireReader(this.bytes, start, end, this.depth + 1);
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) throw malformed(`truncated at byte ${this.pos}`);
    this.pos += n;
  }

  /** Skips the value of a field this reader does not know. */
  skip(tag: Tag): void {
    switch (tag.wireType) {
      case WireType.VARINT: this.varint(); return;
      case WireType.FIXED64: this.advance(8); return;
      case WireType.FIXED32: this.advance(4); return;
      case WireType.LEN: this.span(); return;
      case WireType.START_GROUP: this.skipGroup(tag.field); return;
      case WireType.END_GROUP: throw malformed(`unexpected end of group ${tag.field}`);
    }
  }

  /** Skips a (deprecated) group up to its matching END_GROUP, counting it as one nesting level. */
  private skipGroup(field: number): void {
    const inner = new WireReader(this.bytes, this.pos, this.end, this.depth + 1);
    for (;;) {
      if (inner.done) throw malformed(`group ${field} is not closed`);
      const t = inner.tag();
      if (t.wireType === WireType.END_GROUP) {
        if (t.field !== field) throw malformed(`group ${field} closed as ${t.field}`);
        break;
      }
      inner.skip(t);
    }
    this.pos = inner.pos;
  }
}
