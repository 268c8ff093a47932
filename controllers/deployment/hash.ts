/**
 * pod-template-hash: a stable hash of a Deployment's pod template. The template is normalized
 * first (null, empty strings, empty objects and empty lists dropped, keys sorted) so that the
 * template `kubectl rollout undo` sends back, with `creationTimestamp: null` and `resources: {}`,
 * hashes the same as the one the ReplicaSet was created from (kubectl-wire.md §5).
 */
import { createHash } from 'node:crypto';
import type { PodTemplateSpec } from '../../api/types.js';

/** The label (and selector key) that ties a ReplicaSet and its pods to one template. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** Kubernetes' SafeEncodeString alphabet: no vowels, so hashes never spell words. */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const HASH_LENGTH = 10;

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

/** Recursively drops empty values and sorts object keys; returns undefined for an empty result. */
export function normalizeValue(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(normalizeValue).filter((x) => !isEmpty(x));
    return items.length > 0 ? items : undefined;
  }
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalizeValue((v as Record<string, unknown>)[k]);
      if (!isEmpty(n)) out[k] = n;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return isEmpty(v) ? undefined : v;
}

/** A copy of the template without the pod-template-hash label (what a ReplicaSet adds). */
export function withoutHashLabel(t: PodTemplateSpec): PodTemplateSpec {
  const labels = { ...t.metadata?.labels };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  return { ...t, metadata: { ...t.metadata, labels } };
}

/** The 10-character [a-z0-9] hash of the normalized template, ignoring any pod-template-hash label. */
export function templateHash(t: PodTemplateSpec): string {
  const canonical = JSON.stringify(normalizeValue(withoutHashLabel(t)) ?? {});
  const digest = createHash('sha256').update(canonical).digest();
  let out = '';
  for (let i = 0; i < HASH_LENGTH; i++) out += ALPHABET[(digest[i] ?? 0) % ALPHABET.length] ?? 'b';
  return out;
}
