/**
 * Seeded hostile values for fuzzing the API server: a xorshift32 PRNG, values of every JSON type
 * that break naive code (NUL and lone surrogates, huge strings, 5000-deep nesting, own `__proto__`
 * keys, objects whose `toString` is not callable, -0, 1e999), and mutations of valid manifests.
 * Values that JSON.stringify cannot express (own `__proto__` keys, -0, 1e999, very deep nesting)
 * are `Raw` JSON text, spliced in by encodeJson.
 */

/** A deterministic random source (xorshift32). */
export interface Rng {
  /** In [0, 1). */
  float(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

export function xorshift32(seed: number): Rng {
  let s = seed >>> 0 || 0x9e3779b9;
  const float = (): number => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
  const int = (n: number): number => Math.floor(float() * n);
  return {
    float, int,
    pick<T>(xs: readonly T[]): T {
      const x = xs[int(xs.length)];
      if (x === undefined) throw new Error('pick from an empty list');
      return x;
    },
    chance: (p) => float() < p,
  };
}

/** JSON text spliced into a body as is. */
export class Raw {
  constructor(readonly text: string) {}
}

/** JSON.stringify that splices Raw values in (and keeps own `__proto__` keys, which JSON.stringify does). */
export function encodeJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Raw) { raws.push(v.text); return `@@RAW:${raws.length - 1}@@`; }
    return v;
  }) ?? 'null';
  return text.replace(/"@@RAW:(\d+)@@"/g, (_m, i: string) => raws[Number(i)] ?? 'null');
}

type Json = Record<string, unknown>;
export type Path = (string | number)[];
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Raw);

/** A deep copy that keeps own `__proto__` keys as data and Raw values by reference. */
export function copy<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => copy(x)) as T;
  if (!isObj(v)) return v;
  const out: Json = {};
  for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: copy(v[k]), enumerable: true, writable: true, configurable: true });
  return out as T;
}

export const deepObject = (depth: number): Raw => new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
export const deepArray = (depth: number): Raw => new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);
export const manyLabels = (n: number): Json => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, `v${i}`]));

/** An object whose toString/valueOf are not functions: String(x) and `${x}` throw TypeError. */
export const UNCONVERTIBLE = { toString: 1, valueOf: 1 };
export const PROTO_KEY = new Raw('{"__proto__":{"polluted":"yes"},"a":"b"}');
export const CONSTRUCTOR_KEY = { constructor: { prototype: { polluted: 'yes' } } };

export const HOSTILE_STRINGS: readonly string[] = [
  '', ' ', 'UPPER', '-lead', 'trail-', 'a..b', 'a/b', '../../x', 'a\u0000b', '\u0000', 'ünï-cödé', '名前', '🙂', '\ud800',
  '\u202eevil', 'a b', 'x'.repeat(64), 'y'.repeat(254), '-1', '1e999', 'NaN', 'Infinity', 'true', 'null', '0x10',
  '__proto__', 'constructor', 'toString', '$patch', '\n\t', '%00', '<script>alert(1)</script>', '${HOME}', '*', '.', '..',
];
const HOSTILE_NUMBERS: readonly unknown[] = [
  0, -1, 1.5, -2.5, 1e308, -1e308, 65536, 2147483647, 2147483648, 4294967297, 5e-324, 100001,
  new Raw('-0'), new Raw('1e999'), new Raw('-1e999'), new Raw('9007199254740993'), new Raw('1.0'), new Raw('1E2'),
];
const HOSTILE_OBJECTS: readonly (() => unknown)[] = [
  () => ({}), () => ({ a: 1 }), () => ({ ...UNCONVERTIBLE }), () => PROTO_KEY, () => copy(CONSTRUCTOR_KEY),
  () => deepObject(5000), () => deepArray(5000), () => ({ $patch: 'delete' }), () => ({ name: UNCONVERTIBLE, kind: UNCONVERTIBLE }),
];
const HOSTILE_ARRAYS: readonly (() => unknown)[] = [
  () => [], () => [null], () => [1, 'a', {}], () => ['a', 'b'], () => [[]], () => [{ ...UNCONVERTIBLE }], () => [PROTO_KEY],
  () => Array.from({ length: 1000 }, (_, i) => i),
];

/** One hostile value of any JSON type; huge strings are rare so a run stays fast. */
export function hostileValue(rng: Rng): unknown {
  const r = rng.float();
  if (r < 0.28) return rng.pick(HOSTILE_STRINGS);
  if (r < 0.48) return rng.pick(HOSTILE_NUMBERS);
  if (r < 0.62) return rng.pick(HOSTILE_OBJECTS)();
  if (r < 0.76) return rng.pick(HOSTILE_ARRAYS)();
  if (r < 0.82) return null;
  if (r < 0.88) return rng.chance(0.5);
  if (r < 0.92) return manyLabels(rng.pick([100, 3000]));
  if (r < 0.995) return rng.pick(['z'.repeat(10_000), `${'ä'.repeat(2000)}\u0000`]);
  return 'h'.repeat(1_000_000);
}

