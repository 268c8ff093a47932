/**
 * Look-ups over the kinds Tugboat serves (api/kinds/): routing, discovery, OpenAPI, the CLI's name
 * resolution and the client's URL building all find a kind here.
 */
import { KINDS } from './kinds/index.js';
import type { KindDefinition } from './kinds/kind.js';

export type { ResourceInfo, SubresourceInfo } from './kinds/kind.js';
export type { KindDefinition } from './kinds/kind.js';

/** Every kind, in discovery order. */
export const RESOURCES: readonly KindDefinition[] = KINDS;

export function groupVersion(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Looks a kind up by its apiVersion and kind ("apps/v1", "Deployment"). */
export function resourceForKind(apiVersion: string, kind: string): KindDefinition | undefined {
  return RESOURCES.find((r) => groupVersion(r) === apiVersion && r.kind === kind);
}

/** Looks a kind up by kind name alone (kinds are unique here). */
export function resourceByKind(kind: string): KindDefinition | undefined {
  return RESOURCES.find((r) => r.kind === kind);
}

/** Looks a kind up by the URL's group, version and plural resource. */
export function resourceForPath(group: string, version: string, resource: string): KindDefinition | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
}

/**
 * Resolves what a user types on the command line ("po", "pods", "pod", "deploy", "deployment.apps",
 * "Deployment") to a kind.
 */
export function resolveResourceName(name: string): KindDefinition | undefined {
  const lower = name.toLowerCase();
  const dot = lower.indexOf('.');
  const base = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? undefined : lower.slice(dot + 1);
  return RESOURCES.find((r) =>
    (group === undefined || r.group === group) &&
    (r.resource === base || r.singular === base || r.shortNames.includes(base) || r.kind.toLowerCase() === base));
}

/** The name Kubernetes uses in messages: "pods", "deployments.apps". */
export function qualifiedResource(r: { group: string; resource: string }): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}
