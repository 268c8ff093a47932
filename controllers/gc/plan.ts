/**
 * The garbage collector's decisions, pure: an object whose owners are all gone is deleted; one
 * that lost only some owners drops the dangling references; otherwise it stays.
 */
import type { OwnerReference } from '../../api/types.js';

/** Whether an owner reference still points at a live object with the same uid. */
export type OwnerState = 'present' | 'absent' | 'unknown';

/** What to do with a dependent object. */
export type GcDecision =
  | { action: 'keep' }
  | { action: 'delete' }
  | { action: 'removeRefs'; remaining: OwnerReference[] };

/**
 * Decides from each reference's state (same order as `refs`). Unknown owners (kinds we cannot look
 * up) count as present: the collector never deletes on a guess.
 */
export function gcDecision(refs: readonly OwnerReference[], states: readonly OwnerState[]): GcDecision {
  if (refs.length === 0) return { action: 'keep' };
  const remaining = refs.filter((_, i) => states[i] !== 'absent');
  if (remaining.length === refs.length) return { action: 'keep' };
  if (remaining.length === 0) return { action: 'delete' };
  return { action: 'removeRefs', remaining };
}

/** The collector's queue key: "<Kind>:<namespace>/<name>". */
export function gcKey(kind: string, objectKey: string): string {
  return `${kind}:${objectKey}`;
}

/** Splits a gcKey; undefined for a malformed key. */
export function parseGcKey(key: string): { kind: string; objectKey: string } | undefined {
  const i = key.indexOf(':');
  return i <= 0 ? undefined : { kind: key.slice(0, i), objectKey: key.slice(i + 1) };
}
