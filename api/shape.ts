/**
 * Declarative type checks for the parts of objects that api/validation.ts does not check field by
 * field (statuses, probes, strategies, event fields…), so every stored object has the shape
 * api/types.ts promises and consumers can read it without defensive checks. Pure; no IO.
 *
 * As in Kubernetes, null in an optional field means "unset" and is accepted; a required field must
 * not be null or "" (an owner reference named "" would make the garbage collector GET a list).
 */
import { isQuantity } from './quantity.js';
import { isRecord } from './guards.js';

type Rec = Record<string, unknown>;

/** A value as messages show it: JSON, cut short (a 1 MB name makes a 1 MB message otherwise). */
export function showValue(v: unknown): string {
  const s = JSON.stringify(v) ?? String(typeof v);
  return s.length > 200 ? `${s.slice(0, 200)}...` : s;
}

/**
 * What a value must be. `int` takes an inclusive range; `quantity` is a non-negative resource
 * quantity; `intOrPercent` a non-negative integer or "25%" (rolling-update bounds).
 */
export type Shape =
  | 'string' | 'boolean' | 'quantity' | 'intOrString' | 'intOrPercent' | 'any'
  | { int: readonly [number, number] }
  | { oneOf: readonly string[] }
  | { list: Shape }
  | { map: Shape }
  | { fields: Readonly<Record<string, Shape>>; required?: readonly string[] };

/** Receives the problems found; api/validation.ts's Problems implements it. */
export interface ShapeProblems {
  invalid(field: string, value: unknown, why: string): void;
  required(field: string): void;
  add(field: string, message: string, reason?: string): void;
}

export const INT: Shape = { int: [-(2 ** 31), 2 ** 31 - 1] };
export const NON_NEGATIVE: Shape = { int: [0, 2 ** 31 - 1] };
export const STRINGS: Shape = { list: 'string' };
export const STRING_MAP: Shape = { map: 'string' };
export const obj = (fields: Record<string, Shape>, required: readonly string[] = []): Shape => ({ fields, required });

function checkScalar(p: ShapeProblems, field: string, v: unknown, shape: 'string' | 'boolean' | 'quantity' | 'intOrString' | 'intOrPercent'): void {
  switch (shape) {
    case 'string': if (typeof v !== 'string') p.invalid(field, v, 'must be a string'); return;
    case 'boolean': if (typeof v !== 'boolean') p.invalid(field, v, 'must be a boolean'); return;
    case 'intOrString': if (typeof v !== 'string' && !Number.isSafeInteger(v)) p.invalid(field, v, 'must be an integer or a string'); return;
    case 'intOrPercent':
      if (typeof v === 'string' ? !/^\d{1,9}%$/.test(v) : !(Number.isSafeInteger(v) && (v as number) >= 0)) p.invalid(field, v, "must be a non-negative integer or a percentage (e.g. '25%')");
      return;
    case 'quantity':
      if (!isQuantity(v)) p.invalid(field, v, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
      else if (typeof v === 'number' ? v < 0 : String(v).trim().startsWith('-')) p.invalid(field, v, 'must be greater than or equal to 0');
  }
}

/** Checks `v` at `field` ("" for the top level) against `shape`; undefined and null (unset) pass. */
export function checkShape(p: ShapeProblems, field: string, v: unknown, shape: Shape): void {
  if (v === undefined || v === null || shape === 'any') return;
  if (typeof shape === 'string') return checkScalar(p, field, v, shape);
  if ('int' in shape) {
    const [min, max] = shape.int;
    if (typeof v !== 'number' || !Number.isInteger(v)) p.invalid(field, v, 'must be an integer');
    else if (v < min || v > max) p.invalid(field, v, `must be between ${min} and ${max}, inclusive`);
  } else if ('oneOf' in shape) {
    if (typeof v !== 'string' || !shape.oneOf.includes(v)) p.add(field, `Unsupported value: ${showValue(v)}: supported values: ${shape.oneOf.map((s) => `"${s}"`).join(', ')}`, 'FieldValueNotSupported');
  } else if ('list' in shape) {
    if (!Array.isArray(v)) { p.invalid(field, v, 'must be a list'); return; }
    v.forEach((x: unknown, i) => {
      if (x === null || x === undefined) p.invalid(`${field}[${i}]`, x, 'must not be null');
      else checkShape(p, `${field}[${i}]`, x, shape.list);
    });
  } else if ('map' in shape) {
    if (!isRecord(v)) { p.invalid(field, v, 'must be a map'); return; }
    for (const [k, x] of Object.entries(v)) {
      if (x === null) p.invalid(`${field}[${k}]`, x, 'must not be null');
      else checkShape(p, `${field}[${k}]`, x, shape.map);
    }
  } else {
    if (!isRecord(v)) { p.invalid(field, v, 'must be an object'); return; }
    const at = (k: string): string => (field ? `${field}.${k}` : k);
    for (const k of shape.required ?? []) if (v[k] === undefined || v[k] === null || v[k] === '') p.required(at(k));
    for (const [k, s] of Object.entries(shape.fields)) if (Object.hasOwn(v, k)) checkShape(p, at(k), v[k], s);
  }
}

/**
 * True when `v` nests objects or arrays deeper than `max`. Iterative, so it is safe on any input;
 * everything downstream (patches, structuredClone, JSON.stringify) recurses and must only ever see
 * bounded depth.
 */
export function nestedDeeperThan(v: unknown, max: number): boolean {
  const todo: [unknown, number][] = [[v, 0]];
  for (let next = todo.pop(); next; next = todo.pop()) {
    const [cur, depth] = next;
    if (typeof cur !== 'object' || cur === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(cur)) todo.push([child, depth + 1]);
  }
  return false;
}