/** A value of a different JSON type than `v` (string <-> number <-> array <-> object <-> null <-> bool). */
export function swapType(rng: Rng, v: unknown): unknown {
  const options: unknown[] = [];
  if (typeof v !== 'string') options.push(typeof v === 'number' ? String(v) : rng.pick(HOSTILE_STRINGS));
  if (typeof v !== 'number') options.push(typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : rng.pick(HOSTILE_NUMBERS));
  if (!Array.isArray(v)) options.push(isObj(v) ? Object.entries(v) : [v]);
  if (!isObj(v)) options.push(Array.isArray(v) ? { ...v } : { value: v });
  if (v !== null) options.push(null);
  if (typeof v !== 'boolean') options.push(rng.chance(0.5));
  return rng.pick(options);
}

/** Every path in `root` (objects and arrays, not Raw), breadth first, at most `limit`. */
export function pathsOf(root: unknown, limit = 400): Path[] {
  const out: Path[] = [];
  const todo: { v: unknown; p: Path }[] = [{ v: root, p: [] }];
  while (todo.length > 0 && out.length < limit) {
    const { v, p } = todo.shift() ?? { v: undefined, p: [] };
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x: unknown, i) => [i, x]) : isObj(v) ? Object.entries(v) : [];
    for (const [k, child] of entries) { out.push([...p, k]); todo.push({ v: child, p: [...p, k] }); }
  }
  return out;
}

/** The child at `k`: own properties only, so a `__proto__` key never reaches Object.prototype. */
function childAt(cur: unknown, k: string | number): unknown {
  if (Array.isArray(cur)) return cur[Number(k)];
  return isObj(cur) && Object.hasOwn(cur, String(k)) ? cur[String(k)] : undefined;
}

function parentAt(root: unknown, path: Path): unknown {
  let cur = root;
  for (const k of path.slice(0, -1)) cur = childAt(cur, k);
  return cur;
}

/**
 * Sets a copy of `value` at `path` in place (an own data property, even for `__proto__`); copying
 * keeps later mutations out of shared constants such as UNCONVERTIBLE.
 */
export function setAt(root: unknown, path: Path, v: unknown): void {
  const parent = parentAt(root, path);
  const key = path[path.length - 1];
  if (key === undefined) return;
  const value = copy(v);
  if (Array.isArray(parent) && typeof key === 'number') parent[key] = value;
  else if (isObj(parent)) Object.defineProperty(parent, String(key), { value, enumerable: true, writable: true, configurable: true });
}

export function deleteAt(root: unknown, path: Path): void {
  const parent = parentAt(root, path);
  const key = path[path.length - 1];
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else if (isObj(parent) && key !== undefined && Object.hasOwn(parent, String(key))) delete parent[String(key)];
}

export function getAt(root: unknown, path: Path): unknown {
  const parent = parentAt(root, path);
  const key = path[path.length - 1];
  if (key === undefined) return root;
  return childAt(parent, key);
}

const HOSTILE_NAMES: readonly unknown[] = [
  'Bad_Name', 'UPPER', 'a'.repeat(64), 'b'.repeat(254), 'a\u0000', 'ünï', '', '-x', 'x-', 'a.b', '.', '..', 'a/b', '%2F', ' x', '名前',
  5, null, ['a'], { ...UNCONVERTIBLE }, true,
];
const HOSTILE_LABELS: readonly (() => unknown)[] = [
  () => manyLabels(3000), () => ({ 'a\u0000': 'b' }), () => ({ ключ: 'v' }), () => ({ a: 'v\u0000' }), () => ({ 'a/b/c': 'x' }),
  () => ({ '': 'x' }), () => ({ constructor: 'x' }), () => ['a=b'], () => 'a=b', () => ({ a: 1 }), () => ({ a: null }), () => ({ a: {} }),
  () => ({ a: 'x'.repeat(64) }), () => ({ [`${'p'.repeat(254)}/a`]: 'x' }), () => PROTO_KEY, () => ({ a: { ...UNCONVERTIBLE } }),
];

const KEYS_TO_ADD: readonly string[] = ['foo', '__proto__', 'constructor', 'prototype', '$patch', 'status', 'a\u0000b', '', 'spec', 'x'.repeat(300)];

/** One random mutation of `obj` in place. */
export function mutateOnce(rng: Rng, obj: Json): void {
  const paths = pathsOf(obj);
  const path = paths.length > 0 ? rng.pick(paths) : ['x'];
  switch (rng.int(8)) {
    case 0: case 1: setAt(obj, path, hostileValue(rng)); break;
    case 2: case 3: setAt(obj, path, swapType(rng, getAt(obj, path))); break;
    case 4: deleteAt(obj, path); break;
    case 5: {
      const holders = [[], ...paths].filter((p) => isObj(getAt(obj, p)));
      setAt(obj, [...rng.pick(holders), rng.pick(KEYS_TO_ADD)], hostileValue(rng));
      break;
    }
    case 6: setAt(obj, ['metadata', 'name'], rng.pick(HOSTILE_NAMES)); break;
    default: if (isObj(obj.metadata)) setAt(obj, ['metadata', 'labels'], rng.pick(HOSTILE_LABELS)()); break;
  }
}

/** A copy of `obj` with 1-4 random mutations. */
export function mutate(rng: Rng, obj: Json): Json {
  const out = copy(obj);
  for (let n = 1 + rng.int(4); n > 0; n--) mutateOnce(rng, out);
  return out;
}
