/**
 * A systematic sweep for the fuzzer: for every kind, every path of a valid object (status included)
 * gets a value of another JSON type and one special value (missing, null, an unconvertible object,
 * -1, '', [], {}); numbers also get 2^31-1 (seconds that overflow a timer) and one more extreme,
 * strings a hostile string (NUL, unicode, spaces, path tricks). Status paths go to the status subresource of one object; other paths create new
 * objects (and every third one replaces the object instead).
 */
import { RESOURCES } from '../../api/resources.js';
import { manifestFor, statusFor } from './hostile-manifests.js';
import { collectionUrl, objectUrl, type FuzzWorld, type HostileRequest } from './hostile-requests.js';
import { copy, deleteAt, encodeJson, getAt, HOSTILE_STRINGS, pathsOf, setAt, swapType, UNCONVERTIBLE, type Rng } from './hostile-values.js';

type Json = Record<string, unknown>;

const MISSING = Symbol('missing');
const SPECIALS: readonly (() => unknown)[] = [() => MISSING, () => null, () => ({ ...UNCONVERTIBLE }), () => -1, () => '', () => [], () => ({})];
/** Numbers that are valid JSON and often valid values, but break timers and arithmetic. */
const INT32_MAX = 2147483647;
const EXTREMES: readonly number[] = [1e308, 0, 0.5, 9007199254740991, -2147483648];
const JSON_TYPE = 'application/json';

function withValue(base: Json, path: (string | number)[], value: unknown): Json {
  const out = copy(base);
  if (value === MISSING) deleteAt(out, path); else setAt(out, path, value);
  return out;
}

/** The sweep's requests, in order: first the objects whose status the sweep writes. */
export function sweepRequests(rng: Rng, world: FuzzWorld): HostileRequest[] {
  const out: HostileRequest[] = [];
  for (const r of RESOURCES) {
    const name = `sweep-${r.singular}`;
    const hasStatus = r.subresources.some((s) => s.name === 'status');
    const base: Json = { ...manifestFor(r.kind, name, world.namespace, world.nodeName), ...(hasStatus ? { status: statusFor(r.kind, name) } : {}) };
    out.push({ method: 'POST', path: collectionUrl(r, world.namespace), body: encodeJson(base), contentType: JSON_TYPE });
    pathsOf(base).forEach((path, i) => {
      const current = getAt(base, path);
      const values = [
        swapType(rng, current), rng.pick(SPECIALS)(),
        ...(typeof current === 'number' ? [INT32_MAX, rng.pick(EXTREMES)] : []),
        ...(typeof current === 'string' ? [rng.pick(HOSTILE_STRINGS)] : []),
      ];
      values.forEach((value, j) => {
        const body = withValue(base, path, value);
        if (path[0] === 'status') {
          out.push({ method: 'PUT', path: objectUrl(r, world.namespace, name, 'status'), body: encodeJson(body), contentType: JSON_TYPE });
        } else if (i % 3 === 2) {
          out.push({ method: 'PUT', path: objectUrl(r, world.namespace, name), body: encodeJson(body), contentType: JSON_TYPE });
        } else {
          if (path.join('.') !== 'metadata.name') setAt(body, ['metadata', 'name'], `${name}-${i}-${j}`);
          out.push({ method: 'POST', path: collectionUrl(r, world.namespace), body: encodeJson(body), contentType: JSON_TYPE });
        }
      });
    });
  }
  return out;
}
