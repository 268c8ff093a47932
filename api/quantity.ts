/**
 * Kubernetes resource quantities ("500m", "0.5", "128Mi", "1G", "1e3"), parsed once here so the rest
 * of the code works in `cpuMillis` and `memoryBytes` (plain integers).
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/**
 * Kubernetes quantities fit in 63 bits; beyond that "1e999" would parse as Infinity (which JSON
 * turns into null) and cpuMillis of "1e308" would overflow.
 */
const MAX_QUANTITY = 2 ** 63;
function checkRange(value: number, q: string | number): number {
  if (Math.abs(value) >= MAX_QUANTITY) throw new Error(`quantity "${q}" is too large`);
  return value;
}

/** Parses a quantity into its numeric value (e.g. "500m" -> 0.5, "1Ki" -> 1024). Throws on bad syntax. */
export function parseQuantity(q: string | number): number {
  if (typeof q === 'number') {
    if (!Number.isFinite(q)) throw new Error(`quantity ${q} is not finite`);
    return checkRange(q, q);
  }
  const m = QUANTITY.exec(q.trim());
  if (!m || m[1] === undefined) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (got "${q}")`);
  const base = Number(m[1]);
  const suffix = m[2] ?? '';
  const mult = m[3] !== undefined ? 10 ** Number(m[3]) : BINARY[suffix] ?? DECIMAL[suffix];
  if (mult === undefined) throw new Error(`unknown quantity suffix "${suffix}"`);
  return checkRange(base * mult, q);
}

/** True when `q` parses as a quantity. */
export function isQuantity(q: unknown): boolean {
  if (typeof q !== 'string' && typeof q !== 'number') return false;
  try { parseQuantity(q); return true; } catch { return false; }
}

// `+ 0` turns the -0 that Math.ceil gives for "0" into 0, so toBe(0) and Object.is comparisons hold.

/** CPU quantity -> millicores, rounded up as Kubernetes does ("0.5" -> 500, "250m" -> 250). */
export function cpuMillis(q: string | number): number {
  return Math.ceil(parseQuantity(q) * 1000 - 1e-9) + 0;
}

/** Memory quantity -> bytes, rounded up ("128Mi" -> 134217728, "1G" -> 1e9). */
export function memoryBytes(q: string | number): number {
  return Math.ceil(parseQuantity(q) - 1e-9) + 0;
}

/** Formats bytes the way `describe` prints them: the largest binary unit that divides evenly. */
export function formatBytes(bytes: number): string {
  for (const [suffix, mult] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (bytes >= mult && bytes % mult === 0) return `${bytes / mult}${suffix}`;
  }
  return String(bytes);
}

/** Formats millicores: whole cores as "2", otherwise "250m". */
export function formatMillis(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}
