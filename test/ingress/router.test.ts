import { describe, expect, it } from 'vitest';
import { createBackendRegistry } from '../../ingress/backend-registry.js';
import { buildRouteTable, matchRoute, normalizeHost, prefixMatches } from '../../ingress/router.js';
import type { Route, RouteTable } from '../../ingress/route-table.js';
import { OPTS, makeIngress, makeIngressClass, makeService, makeSlice, snapshot } from './fixtures.js';

/** What a match resolved to, in one readable string: "<ingress> <host> <match> <path> -> <backend id>". */
function describeRoute(r: Route | null): string {
  if (r === null) return '404';
  return `${r.ingress} ${r.host || '(any)'} ${r.match} ${r.path} -> ${r.groups[0]!.backend.id}`;
}

function world(): RouteTable {
  const main = makeIngress('main').created('2024-01-01T00:00:00Z')
    .rule('foo.com', '/', 'Prefix', 'web', 80)
    .rule('foo.com', '/api', 'Prefix', 'api', 'http')
    .rule('foo.com', '/api', 'Exact', 'api', 81)
    .rule('foo.com', '/api/exact', 'Exact', 'api', 80)
    .rule('foo.com', '/foo/', 'Prefix', 'web', 80)
    .rule('foo.com', '/impl', 'ImplementationSpecific', 'api', 'http')
    .rule('bar.com', '/only', 'Prefix', 'web', 80)
    .rule('*.wild.com', '/', 'Prefix', 'api', 'http')
    .rule('', '/any', 'Prefix', 'web', 80)
    .build();
  const newer = makeIngress('newer').created('2024-02-01T00:00:00Z').rule('foo.com', '/api', 'Prefix', 'web', 80).build();
  const defaults = makeIngress('defaults').created('2024-03-01T00:00:00Z').defaultBackend('web', 80).build();
  return buildRouteTable(snapshot({
    ingresses: [newer, defaults, main],
    services: [makeService('web').port(80).build(), makeService('api').port(80, 'http').port(81, 'metrics').build()],
    endpointSlices: [
      makeSlice('web').port(8080).endpoint('10.0.0.1').endpoint('10.0.0.2').build(),
      makeSlice('api').port(9000, 'http').port(9100, 'metrics').endpoint('10.0.1.1').build(),
    ],
  }), OPTS);
}

describe('matchRoute', () => {
  const table = world();
  it.each([
    ['exact host, root prefix', 'foo.com', '/', 'default/main foo.com Prefix / -> default/web:80'],
    ['host is case-insensitive and ignores :port', 'FOO.Com:8080', '/x', 'default/main foo.com Prefix / -> default/web:80'],
    ['prefix matches a sub-path element', 'foo.com', '/api/v1', 'default/main foo.com Prefix /api -> default/api:http'],
    ['prefix matches with trailing slash', 'foo.com', '/api/', 'default/main foo.com Prefix /api -> default/api:http'],
    ['prefix does not match a partial element', 'foo.com', '/apix', 'default/main foo.com Prefix / -> default/web:80'],
    ['Exact beats Prefix of equal length', 'foo.com', '/api', 'default/main foo.com Exact /api -> default/api:81'],
    ['longer Exact wins', 'foo.com', '/api/exact', 'default/main foo.com Exact /api/exact -> default/api:80'],
    ['Exact does not match a sub-path', 'foo.com', '/api/exact/x', 'default/main foo.com Prefix /api -> default/api:http'],
    ['Prefix "/foo/" covers "/foo"', 'foo.com', '/foo', 'default/main foo.com Prefix /foo -> default/web:80'],
    ['Prefix "/foo/" covers "/foo/bar"', 'foo.com', '/foo/bar', 'default/main foo.com Prefix /foo -> default/web:80'],
    ['Prefix "/foo/" does not cover "/foobar"', 'foo.com', '/foobar', 'default/main foo.com Prefix / -> default/web:80'],
    ['ImplementationSpecific acts as Prefix', 'foo.com', '/impl/x', 'default/main foo.com Prefix /impl -> default/api:http'],
    ['wildcard matches one label', 'a.wild.com', '/x', 'default/main *.wild.com Prefix / -> default/api:http'],
    ['wildcard does not match two labels', 'a.b.wild.com', '/any', 'default/main (any) Prefix /any -> default/web:80'],
    ['wildcard does not match the bare domain', 'wild.com', '/any/x', 'default/main (any) Prefix /any -> default/web:80'],
    ['rule without host serves unknown hosts', 'x.org', '/any', 'default/main (any) Prefix /any -> default/web:80'],
    ['no host at all uses host-less rules', '', '/any', 'default/main (any) Prefix /any -> default/web:80'],
    ['unmatched path of an unknown host: default backend', 'x.org', '/nope', 'default/defaults (any) Prefix / -> default/web:80'],
    ['unmatched path of a known host: default backend', 'bar.com', '/other', 'default/defaults (any) Prefix / -> default/web:80'],
  ])('%s', (_name, host, path, want) => {
    expect(describeRoute(matchRoute(table, host, path))).toBe(want);
  });

  it('answers 404 (null) without a default backend', () => {
    const t = buildRouteTable(snapshot({ ingresses: [makeIngress().rule('a.com', '/x', 'Exact', 'web', 80).build()], services: [makeService().port(80).build()] }), OPTS);
    expect(matchRoute(t, 'a.com', '/y')).toBeNull();
    expect(matchRoute(t, 'b.com', '/x')).toBeNull();
  });
});

