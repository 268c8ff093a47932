/**
 * Data-driven protobuf decoding: a message is a table of field number -> {name, type, ...} taken
 * from Kubernetes' generated.proto files, and one generic decoder turns its bytes into the JSON shape
 * the same object has on the JSON path (what `kubectl ... -o json` prints).
 *
 * Kubernetes' Go structs are encoded with proto2 `optional` for every field, but Go writes non-pointer
 * scalars even when they hold their zero value ("", 0, false), while its JSON (`omitempty`) leaves
 * them out. So zero scalars are dropped unless the field is marked `optional` (a Go pointer, where 0
 * or false is a real value: replicas, gracePeriodSeconds). Messages are always kept, even empty
 * (`resources: {}`, `emptyDir: {}`), as Go's JSON does for structs.
 */
import { malformed, WireReader, WireType, type Tag } from './wire.js';

export type ScalarType = 'string' | 'bytes' | 'bool' | 'int32' | 'int64';

/** A field's value type: a scalar, or a nested message. */
export type ValueType = ScalarType | MessageSchema;

/** One field of a message, as generated.proto declares it. */
export interface FieldSchema {
  /** The JSON name. */
  name: string;
  type: ValueType;
  repeated?: true;
  /** `map<string, type>`: on the wire, repeated {1: key, 2: value} entries. */
  map?: true;
  /** A Go pointer: present means set, so a zero value is kept rather than dropped. */
  optional?: true;
  /** A Go embedded struct (Volume.volumeSource, Probe.handler): its fields are merged into the parent in JSON. */
  inline?: true;
}

/**
 * A protobuf message. `fields` maps field numbers to their schema; numbers not listed are skipped.
 * `toJson`, when set, turns the decoded fields into the message's JSON form (a Time becomes an
 * RFC 3339 string, an IntOrString a number or a string); returning undefined drops the field.
 */
export interface MessageSchema {
  name: string;
  fields: Readonly<Record<number, FieldSchema>>;
  toJson?: (decoded: Record<string, unknown>) => unknown;
}

const SCALAR_WIRE: Record<ScalarType, WireType> = {
  string: WireType.LEN, bytes: WireType.LEN, bool: WireType.VARINT, int32: WireType.VARINT, int64: WireType.VARINT,
};

function toSafeNumber(v: bigint, what: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw malformed(`${what}: ${v} is out of range`);
  return n;
}

function readScalar(r: WireReader, type: ScalarType, what: string): unknown {
  switch (type) {
    case 'string': return r.string();
    case 'bytes': return Buffer.from(r.bytesField()).toString('base64');
    case 'bool': return r.varint() !== 0n;
    case 'int32': return Number(BigInt.asIntN(32, r.varint()));
    case 'int64': return toSafeNumber(BigInt.asIntN(64, r.varint()), what);
  }
}

const isZero = (v: unknown): boolean => v === '' || v === 0 || v === false;

/** The value a map entry carries when its value field is missing (proto default). */
function defaultValue(type: ValueType): unknown {
  if (typeof type !== 'string') return finish(type, {});
  return type === 'bool' ? false : type === 'int32' || type === 'int64' ? 0 : '';
}

function finish(schema: MessageSchema, decoded: Record<string, unknown>): unknown {
  return schema.toJson ? schema.toJson(decoded) : decoded;
}

/** Reads one value of `type`, which arrived with `wireType`. */
function readValue(r: WireReader, type: ValueType, wireType: WireType, what: string): unknown {
  const expected = typeof type === 'string' ? SCALAR_WIRE[type] : WireType.LEN;
  if (wireType !== expected) throw malformed(`${what} has wire type ${wireType}, expected ${expected}`);
  return typeof type === 'string' ? readScalar(r, type, what) : decodeFrom(r.sub(), type);
}

/** Reads one map entry {1: key (string), 2: value}. */
function readMapEntry(r: WireReader, type: ValueType, what: string): [string, unknown] {
  const entry = r.sub();
  let key = '';
  let value: unknown;
  while (!entry.done) {
    const tag = entry.tag();
    if (tag.field === 1) key = readValue(entry, 'string', tag.wireType, `${what} key`) as string;
    else if (tag.field === 2) value = readValue(entry, type, tag.wireType, `${what}[${key}]`);
    else entry.skip(tag);
  }
  return [key, value === undefined ? defaultValue(type) : value];
}

/** Packed repeated scalars (one LEN field holding several varints). */
function readPacked(r: WireReader, type: ScalarType, what: string): unknown[] {
  const inner = r.sub();
  const out: unknown[] = [];
  while (!inner.done) out.push(readScalar(inner, type, what));
  return out;
}

function record(target: Record<string, unknown>, key: string): Record<string, unknown> {
  const cur = target[key];
  if (typeof cur === 'object' && cur !== null && !Array.isArray(cur)) return cur as Record<string, unknown>;
  const fresh: Record<string, unknown> = {};
  target[key] = fresh;
  return fresh;
}

function list(target: Record<string, unknown>, key: string): unknown[] {
  const cur = target[key];
  if (Array.isArray(cur)) return cur;
  const fresh: unknown[] = [];
  target[key] = fresh;
  return fresh;
}

/** Decodes one field occurrence into `out`. */
function readField(r: WireReader, tag: Tag, f: FieldSchema, out: Record<string, unknown>, what: string): void {
  if (f.map) {
    if (tag.wireType !== WireType.LEN) throw malformed(`${what} has wire type ${tag.wireType}, expected ${WireType.LEN}`);
    const [key, value] = readMapEntry(r, f.type, what);
    // As on the JSON path (body.ts safeReviver): a `__proto__` key never reaches an object.
    if (key !== '__proto__') record(out, f.name)[key] = value;
  } else if (f.repeated) {
    const packed = typeof f.type === 'string' && tag.wireType === WireType.LEN && SCALAR_WIRE[f.type] === WireType.VARINT;
    const items = list(out, f.name);
    if (packed && typeof f.type === 'string') for (const v of readPacked(r, f.type, what)) items.push(v);
    else items.push(readValue(r, f.type, tag.wireType, what));
  } else {
    const value = readValue(r, f.type, tag.wireType, what);
    if (f.inline && typeof value === 'object' && value !== null) Object.assign(out, value);
    else if (value === undefined || (isZero(value) && !f.optional)) delete out[f.name];
    else out[f.name] = value;
  }
}

function decodeFrom(r: WireReader, schema: MessageSchema): unknown {
  const out: Record<string, unknown> = {};
  while (!r.done) {
    const tag = r.tag();
    const f = schema.fields[tag.field];
    if (f) readField(r, tag, f, out, `${schema.name}.${f.name}`);
    else r.skip(tag);
  }
  return finish(schema, out);
}

/**
 * Decodes `bytes` as the message `schema` into its JSON shape. Unknown fields are skipped; malformed
 * input, wrong wire types and nesting past MAX_DEPTH throw BadRequestError (400).
 */
export function decodeMessage(schema: MessageSchema, bytes: Uint8Array): unknown {
  return decodeFrom(new WireReader(bytes), schema);
}
