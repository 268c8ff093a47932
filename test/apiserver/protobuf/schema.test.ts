/**
 * The generic, table-driven message decoder: scalar types, Go's zero-value rules (dropped unless the
 * field is a pointer), maps, repeated (packed and not), embedded structs, unknown fields, the
 * Time/Quantity/IntOrString conversions, and the 400s for wrong wire types and deep nesting.
 */
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../../api/errors.js';
import { IntOrString, Quantity, Time } from '../../../apiserver/protobuf/meta.js';
import { decodeMessage, type FieldSchema, type MessageSchema } from '../../../apiserver/protobuf/schema.js';
import { MAX_DEPTH } from '../../../apiserver/protobuf/wire.js';
import { entry, fixed32, fixed64, key, len, message, nested, sub, varint, vint, type Bytes } from './encode.js';

const Inner: MessageSchema = { name: 'Inner', fields: { 1: { name: 'a', type: 'string' }, 2: { name: 'b', type: 'int32' } } };

const Sample: MessageSchema = {
  name: 'Sample',
  fields: {
    1: { name: 'str', type: 'string' },
    2: { name: 'i32', type: 'int32' },
    3: { name: 'i64', type: 'int64' },
    4: { name: 'flag', type: 'bool' },
    5: { name: 'blob', type: 'bytes' },
    6: { name: 'ptrInt', type: 'int32', optional: true },
    7: { name: 'ptrBool', type: 'bool', optional: true },
    8: { name: 'inner', type: Inner },
    9: { name: 'labels', type: 'string', map: true },
    10: { name: 'tags', type: 'string', repeated: true },
    11: { name: 'nums', type: 'int32', repeated: true },
    12: { name: 'items', type: Inner, repeated: true },
    13: { name: 'embedded', type: Inner, inline: true },
    14: { name: 'sizes', type: Quantity, map: true },
    15: { name: 'blobs', type: 'bytes', map: true },
    16: { name: 'when', type: Time },
    17: { name: 'port', type: IntOrString },
    18: { name: 'maxSurge', type: IntOrString, optional: true },
  },
};

const decode = (...fields: Bytes[]): unknown => decodeMessage(Sample, Uint8Array.from(message(...fields)));
const ios = (type: number, intVal: number, strVal: string): number[] => message(vint(1, type), vint(2, intVal), len(3, strVal));

