/**
 * Garbage patch documents for the fuzzer: merge and apply patches built from mutated objects,
 * strategic patches with directives in odd places ($patch on scalars, $setElementOrder with
 * non-lists, $retainKeys of unconvertible values), and JSON patches with bad ops and paths.
 */
import { copy, deepArray, getAt, hostileValue, HOSTILE_STRINGS, mutate, pathsOf, Raw, setAt, UNCONVERTIBLE, type Path, type Rng } from './hostile-values.js';

type Json = Record<string, unknown>;

const pointer = (p: Path): string => `/${p.map((k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

const BAD_POINTERS = ['', '/', 'no-slash', '/a/~2', '/spec/containers/-', '/spec/containers/99', '/spec/containers/01', '/metadata/labels/a~1b',
  '/__proto__/polluted', '/constructor/prototype/polluted', '/metadata/__proto__/x', '/spec/containers/-1', '/spec/replicas/x', '//', '/metadata/name/0'];
const OPS: readonly unknown[] = ['add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus', 5, null, { ...UNCONVERTIBLE }];

function jsonPatchOp(rng: Rng, target: Json): unknown {
  const paths = pathsOf(target);
  const path = rng.chance(0.6) && paths.length > 0 ? pointer(rng.pick(paths)) : rng.pick(BAD_POINTERS);
  const op: Json = { op: rng.pick(OPS), path: rng.chance(0.95) ? path : hostileValue(rng) };
  if (rng.chance(0.8)) op.value = hostileValue(rng);
  if (rng.chance(0.3)) op.from = rng.chance(0.5) && paths.length > 0 ? pointer(rng.pick(paths)) : rng.pick(BAD_POINTERS);
  return rng.chance(0.05) ? hostileValue(rng) : op;
}

function jsonPatch(rng: Rng, target: Json): unknown {
  if (rng.chance(0.05)) return hostileValue(rng);
  return Array.from({ length: 1 + rng.int(4) }, () => jsonPatchOp(rng, target));
}

const DIRECTIVE_VALUES: readonly unknown[] = ['delete', 'replace', 'merge', 'retainKeys', 5, null, {}, [], { ...UNCONVERTIBLE }];

/** Puts a strategic-merge directive somewhere in `doc`. */
function addDirective(rng: Rng, doc: Json): void {
  const holders: Path[] = [[], ...pathsOf(doc).filter((p) => { const v = getAt(doc, p); return typeof v === 'object' && v !== null && !Array.isArray(v); })];
  const scalars = pathsOf(doc).filter((p) => { const v = getAt(doc, p); return v === null || typeof v !== 'object'; });
  const at = rng.pick(holders);
  switch (rng.int(6)) {
    case 0: setAt(doc, [...at, '$patch'], rng.pick(DIRECTIVE_VALUES)); break;
    case 1: if (scalars.length > 0) setAt(doc, rng.pick(scalars), { $patch: rng.pick(DIRECTIVE_VALUES) }); break;
    case 2: setAt(doc, [...at, `$setElementOrder/${rng.pick(['containers', 'env', 'ports', 'conditions', 'x', ''])}`], rng.pick([5, 'x', {}, [{ name: 5 }], [null], [{ ...UNCONVERTIBLE }], deepArray(5000)])); break;
    case 3: setAt(doc, [...at, '$retainKeys'], rng.pick([['metadata'], [{ ...UNCONVERTIBLE }], 'x', [null, 5], {}])); break;
    case 4: setAt(doc, [...at, `$deleteFromPrimitiveList/${rng.pick(['args', 'command', 'finalizers', 'x'])}`], rng.pick([['hi'], 'x', 5, [{ ...UNCONVERTIBLE }], null])); break;
    default: setAt(doc, [...at, 'containers'], [{ name: rng.pick(['app', 'side', 5, null]), $patch: rng.pick(DIRECTIVE_VALUES) }, rng.pick(HOSTILE_STRINGS)]); break;
  }
}

/** A partial object: a random subtree of a mutated copy of `target`, or a whole mutated copy. */
function partial(rng: Rng, target: Json): unknown {
  if (rng.chance(0.05)) return hostileValue(rng);
  const m = mutate(rng, target);
  const keys = Object.keys(m);
  if (keys.length === 0 || rng.chance(0.3)) return m;
  const key = rng.pick(keys);
  const out: Json = {};
  Object.defineProperty(out, key, { value: m[key], enumerable: true, writable: true, configurable: true });
  if (rng.chance(0.2)) out.metadata = { labels: { a: null, b: 'c' } };
  return out;
}

/** A patch document for `contentType`, or Raw text (unparsable or extreme). */
export function garbagePatch(rng: Rng, contentType: string, target: Json): unknown {
  if (rng.chance(0.04)) return new Raw(rng.pick(['{', '[{"op":', 'null', '"x"', '5', `${'['.repeat(20000)}${']'.repeat(20000)}`, 'a: [b']));
  if (contentType === 'application/json-patch+json') return jsonPatch(rng, target);
  const doc = partial(rng, target);
  if (contentType === 'application/strategic-merge-patch+json' && typeof doc === 'object' && doc !== null && !Array.isArray(doc) && !(doc instanceof Raw)) {
    const d = copy(doc as Json);
    for (let n = 1 + rng.int(2); n > 0; n--) addDirective(rng, d);
    return d;
  }
  return doc;
}
