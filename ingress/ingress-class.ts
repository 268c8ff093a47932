/**
 * Which Ingresses this controller serves, and in which order they claim routes.
 */
import type { Ingress, IngressClass } from '../api/types.js';
import { DEFAULT_CLASS_ANNOTATION } from '../api/kinds/ingress.js';

/** Identifies this controller among Ingress controllers. */
export interface IngressClassOptions {
  /**
   * The class name matched by the legacy `kubernetes.io/ingress.class` annotation (Ingresses from
   * before spec.ingressClassName).
   */
  className: string;
  /** The value of IngressClass spec.controller that designates us ("tugboat.io/ingress-controller"). */
  controllerName: string;
}

export const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/**
 * Whether `ing` is ours: its spec.ingressClassName names an IngressClass whose spec.controller is
 * ours; or it has no class name, and either its legacy annotation equals our class name or (without
 * the annotation) one of our IngressClasses is marked as the cluster default.
 */
export function isOurIngress(ing: Ingress, classes: readonly IngressClass[], opts: IngressClassOptions): boolean {
  const name = ing.spec.ingressClassName;
  if (name !== undefined && name !== '') {
    return classes.some((c) => c.metadata.name === name && c.spec.controller === opts.controllerName);
  }
  const legacy = ing.metadata.annotations?.[LEGACY_CLASS_ANNOTATION];
  if (legacy !== undefined) return legacy === opts.className;
  return classes.some((c) => c.spec.controller === opts.controllerName && c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
}

/** "namespace/name" of an Ingress. */
export function ingressKey(ing: Ingress): string {
  return `${ing.metadata.namespace ?? 'default'}/${ing.metadata.name ?? ''}`;
}

/**
 * Oldest first: creationTimestamp ascending (a missing one counts as newest), then namespace/name.
 * When two Ingresses claim the same host and path, the first in this order wins.
 */
export function compareIngressAge(a: Ingress, b: Ingress): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) {
    if (ta === '') return 1;
    if (tb === '') return -1;
    const d = Date.parse(ta) - Date.parse(tb);
    if (Number.isNaN(d)) return ta < tb ? -1 : 1;
    if (d !== 0) return d;
  }
  const ka = ingressKey(a);
  const kb = ingressKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Our Ingresses, oldest first. */
export function selectOurIngresses(ingresses: readonly Ingress[], classes: readonly IngressClass[], opts: IngressClassOptions): Ingress[] {
  return ingresses.filter((ing) => isOurIngress(ing, classes, opts)).sort(compareIngressAge);
}