describe('decodeMessage', () => {
  it.each([
    { name: 'strings and numbers', fields: [len(1, 'hi'), vint(2, 42), vint(3, 2 ** 40)], want: { str: 'hi', i32: 42, i64: 2 ** 40 } },
    { name: 'negative int32 in 10 bytes', fields: [vint(2, -7)], want: { i32: -7 } },
    { name: 'negative int64', fields: [vint(3, -9_000_000_000)], want: { i64: -9_000_000_000 } },
    { name: 'int32 wraps as Go truncates it', fields: [vint(2, 2 ** 32 + 5)], want: { i32: 5 } },
    { name: 'bool true', fields: [vint(4, true)], want: { flag: true } },
    { name: 'bytes as base64', fields: [len(5, [0, 1, 0xfe, 0xff])], want: { blob: 'AAH+/w==' } },
    { name: 'Go zero values are dropped (omitempty)', fields: [len(1, ''), vint(2, 0), vint(3, 0), vint(4, false), len(5, [])], want: {} },
    { name: 'pointer zero values are kept', fields: [vint(6, 0), vint(7, false)], want: { ptrInt: 0, ptrBool: false } },
    { name: 'an empty message is kept as {}', fields: [len(8, [])], want: { inner: {} } },
    { name: 'a nested message', fields: [sub(8, len(1, 'x'), vint(2, 3))], want: { inner: { a: 'x', b: 3 } } },
    { name: 'the last occurrence of a scalar wins', fields: [len(1, 'first'), len(1, 'second')], want: { str: 'second' } },
    { name: 'a later zero clears an earlier value', fields: [vint(2, 4), vint(2, 0)], want: {} },
  ])('$name', ({ fields, want }) => {
    expect(decode(...fields)).toEqual(want);
  });

  it.each([
    { name: 'string map', fields: [entry(9, 'app', 'web'), entry(9, 'tier', '')], want: { labels: { app: 'web', tier: '' } } },
    { name: 'an entry without value gets the default', fields: [sub(9, len(1, 'k'))], want: { labels: { k: '' } } },
    { name: 'an entry without key has key ""', fields: [sub(9, len(2, 'v'))], want: { labels: { '': 'v' } } },
    { name: 'a repeated key keeps the last value', fields: [entry(9, 'a', '1'), entry(9, 'a', '2')], want: { labels: { a: '2' } } },
    { name: 'map of Quantity messages', fields: [entry(14, 'cpu', len(1, '500m')), entry(14, 'memory', [])], want: { sizes: { cpu: '500m', memory: '0' } } },
    { name: 'map of bytes', fields: [entry(15, 'k', [0xff])], want: { blobs: { k: '/w==' } } },
    { name: 'unknown fields in an entry are skipped', fields: [sub(9, vint(3, 1), len(1, 'k'), fixed64(4), len(2, 'v'))], want: { labels: { k: 'v' } } },
  ])('maps: $name', ({ fields, want }) => {
    expect(decode(...fields)).toEqual(want);
  });

  it('a __proto__ map key is dropped and never reaches a prototype', () => {
    const got = decode(entry(9, '__proto__', 'polluted'), entry(9, 'ok', '1')) as { labels: Record<string, unknown> };
    expect(got.labels).toEqual({ ok: '1' });
    expect(Object.getPrototypeOf(got.labels)).toBe(Object.prototype);
    expect(Object.keys(got.labels)).toEqual(['ok']);
  });

  it.each([
    { name: 'repeated strings keep order and empty items', fields: [len(10, 'a'), len(10, ''), len(10, 'c')], want: { tags: ['a', '', 'c'] } },
    { name: 'unpacked repeated int32', fields: [vint(11, 1), vint(11, 0), vint(11, -1)], want: { nums: [1, 0, -1] } },
    { name: 'packed repeated int32', fields: [len(11, [...varint(1), ...varint(300), ...varint(-2)])], want: { nums: [1, 300, -2] } },
    { name: 'packed and unpacked mixed', fields: [vint(11, 1), len(11, [...varint(2), ...varint(3)])], want: { nums: [1, 2, 3] } },
    { name: 'repeated messages, empty ones kept', fields: [sub(12, len(1, 'x')), sub(12)], want: { items: [{ a: 'x' }, {}] } },
  ])('repeated: $name', ({ fields, want }) => {
    expect(decode(...fields)).toEqual(want);
  });

  it('an embedded (inline) message merges its fields into the parent', () => {
    expect(decode(len(1, 'top'), sub(13, len(1, 'from-inline'), vint(2, 9)))).toEqual({ str: 'top', a: 'from-inline', b: 9 });
  });

  it('unknown fields of every wire type are skipped', () => {
    const group = [...key(40, 3), ...vint(1, 1), ...key(40, 4)];
    expect(decode(vint(30, 1), len(1, 'kept'), fixed32(31), fixed64(32), len(33, 'x'), group, vint(2, 5))).toEqual({ str: 'kept', i32: 5 });
  });

  it.each([
    { name: 'unset Time is dropped', fields: [len(16, [])], want: {} },
    { name: 'Time -> RFC 3339 at second precision', fields: [sub(16, vint(1, 1_700_000_000), vint(2, 5))], want: { when: '2023-11-14T22:13:20Z' } },
    { name: 'IntOrString int', fields: [len(17, ios(0, 8080, ''))], want: { port: 8080 } },
    { name: 'IntOrString string', fields: [len(17, ios(1, 0, 'http'))], want: { port: 'http' } },
    { name: 'IntOrString zero is dropped (Go omitempty)', fields: [len(17, ios(0, 0, ''))], want: {} },
    { name: 'pointer IntOrString zero is kept', fields: [len(18, ios(0, 0, ''))], want: { maxSurge: 0 } },
    { name: 'pointer IntOrString percent', fields: [len(18, ios(1, 0, '25%'))], want: { maxSurge: '25%' } },
  ])('conversions: $name', ({ fields, want }) => {
    expect(decode(...fields)).toEqual(want);
  });

  it.each([
    { name: 'string sent as varint', fields: [vint(1, 1)], error: /Sample\.str has wire type 0, expected 2/ },
    { name: 'int32 sent as LEN', fields: [len(2, 'x')], error: /Sample\.i32 has wire type 2, expected 0/ },
    { name: 'message sent as fixed32', fields: [fixed32(8)], error: /Sample\.inner has wire type 5/ },
    { name: 'map sent as varint', fields: [vint(9, 1)], error: /Sample\.labels has wire type 0/ },
    { name: 'int64 past 2^53', fields: [vint(3, 2n ** 60n)], error: /out of range/ },
    { name: 'Time past year 275760', fields: [sub(16, vint(1, 10n ** 15n))], error: /Time: .* out of range/ },
    { name: 'truncated nested message', fields: [[...key(8, 2), 4, ...len(1, 'abc')]], error: /runs past the end/ },
    { name: 'truncated packed varint', fields: [len(11, [0x80])], error: /truncated/ },
  ])('$name -> 400', ({ fields, error }) => {
    expect(() => decode(...fields)).toThrow(BadRequestError);
    expect(() => decode(...fields)).toThrow(error);
  });

  describe('nesting depth', () => {
    // A self-referencing schema (message Node { Node child = 1; }) is the only way real schemas
    // could recurse without bound; the reader's depth limit stops it.
    const fields: Record<number, FieldSchema> = {};
    const Node: MessageSchema = { name: 'Node', fields };
    fields[1] = { name: 'child', type: Node };
    const chain = (depth: number): unknown => decodeMessage(Node, Uint8Array.from(nested(depth)));

    it(`${MAX_DEPTH} levels decode`, () => {
      let got = chain(MAX_DEPTH);
      for (let i = 0; i < MAX_DEPTH; i++) got = (got as { child: unknown }).child;
      expect(got).toEqual({});
    });

    it.each([MAX_DEPTH + 1, 10_000])('%i levels -> 400, no stack overflow', (depth) => {
      expect(() => chain(depth)).toThrow(BadRequestError);
      expect(() => chain(depth)).toThrow(/nested deeper than 32 levels/);
    });
  });
});
