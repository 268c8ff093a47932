/**
 * Every kind Tugboat serves, in discovery order. Checked when this module loads: a kind without
 * validation, a duplicate kind or resource, or an `owns` naming an unknown kind stops start-up.
 */
import { endpointSlice, endpoints } from './endpoints.js';
import { configMap, event } from './event.js';
import { ingress, ingressClass } from './ingress.js';
import type { KindDefinition } from './kind.js';
import { namespace } from './namespace.js';
import { node } from './node.js';
import { pod } from './pod.js';
import { service } from './service.js';
import { deployment, replicaSet } from './workloads.js';

/** Throws when a list of kinds breaks the rules every generic part relies on. */
export function checkKinds(kinds: readonly KindDefinition[]): readonly KindDefinition[] {
  const seen = new Set<string>();
  for (const k of kinds) {
    const where = `kind ${k.group ? `${k.group}/` : ''}${k.kind}`;
    if (typeof (k as Partial<KindDefinition>).validate !== 'function') throw new Error(`${where} declares no validation; every kind must validate its objects`);
    for (const id of [`kind:${k.kind}`, `resource:${k.group}/${k.resource}`]) {
      if (seen.has(id)) throw new Error(`${where}: duplicate ${id}`);
      seen.add(id);
    }
  }
  for (const k of kinds) {
    for (const owned of k.owns ?? []) if (!kinds.some((x) => x.kind === owned)) throw new Error(`kind ${k.kind} owns unknown kind ${owned}`);
  }
  return kinds;
}

export const KINDS: readonly KindDefinition[] = checkKinds([
  namespace, node, pod, service, endpoints, event, configMap,
  deployment, replicaSet,
  endpointSlice,
  ingress, ingressClass,
]);

export type { KindDefinition } from './kind.js';
