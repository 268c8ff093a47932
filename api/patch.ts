/**
 * The three patch formats kubectl sends: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and
 * Kubernetes strategic merge patch (lists of objects merged by key, `$patch` and
 * `$setElementOrder` directives). Pure functions; inputs are never mutated.
 */
import { deepEqual } from './equal.js';
import { BadRequestError } from './errors.js';
import { isRecord } from './guards.js';

type Rec = Record<string, unknown>;
const clone = <T>(v: T): T => structuredClone(v);

/** RFC 7386: objects merge recursively, null deletes, everything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return clone(patch);
  const out: Rec = isRecord(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '__proto__') continue; // an own "__proto__" key (JSON.parse makes them) would set out's prototype
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

// ---- RFC 6902 ----

function parsePointer(ptr: string): string[] {
  if (ptr === '') return [];
  if (!ptr.startsWith('/')) throw new BadRequestError(`invalid JSON pointer "${ptr}"`);
  const tokens = ptr.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  // "/__proto__/x" would otherwise walk into Object.prototype and pollute every object in the process.
  if (tokens.includes('__proto__')) throw new BadRequestError(`invalid JSON pointer "${ptr}": "__proto__" is not allowed`);
  return tokens;
}

/** The child at token `t`: own properties and array indexes only, never the prototype chain. */
function childAt(cur: unknown, t: string): unknown {
  if (Array.isArray(cur)) return /^(0|[1-9]\d*)$/.test(t) ? cur[Number(t)] : undefined;
  return isRecord(cur) && Object.hasOwn(cur, t) ? cur[t] : undefined;
}

/** RFC 6902 §4.6 equality: objects compare by members regardless of key order. */

function parentOf(doc: unknown, tokens: string[], ptr: string): { parent: Rec | unknown[]; key: string } {
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    cur = childAt(cur, t);
    if (cur === undefined) throw new BadRequestError(`path "${ptr}" does not exist`);
  }
  if (!Array.isArray(cur) && !isRecord(cur)) throw new BadRequestError(`path "${ptr}" does not exist`);
  return { parent: cur, key: tokens[tokens.length - 1] ?? '' };
}

function arrayIndex(arr: unknown[], key: string, ptr: string, forInsert: boolean): number {
  if (forInsert && key === '-') return arr.length;
  const i = Number(key);
  if (!/^(0|[1-9]\d*)$/.test(key) || i > arr.length || (!forInsert && i === arr.length)) throw new BadRequestError(`array index out of range in "${ptr}"`);
  return i;
}

function getAt(doc: unknown, ptr: string): unknown {
  let cur: unknown = doc;
  for (const t of parsePointer(ptr)) {
    cur = childAt(cur, t);
    if (cur === undefined) throw new BadRequestError(`path "${ptr}" does not exist`);
  }
  return cur;
}

function removeAt(doc: unknown, ptr: string): unknown {
  const tokens = parsePointer(ptr);
  if (tokens.length === 0) throw new BadRequestError('cannot remove the whole document');
  const { parent, key } = parentOf(doc, tokens, ptr);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, key, ptr, false), 1)[0];
  if (!Object.hasOwn(parent, key)) throw new BadRequestError(`path "${ptr}" does not exist`);
  const old = parent[key];
  delete parent[key];
  return old;
}

function addAt(doc: unknown, ptr: string, value: unknown, replace: boolean): unknown {
  const tokens = parsePointer(ptr);
  if (tokens.length === 0) return clone(value);
  const { parent, key } = parentOf(doc, tokens, ptr);
  if (Array.isArray(parent)) {
    const i = arrayIndex(parent, key, ptr, !replace);
    parent.splice(i, replace ? 1 : 0, clone(value));
  } else {
    if (replace && !Object.hasOwn(parent, key)) throw new BadRequestError(`path "${ptr}" does not exist`);
    parent[key] = clone(value);
  }
  return doc;
}

