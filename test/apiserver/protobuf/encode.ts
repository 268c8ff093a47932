/**
 * A tiny protobuf encoder for building test bodies by hand: each helper returns the bytes of one
 * field (key + value) as a number[], and `message` concatenates them.
 */
export type Bytes = readonly number[];

/** A varint; negative numbers are written as 10-byte two's complement, as Go does for int32/int64. */
export function varint(v: number | bigint): number[] {
  let x = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  do {
    const low = Number(x & 0x7fn);
    x >>= 7n;
    out.push(x > 0n ? low | 0x80 : low);
  } while (x > 0n);
  return out;
}

export const key = (field: number, wireType: number): number[] => varint(field * 8 + wireType);

/** A varint field (int32, int64, bool). */
export const vint = (field: number, v: number | bigint | boolean): number[] => [...key(field, 0), ...varint(typeof v === 'boolean' ? (v ? 1 : 0) : v)];

/** A length-delimited field: a string (UTF-8), or bytes / a nested message. */
export function len(field: number, payload: Bytes | string): number[] {
  const bytes = typeof payload === 'string' ? [...Buffer.from(payload, 'utf8')] : payload;
  return [...key(field, 2), ...varint(bytes.length), ...bytes];
}

export const fixed32 = (field: number): number[] => [...key(field, 5), 1, 2, 3, 4];
export const fixed64 = (field: number): number[] => [...key(field, 1), 1, 2, 3, 4, 5, 6, 7, 8];

export const message = (...fields: Bytes[]): number[] => fields.flat();

/** A nested message field. */
export const sub = (field: number, ...fields: Bytes[]): number[] => len(field, message(...fields));

/** One `map<string, V>` entry: {1: key, 2: value}. */
export const entry = (field: number, k: string, value: Bytes | string): number[] => sub(field, len(1, k), len(2, value));

/** `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw, ...extra}. */
export function envelope(apiVersion: string, kind: string, raw: Bytes, ...extra: Bytes[]): Uint8Array {
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...sub(1, len(1, apiVersion), len(2, kind)), ...len(2, raw), ...message(...extra)]);
}

/** A message nested `depth` times in field 1: {1: {1: {...}}}. */
export function nested(depth: number, inner: Bytes = []): number[] {
  const prefixes: number[][] = [];
  let size = inner.length;
  for (let i = 0; i < depth; i++) {
    const prefix = [...key(1, 2), ...varint(size)];
    prefixes.push(prefix);
    size += prefix.length;
  }
  return [...prefixes.reverse().flat(), ...inner];
}
