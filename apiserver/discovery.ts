/**
 * Discovery documents (wire doc §3): /version, aggregated discovery (apidiscovery.k8s.io/v2) for
 * kubectl 1.32, and the legacy APIVersions / APIGroupList / APIResourceList forms.
 */
import { groupVersion, RESOURCES, type ResourceInfo } from '../api/resources.js';

export const VERSION_INFO = {
  major: '1', minor: '32', gitVersion: 'v1.32.0-tugboat', gitCommit: 'tugboat', gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z', goVersion: 'n/a', compiler: 'n/a', platform: 'linux/amd64',
};

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function groups(): { group: string; version: string; resources: ResourceInfo[] }[] {
  const out = new Map<string, { group: string; version: string; resources: ResourceInfo[] }>();
  for (const r of RESOURCES) {
    const key = groupVersion(r);
    const e = out.get(key) ?? { group: r.group, version: r.version, resources: [] };
    e.resources.push(r);
    out.set(key, e);
  }
  return [...out.values()];
}

/** True when the Accept header asks for aggregated discovery. */
export function wantsAggregated(accept: string | undefined): boolean {
  return !!accept && accept.includes('as=APIGroupDiscoveryList') && accept.includes('v=v2');
}

/** The APIGroupDiscoveryList for /api (core) or /apis (named groups). */
export function aggregatedDiscovery(core: boolean): unknown {
  const items = groups().filter((g) => (g.group === '') === core).map((g) => ({
    metadata: { name: g.group },
    versions: [{
      version: g.version,
      freshness: 'Current',
      resources: g.resources.map((r) => ({
        resource: r.resource,
        responseKind: { group: r.group, version: r.version, kind: r.kind },
        scope: r.namespaced ? 'Namespaced' : 'Cluster',
        singularResource: r.singular,
        verbs: VERBS,
        ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
        ...(r.categories.length ? { categories: r.categories } : {}),
        subresources: r.subresources.map((s) => ({ subresource: s.name, responseKind: { group: s.group, version: s.version, kind: s.kind }, verbs: s.verbs })),
      })),
    }],
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

export function legacyApiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(g: { group: string; version: string }): unknown {
  const gv = { groupVersion: `${g.group}/${g.version}`, version: g.version };
  return { kind: 'APIGroup', apiVersion: 'v1', name: g.group, versions: [gv], preferredVersion: gv };
}

export function legacyApiGroupList(): unknown {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups().filter((g) => g.group !== '').map((g) => { const { kind: _k, apiVersion: _a, ...rest } = apiGroup(g) as Record<string, unknown>; return rest; }) };
}

export function legacyApiGroup(group: string): unknown {
  const g = groups().find((x) => x.group === group);
  return g ? apiGroup(g) : undefined;
}

/** The APIResourceList for one group version, or undefined when it is not served. */
export function apiResourceList(group: string, version: string): unknown {
  const g = groups().find((x) => x.group === group && x.version === version);
  if (!g) return undefined;
  const resources = g.resources.flatMap((r) => [
    { name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: VERBS, ...(r.shortNames.length ? { shortNames: r.shortNames } : {}), ...(r.categories.length ? { categories: r.categories } : {}) },
    ...r.subresources.map((s) => ({ name: `${r.resource}/${s.name}`, singularName: '', namespaced: r.namespaced, group: s.group, version: s.version, kind: s.kind, verbs: s.verbs })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(g), resources };
}
