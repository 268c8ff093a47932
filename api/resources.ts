/**
 * The kinds Tugboat serves: one table drives routing, discovery, OpenAPI, the CLI's name resolution and
 * the client's URL building, so adding a kind is one entry here (plus validation and a Table printer).
 */

export interface SubresourceInfo { name: string; kind: string; group: string; version: string; verbs: string[] }

export interface ResourceInfo {
  group: string; // "" for the core group
  version: string;
  kind: string;
  listKind: string;
  resource: string; // plural, lower case
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: SubresourceInfo[];
}

const VERBS_STATUS = ['get', 'patch', 'update'];

function info(group: string, version: string, kind: string, resource: string, namespaced: boolean, shortNames: string[], categories: string[], subresources: SubresourceInfo[] = []): ResourceInfo {
  return { group, version, kind, listKind: `${kind}List`, resource, singular: kind.toLowerCase(), namespaced, shortNames, categories, subresources };
}
function sub(name: string, kind: string, group: string, version: string, verbs = VERBS_STATUS): SubresourceInfo {
  return { name, kind, group, version, verbs };
}

export const RESOURCES: readonly ResourceInfo[] = [
  info('', 'v1', 'Namespace', 'namespaces', false, ['ns'], [], [sub('status', 'Namespace', '', 'v1')]),
  info('', 'v1', 'Node', 'nodes', false, ['no'], [], [sub('status', 'Node', '', 'v1')]),
  info('', 'v1', 'Pod', 'pods', true, ['po'], ['all'], [
    sub('status', 'Pod', '', 'v1'),
    sub('binding', 'Binding', '', 'v1', ['create']),
    sub('log', 'Pod', '', 'v1', ['get']),
  ]),
  info('', 'v1', 'Service', 'services', true, ['svc'], ['all'], [sub('status', 'Service', '', 'v1')]),
  info('', 'v1', 'Event', 'events', true, ['ev'], []),
  info('', 'v1', 'ConfigMap', 'configmaps', true, ['cm'], []),
  info('apps', 'v1', 'Deployment', 'deployments', true, ['deploy'], ['all'], [
    sub('status', 'Deployment', 'apps', 'v1'),
    sub('scale', 'Scale', 'autoscaling', 'v1'),
  ]),
  info('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs'], ['all'], [
    sub('status', 'ReplicaSet', 'apps', 'v1'),
    sub('scale', 'Scale', 'autoscaling', 'v1'),
  ]),
  info('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing'], [], [sub('status', 'Ingress', 'networking.k8s.io', 'v1')]),
];

export function groupVersion(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Looks a kind up by its apiVersion and kind ("apps/v1", "Deployment"). */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => groupVersion(r) === apiVersion && r.kind === kind);
}

/** Looks a kind up by kind name alone (kinds are unique here). */
export function resourceByKind(kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.kind === kind);
}

/** Looks a kind up by the URL's group, version and plural resource. */
export function resourceForPath(group: string, version: string, resource: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
}

/**
 * Resolves what a user types on the command line ("po", "pods", "pod", "deploy", "deployment.apps",
 * "Deployment") to a kind.
 */
export function resolveResourceName(name: string): ResourceInfo | undefined {
  const lower = name.toLowerCase();
  const dot = lower.indexOf('.');
  const base = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? undefined : lower.slice(dot + 1);
  return RESOURCES.find((r) =>
    (group === undefined || r.group === group) &&
    (r.resource === base || r.singular === base || r.shortNames.includes(base) || r.kind.toLowerCase() === base));
}

/** The name Kubernetes uses in messages: "pods", "deployments.apps". */
export function qualifiedResource(r: ResourceInfo): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}