describe('buildRouteTable endpoints', () => {
  const table = world();
  it('resolves the service port to the slice port of the same name, ready endpoints only', () => {
    const r = matchRoute(table, 'foo.com', '/api/v1')!;
    expect(r.groups[0]!.backend.endpoints.map((e) => e.key)).toEqual(['10.0.1.1:9000']);
    const m = matchRoute(table, 'foo.com', '/api')!;
    expect(m.groups[0]!.backend.endpoints.map((e) => e.key)).toEqual(['10.0.1.1:9100']);
  });

  it('maps an unnamed service port to the unnamed slice port', () => {
    expect(matchRoute(table, 'foo.com', '/')!.groups[0]!.backend.endpoints.map((e) => e.key)).toEqual(['10.0.0.1:8080', '10.0.0.2:8080']);
  });

  it.each([
    ['ready', { ready: true }, true],
    ['ready unset', {}, true],
    ['not ready', { ready: false }, false],
    ['serving but terminating', { ready: false, serving: true, terminating: true }, false],
  ])('endpoint %s -> included: %s', (_name, conditions, included) => {
    const t = buildRouteTable(snapshot({
      ingresses: [makeIngress().rule('', '/', 'Prefix', 'web', 80).build()],
      services: [makeService().port(80).build()],
      endpointSlices: [makeSlice().port(8080).endpoint('10.0.0.9', conditions).build()],
    }), OPTS);
    expect(matchRoute(t, 'x', '/')!.groups[0]!.backend.endpoints.length).toBe(included ? 1 : 0);
  });

  it('merges several slices and ignores other namespaces', () => {
    const t = buildRouteTable(snapshot({
      ingresses: [makeIngress().rule('', '/', 'Prefix', 'web', 80).build()],
      services: [makeService().port(80).build()],
      endpointSlices: [
        makeSlice('web', 'a').port(8080).endpoint('10.0.0.2').build(),
        makeSlice('web', 'b').port(8080).endpoint('10.0.0.1').endpoint('10.0.0.2').build(),
        makeSlice('web', 'c').namespace('other').port(8080).endpoint('10.9.9.9').build(),
      ],
    }), OPTS);
    expect(matchRoute(t, 'x', '/')!.groups[0]!.backend.endpoints.map((e) => e.key)).toEqual(['10.0.0.1:8080', '10.0.0.2:8080']);
  });
});

describe('buildRouteTable problems', () => {
  it.each([
    ['missing service', makeIngress().rule('', '/', 'Prefix', 'nope', 80), 'ServiceNotFound', 'service "default/nope" not found'],
    ['missing port number', makeIngress().rule('', '/', 'Prefix', 'web', 99), 'ServicePortNotFound', 'service "default/web" has no port 99'],
    ['missing port name', makeIngress().rule('', '/', 'Prefix', 'web', 'grpc'), 'ServicePortNotFound', 'service "default/web" has no port named "grpc"'],
    ['relative path', makeIngress().rule('', 'api', 'Prefix', 'web', 80), 'InvalidPath', 'path "api" must start with "/"'],
    ['bad wildcard', makeIngress().rule('*', '/', 'Prefix', 'web', 80), 'InvalidHost', 'host "*" is not a valid host or wildcard'],
    ['ExternalName service', makeIngress().rule('', '/', 'Prefix', 'ext', 80), 'UnsupportedServiceType', 'service "default/ext" is of type ExternalName, which is not supported'],
  ])('%s', (_name, ing, reason, message) => {
    const t = buildRouteTable(snapshot({
      ingresses: [ing.build()],
      services: [makeService().port(80).build(), makeService('ext').port(80).type('ExternalName').build()],
    }), OPTS);
    expect(t.problems).toEqual([{ ingress: 'default/web', reason, message }]);
  });

  it('a missing service still routes (to a backend without endpoints: 503 at request time)', () => {
    const t = buildRouteTable(snapshot({ ingresses: [makeIngress().rule('', '/', 'Prefix', 'nope', 80).build()] }), OPTS);
    expect(matchRoute(t, 'x', '/')!.groups[0]!.backend).toMatchObject({ id: 'default/nope:80', endpoints: [] });
  });

  it('no endpoints is not a problem', () => {
    const t = buildRouteTable(snapshot({ ingresses: [makeIngress().rule('', '/', 'Prefix', 'web', 80).build()], services: [makeService().port(80).build()] }), OPTS);
    expect(t.problems).toEqual([]);
  });
});

