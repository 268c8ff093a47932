/**
 * The wire reader: varints, tags, lengths, skipping of every wire type, and that each malformed
 * input ends in a 400 BadRequestError rather than a crash, an out-of-range read or a hang.
 */
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../../api/errors.js';
import { MAX_DEPTH, WireReader, WireType } from '../../../apiserver/protobuf/wire.js';
import { fixed32, fixed64, key, len, nested, varint, vint } from './encode.js';

const reader = (bytes: readonly number[]): WireReader => new WireReader(Uint8Array.from(bytes));

function expect400(fn: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try { fn(); } catch (err) { thrown = err; }
  expect(thrown).toBeInstanceOf(BadRequestError);
  expect(thrown).toMatchObject({ httpStatus: 400, reason: 'BadRequest' });
  expect((thrown as Error).message).toMatch(message);
}

describe('varint', () => {
  it.each([
    { name: 'zero', bytes: [0x00], want: 0n },
    { name: 'one byte', bytes: [0x7f], want: 127n },
    { name: '150 (the protobuf docs example)', bytes: [0x96, 0x01], want: 150n },
    { name: 'non-minimal encoding of 1', bytes: [0x81, 0x80, 0x00], want: 1n },
    { name: '2^32', bytes: [0x80, 0x80, 0x80, 0x80, 0x10], want: 2n ** 32n },
    { name: 'uint64 max (10 bytes)', bytes: [...Array<number>(9).fill(0xff), 0x01], want: 2n ** 64n - 1n },
    { name: '-1 as Go writes an int32', bytes: varint(-1), want: 2n ** 64n - 1n },
  ])('$name', ({ bytes, want }) => {
    const r = reader(bytes);
    expect(r.varint()).toBe(want);
    expect(r.done).toBe(true);
  });

  it.each([
    { name: 'empty input', bytes: [], error: /truncated at byte 0/ },
    { name: 'continuation bit on the last byte', bytes: [0x80], error: /truncated at byte 1/ },
    { name: 'truncated after 9 bytes', bytes: Array<number>(9).fill(0xff), error: /truncated/ },
    { name: '11 bytes (overlong)', bytes: [...Array<number>(10).fill(0x80), 0x00], error: /overflows 64 bits|longer than 10 bytes/ },
    { name: '10th byte overflows 64 bits', bytes: [...Array<number>(9).fill(0xff), 0x02], error: /overflows 64 bits/ },
  ])('$name -> 400', ({ bytes, error }) => {
    expect400(() => reader(bytes).varint(), error);
    expect400(() => reader(bytes).smallVarint(), error);
  });

  it('a length beyond 2^53 is refused by the fast path', () => {
    expect400(() => reader(varint(2n ** 60n)).smallVarint(), /out of range/);
  });
});

describe('tag', () => {
  it.each([
    { name: 'field 1, LEN', bytes: key(1, 2), field: 1, wireType: WireType.LEN },
    { name: 'field 17, VARINT (two-byte key)', bytes: key(17, 0), field: 17, wireType: WireType.VARINT },
    { name: 'largest field number', bytes: key(0x1fffffff, 5), field: 0x1fffffff, wireType: WireType.FIXED32 },
  ])('$name', ({ bytes, field, wireType }) => {
    expect(reader(bytes).tag()).toEqual({ field, wireType });
  });

  it.each([
    { name: 'field number 0', bytes: key(0, 0), error: /invalid field number 0/ },
    { name: 'field number past 2^29-1', bytes: key(0x20000000, 0), error: /invalid field number/ },
    { name: 'wire type 6', bytes: key(1, 6), error: /invalid wire type 6/ },
    { name: 'wire type 7', bytes: key(1, 7), error: /invalid wire type 7/ },
  ])('$name -> 400', ({ bytes, error }) => {
    expect400(() => reader(bytes).tag(), error);
  });
});

