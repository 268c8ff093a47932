/**
 * Deep equality of JSON-like values (what objects look like once stored): object key order does not
 * matter and a key holding `undefined` counts as absent, as in JSON. Pure; no allocation beyond
 * the key lists.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const aList = Array.isArray(a);
  if (aList !== Array.isArray(b)) return false;
  if (aList) {
    const x = a as unknown[];
    const y = b as unknown[];
    return x.length === y.length && x.every((v, i) => deepEqual(v, y[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const k of Object.keys(x)) {
    if (x[k] === undefined) continue;
    defined++;
    if (!Object.hasOwn(y, k) || !deepEqual(x[k], y[k])) return false;
  }
  let other = 0;
  for (const k of Object.keys(y)) if (y[k] !== undefined) other++;
  return defined === other;
}