describe('conflicts: the oldest Ingress wins', () => {
  const svc = [makeService('a').port(80).build(), makeService('b').port(80).build()];
  it.each([
    ['older by creationTimestamp', ['2024-05-01T00:00:00Z', '2024-01-01T00:00:00Z'], 'default/y'],
    ['same timestamp: namespace/name order', ['2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'], 'default/x'],
    ['missing timestamp counts as newest', [undefined, '2024-01-01T00:00:00Z'], 'default/y'],
  ])('%s', (_name, [tx, ty], winner) => {
    const x = makeIngress('x').created(tx).rule('h.com', '/p', 'Prefix', 'a', 80).defaultBackend('a', 80).build();
    const y = makeIngress('y').created(ty).rule('h.com', '/p', 'Prefix', 'b', 80).defaultBackend('b', 80).build();
    const t = buildRouteTable(snapshot({ ingresses: [x, y], services: svc }), OPTS);
    expect(matchRoute(t, 'h.com', '/p')!.ingress).toBe(winner);
    expect(t.defaultRoute!.ingress).toBe(winner);
    const loser = winner === 'default/x' ? 'default/y' : 'default/x';
    expect(t.problems).toEqual([{ ingress: loser, reason: 'RouteConflict', message: `host "h.com" path "/p" (Prefix) is already served by ingress ${winner}, which is older` }]);
  });
});

describe('which Ingresses are ours', () => {
  const ours = makeIngressClass('tugboat');
  const oursDefault = makeIngressClass('tugboat', undefined, true);
  const theirs = makeIngressClass('nginx', 'k8s.io/ingress-nginx');
  const theirsDefault = makeIngressClass('nginx', 'k8s.io/ingress-nginx', true);
  it.each([
    ['class names our IngressClass', 'tugboat', undefined, [ours], true],
    ['class names another controller\'s class', 'nginx', undefined, [ours, theirs], false],
    ['class names a missing IngressClass', 'ghost', undefined, [ours], false],
    ['no class, our class is the default', undefined, undefined, [oursDefault, theirs], true],
    ['no class, no default class', undefined, undefined, [ours, theirs], false],
    ['no class, another controller is the default', undefined, undefined, [ours, theirsDefault], false],
    ['legacy annotation with our class name', undefined, 'tugboat', [ours], true],
    ['legacy annotation with another class name beats the default', undefined, 'nginx', [oursDefault], false],
  ])('%s -> %s', (_name, className, legacy, classes, want) => {
    let b = makeIngress().className(className).rule('', '/', 'Prefix', 'web', 80);
    if (legacy !== undefined) b = b.annotation('kubernetes.io/ingress.class', legacy);
    const t = buildRouteTable(snapshot({ ingresses: [b.build()], ingressClasses: classes, services: [makeService().port(80).build()] }), OPTS);
    expect(t.ingresses).toEqual(want ? ['default/web'] : []);
    expect(matchRoute(t, 'x', '/') !== null).toBe(want);
  });
});

describe('state survives rebuilds', () => {
  it('reuses endpoint and backend state objects from the registry and prunes the rest', () => {
    const registry = createBackendRegistry();
    const ing = makeIngress().rule('', '/', 'Prefix', 'web', 80).build();
    const svc = makeService().port(80).build();
    const t1 = buildRouteTable(snapshot({ ingresses: [ing], services: [svc], endpointSlices: [makeSlice().port(8080).endpoint('10.0.0.1').endpoint('10.0.0.2').build()] }), { ...OPTS, registry });
    const b1 = matchRoute(t1, 'x', '/')!.groups[0]!.backend;
    b1.endpoints[0]!.failures = 3;
    b1.state.cursor = 7;
    const t2 = buildRouteTable(snapshot({ ingresses: [ing], services: [svc], endpointSlices: [makeSlice().port(8080).endpoint('10.0.0.1').endpoint('10.0.0.3').build()] }), { ...OPTS, registry });
    const b2 = matchRoute(t2, 'x', '/')!.groups[0]!.backend;
    expect(b2.endpoints[0]).toBe(b1.endpoints[0]);
    expect(b2.endpoints[0]!.failures).toBe(3);
    expect(b2.state).toBe(b1.state);
    expect(b2.endpoints.map((e) => e.key)).toEqual(['10.0.0.1:8080', '10.0.0.3:8080']);
    expect(registry.endpoint('10.0.0.2', 8080)).not.toBe(b1.endpoints[1]); // pruned, so a fresh one
    expect([...t2.endpoints].map((e) => e.key).sort()).toEqual(['10.0.0.1:8080', '10.0.0.3:8080']);
  });
});

describe('host and path helpers', () => {
  it.each([
    ['foo.com', 'foo.com'], ['Foo.COM', 'foo.com'], ['foo.com:8080', 'foo.com'], ['[::1]:80', '[::1]'], ['', ''],
  ])('normalizeHost(%j) = %j', (input, want) => expect(normalizeHost(input)).toBe(want));

  it.each([
    ['/', '/anything', true], ['/foo', '/foo', true], ['/foo', '/foo/', true], ['/foo', '/foo/bar', true],
    ['/foo', '/foobar', false], ['/foo/bar', '/foo', false], ['/foo', '/Foo', false],
  ])('prefixMatches(%j, %j) = %s', (prefix, path, want) => expect(prefixMatches(prefix, path)).toBe(want));
});