describe('length-delimited values', () => {
  it('reads a string and the bytes after it', () => {
    const r = reader([...len(1, 'héllo'), ...vint(2, 7)]);
    expect(r.tag()).toEqual({ field: 1, wireType: WireType.LEN });
    expect(r.string()).toBe('héllo');
    expect(r.tag()).toEqual({ field: 2, wireType: WireType.VARINT });
    expect(r.varint()).toBe(7n);
    expect(r.done).toBe(true);
  });

  it('invalid UTF-8 becomes U+FFFD instead of failing', () => {
    const r = reader([...key(1, 2), 2, 0xc3, 0x28]);
    r.tag();
    expect(r.string()).toBe('\ufffd(');
  });

  it.each([
    { name: 'length past the end', bytes: [...key(1, 2), 5, 0x61], error: /length 5 at byte 2 runs past the end/ },
    { name: 'huge length', bytes: [...key(1, 2), ...varint(2 ** 40)], error: /runs past the end/ },
    { name: 'missing length', bytes: key(1, 2), error: /truncated/ },
  ])('$name -> 400', ({ bytes, error }) => {
    const r = reader(bytes);
    r.tag();
    expect400(() => r.bytesField(), error);
  });

  it('a sub-reader cannot read past its own length into the parent', () => {
    const r = reader([...len(1, [...key(2, 2), 3]), 0x61, 0x62, 0x63]);
    r.tag();
    const inner = r.sub();
    inner.tag();
    expect400(() => inner.string(), /runs past the end/);
  });

  it(`messages nested ${MAX_DEPTH} levels are read; one more is 400`, () => {
    const descend = (bytes: number[], levels: number): void => {
      let r = reader(bytes);
      for (let i = 0; i < levels; i++) { r.tag(); r = r.sub(); }
    };
    expect(() => descend(nested(MAX_DEPTH), MAX_DEPTH)).not.toThrow();
    expect400(() => descend(nested(MAX_DEPTH + 1), MAX_DEPTH + 1), /nested deeper than 32/);
  });
});

describe('skip', () => {
  const group = (field: number, ...inner: number[][]): number[] => [...key(field, 3), ...inner.flat(), ...key(field, 4)];

  it.each([
    { name: 'varint', bytes: vint(1, 300) },
    { name: 'negative varint (10 bytes)', bytes: vint(1, -5) },
    { name: 'fixed64', bytes: fixed64(1) },
    { name: 'fixed32', bytes: fixed32(1) },
    { name: 'length-delimited', bytes: len(1, 'skipped') },
    { name: 'group with fields', bytes: group(1, vint(2, 1), len(3, 'x'), fixed32(4)) },
    { name: 'nested groups', bytes: group(1, group(2, group(3, vint(4, 1)))) },
  ])('$name, then the next field', ({ bytes }) => {
    const r = reader([...bytes, ...vint(9, 42)]);
    r.skip(r.tag());
    expect(r.tag()).toEqual({ field: 9, wireType: WireType.VARINT });
    expect(r.varint()).toBe(42n);
    expect(r.done).toBe(true);
  });

  const deepGroups = (depth: number): number[] => {
    let cur: number[] = [];
    for (let i = 0; i < depth; i++) cur = group(1, cur);
    return cur;
  };

  it.each([
    { name: 'truncated fixed64', bytes: [...key(1, 1), 1, 2, 3], error: /truncated/ },
    { name: 'truncated fixed32', bytes: [...key(1, 5), 1], error: /truncated/ },
    { name: 'truncated varint', bytes: [...key(1, 0), 0xff], error: /truncated/ },
    { name: 'unclosed group', bytes: [...key(1, 3), ...vint(2, 1)], error: /group 1 is not closed/ },
    { name: 'group closed with another number', bytes: [...key(1, 3), ...key(2, 4)], error: /group 1 closed as 2/ },
    { name: 'stray end of group', bytes: key(1, 4), error: /unexpected end of group 1/ },
    { name: `groups nested past ${MAX_DEPTH}`, bytes: deepGroups(MAX_DEPTH + 5), error: /nested deeper than 32/ },
  ])('$name -> 400', ({ bytes, error }) => {
    const r = reader(bytes);
    expect400(() => r.skip(r.tag()), error);
  });
});