/** Applies an RFC 6902 operation list. Throws BadRequestError on a malformed op or a failed test. */
export function applyJsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new BadRequestError('a JSON patch must be a list of operations');
  let doc = clone(target);
  for (const op of ops) {
    if (!isRecord(op) || typeof op.op !== 'string' || typeof op.path !== 'string') throw new BadRequestError('each JSON patch operation needs "op" and "path"');
    const path = op.path;
    const from = typeof op.from === 'string' ? op.from : undefined;
    switch (op.op) {
      case 'add': doc = addAt(doc, path, op.value, false); break;
      case 'replace': doc = addAt(doc, path, op.value, true); break;
      case 'remove': removeAt(doc, path); break;
      case 'move': { if (from === undefined) throw new BadRequestError('"move" needs "from"'); const v = removeAt(doc, from); doc = addAt(doc, path, v, false); break; }
      case 'copy': { if (from === undefined) throw new BadRequestError('"copy" needs "from"'); doc = addAt(doc, path, getAt(doc, from), false); break; }
      case 'test': if (!deepEqual(getAt(doc, path), op.value)) throw new BadRequestError(`test operation failed at "${path}"`); break;
      default: throw new BadRequestError(`unknown JSON patch operation "${op.op}"`);
    }
  }
  return doc;
}

// ---- strategic merge patch ----

/** Merge keys of the lists that Kubernetes merges by key; every other list is replaced. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name', initContainers: 'name', ephemeralContainers: 'name', env: 'name', volumes: 'name',
  imagePullSecrets: 'name', volumeMounts: 'mountPath', conditions: 'type', addresses: 'type', hostAliases: 'ip',
};

function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  if (field === 'ports') return items.some((i) => isRecord(i) && 'containerPort' in i) ? 'containerPort' : 'port';
  return MERGE_KEYS[field];
}

/** Removes directive keys ($patch, $setElementOrder/…) and nulls from a value that has no original. */
function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((i) => !(isRecord(i) && i.$patch === 'delete')).map(stripDirectives);
  if (!isRecord(v)) return v;
  const out: Rec = {};
  for (const [k, val] of Object.entries(v)) if (!k.startsWith('$') && k !== '__proto__' && val !== null) out[k] = stripDirectives(val);
  return out;
}

function mergeList(orig: unknown, patch: unknown[], key: string): unknown[] {
  if (patch.some((i) => isRecord(i) && i.$patch === 'replace')) return patch.filter((i) => !(isRecord(i) && i.$patch === 'replace')).map(stripDirectives);
  const out: unknown[] = Array.isArray(orig) ? orig.map((i) => clone(i)) : [];
  for (const item of patch) {
    if (!isRecord(item)) { out.push(clone(item)); continue; }
    const idx = out.findIndex((o) => isRecord(o) && o[key] === item[key]);
    if (item.$patch === 'delete') { if (idx >= 0) out.splice(idx, 1); continue; }
    if (idx >= 0) out[idx] = applyStrategicMergePatch(out[idx], item);
    else out.push(stripDirectives(item));
  }
  return out;
}

function orderList(list: unknown, order: unknown, key: string | undefined): unknown {
  if (!Array.isArray(list) || !Array.isArray(order)) return list;
  const id = (v: unknown): unknown => (key && isRecord(v) ? v[key] : v);
  const rank = new Map(order.map((o, i) => [JSON.stringify(id(o)), i]));
  const r = (v: unknown): number => rank.get(JSON.stringify(id(v))) ?? order.length;
  return [...list].sort((a, b) => r(a) - r(b));
}

/**
 * Applies a strategic merge patch as `kubectl apply` and `rollout restart` send it: objects merge,
 * null deletes, lists with a merge key merge element-wise (`{"$patch":"delete"}` removes one),
 * `$setElementOrder/<list>` orders, `$deleteFromPrimitiveList/<list>` removes scalars,
 * `$retainKeys` drops unlisted keys, and `{"$patch":"replace"}` replaces a map whole.
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return clone(patch);
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return undefined;
  const out: Rec = isRecord(original) ? { ...original } : {};
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys.filter((k): k is string => typeof k === 'string'));
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  }
  const orders: [string, unknown][] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k === '__proto__') continue;
    if (k.startsWith('$setElementOrder/')) { orders.push([k.slice('$setElementOrder/'.length), v]); continue; }
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const name = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[name];
      if (Array.isArray(cur) && Array.isArray(v)) out[name] = cur.filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) { delete out[k]; continue; }
    if (Array.isArray(v)) {
      const key = mergeKeyFor(k, [...v, ...(Array.isArray(out[k]) ? (out[k] as unknown[]) : [])]);
      out[k] = key && v.every((i) => isRecord(i)) ? mergeList(out[k], v, key) : stripDirectives(v);
      continue;
    }
    const merged = isRecord(v) ? applyStrategicMergePatch(out[k], v) : clone(v);
    if (merged === undefined) delete out[k]; else out[k] = merged;
  }
  for (const [name, order] of orders) {
    const list = out[name];
    out[name] = orderList(list, order, mergeKeyFor(name, Array.isArray(list) ? list : []));
  }
  return out;
}
