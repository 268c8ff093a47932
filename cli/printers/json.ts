/**
 * -o json: kubectl prints objects through an unstructured map, so keys come out sorted and indented
 * by 4 spaces.
 */

/** A deep copy with object keys sorted, as Go's map encoding produces them. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

/** One object (or List) as kubectl's -o json prints it. */
export function printJson(obj: unknown): string {
  return `${JSON.stringify(sortKeys(obj), null, 4)}\n`;
}
