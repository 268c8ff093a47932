import { describe, expect, it } from 'vitest';
import { BadRequestError, InvalidError } from '../../api/errors.js';
import { RESOURCES, resourceByKind, type ResourceInfo } from '../../api/resources.js';
import { validateObject } from '../../api/validation.js';
import { manifestFor, statusFor } from '../support/hostile-manifests.js';

type Rec = Record<string, unknown>;

function info(kind: string): ResourceInfo {
  const r = resourceByKind(kind);
  if (!r) throw new Error(`no kind ${kind}`);
  return r;
}

/** The field paths of the causes, or [] when the object is valid. Other errors propagate. */
function invalidFields(kind: string, body: unknown, forCreate = true): string[] {
  try {
    validateObject(body, info(kind), { forCreate });
    return [];
  } catch (err) {
    if (!(err instanceof InvalidError)) throw err;
    expect(err.httpStatus).toBe(422);
    expect(err.reason).toBe('Invalid');
    return (err.details?.causes ?? []).map((c) => c.field ?? '');
  }
}

const pod = (spec: unknown = { containers: [{ name: 'web', image: 'nginx' }] }, metadata: Rec = { name: 'web' }): Rec => ({ apiVersion: 'v1', kind: 'Pod', metadata, spec });
const container = (c: Rec): Rec => pod({ containers: [{ name: 'web', image: 'nginx', ...c }] });
const template = (labels: Rec, spec: unknown = { containers: [{ name: 'web', image: 'nginx' }] }): Rec => ({ metadata: { labels }, spec });
const deployment = (spec: Rec): Rec => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }), ...spec },
});

describe('validateObject: names', () => {
  it.each([
    { scenario: 'upper case', kind: 'Pod', name: 'Web', ok: false },
    { scenario: 'underscore', kind: 'Pod', name: 'web_1', ok: false },
    { scenario: 'leading dash', kind: 'Pod', name: '-web', ok: false },
    { scenario: 'trailing dash', kind: 'Pod', name: 'web-', ok: false },
    { scenario: 'space', kind: 'Pod', name: 'my web', ok: false },
    { scenario: '254 characters', kind: 'Pod', name: 'a'.repeat(254), ok: false },
    { scenario: '253 characters', kind: 'Pod', name: 'a'.repeat(253), ok: true },
    { scenario: 'dots are fine in a pod name (subdomain)', kind: 'Pod', name: 'web.v1', ok: true },
    { scenario: 'dots are not fine in a Service name (label)', kind: 'Service', name: 'my.svc', ok: false },
    { scenario: '64-character namespace', kind: 'Namespace', name: 'a'.repeat(64), ok: false },
    { scenario: 'plain namespace', kind: 'Namespace', name: 'team-a', ok: true },
    { scenario: 'a number', kind: 'Pod', name: 123, ok: false },
  ])('$scenario ($kind)', ({ kind, name, ok }) => {
    const r = info(kind);
    const body: Rec = { apiVersion: r.group ? `${r.group}/${r.version}` : r.version, kind, metadata: { name } };
    if (kind === 'Pod') body.spec = { containers: [{ name: 'web', image: 'nginx' }] };
    if (kind === 'Service') body.spec = { ports: [{ port: 80 }] };
    expect(invalidFields(kind, body)).toEqual(ok ? [] : ['metadata.name']);
  });

  it('the 422 message names the kind, the object and the field, as kubectl prints it', () => {
    expect(() => validateObject(pod(undefined, { name: 'Web' }), info('Pod'), { forCreate: true })).toThrow(/^Pod "Web" is invalid: metadata\.name: Invalid value: "Web": a lowercase RFC 1123 subdomain/);
  });

  it.each([
    { scenario: 'no name', metadata: {}, forCreate: true, fields: ['metadata.name'] },
    { scenario: 'empty name', metadata: { name: '' }, forCreate: true, fields: ['metadata.name'] },
    { scenario: 'generateName on create', metadata: { generateName: 'web-' }, forCreate: true, fields: [] },
    { scenario: 'generateName on update is not enough', metadata: { generateName: 'web-' }, forCreate: false, fields: ['metadata.name'] },
    { scenario: 'generateName that is not a string', metadata: { generateName: 5 }, forCreate: true, fields: ['metadata.name', 'metadata.generateName'] },
    { scenario: 'bad namespace', metadata: { name: 'web', namespace: 'Bad_NS' }, forCreate: true, fields: ['metadata.namespace'] },
    { scenario: 'ownerReferences not a list', metadata: { name: 'web', ownerReferences: {} }, forCreate: true, fields: ['metadata.ownerReferences'] },
  ])('$scenario', ({ metadata, forCreate, fields }) => {
    expect(invalidFields('Pod', pod(undefined, metadata), forCreate)).toEqual(fields);
  });

  it('missing metadata is a 422 on metadata', () => {
    expect(invalidFields('Pod', { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'c', image: 'x' }] } })).toEqual(['metadata']);
  });
});

describe('validateObject: labels and annotations', () => {
  it.each([
    { scenario: 'key with a space', labels: { 'bad key': 'x' }, fields: ['metadata.labels'] },
    { scenario: 'key with two slashes', labels: { 'a/b/c': 'x' }, fields: ['metadata.labels'] },
    { scenario: 'prefix that is not a subdomain', labels: { 'Bad_Prefix/app': 'x' }, fields: ['metadata.labels'] },
    { scenario: 'value with a space', labels: { app: 'my web' }, fields: ['metadata.labels'] },
    { scenario: 'value of 64 characters', labels: { app: 'a'.repeat(64) }, fields: ['metadata.labels'] },
    { scenario: 'value that is not a string', labels: { replicas: 3 }, fields: ['metadata.labels[replicas]'] },
    { scenario: 'labels that are not a map', labels: ['app=web'], fields: ['metadata.labels'] },
    { scenario: 'prefixed key and empty value', labels: { 'app.kubernetes.io/name': 'web', empty: '' }, fields: [] },
  ])('$scenario', ({ labels, fields }) => {
    expect(invalidFields('Pod', pod(undefined, { name: 'web', labels }))).toEqual(fields);
  });

  it('annotations take any string, including JSON with spaces, but only strings', () => {
    expect(invalidFields('Pod', pod(undefined, { name: 'web', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"a": "b c"}\n' } }))).toEqual([]);
    expect(invalidFields('Pod', pod(undefined, { name: 'web', annotations: { n: 1 } }))).toEqual(['metadata.annotations[n]']);
  });
});

describe('validateObject: pods', () => {
  it.each([
    { scenario: 'no spec', body: pod(null), fields: ['spec'] },
    { scenario: 'no containers', body: pod({}), fields: ['spec.containers'] },
    { scenario: 'empty containers', body: pod({ containers: [] }), fields: ['spec.containers'] },
    { scenario: 'container without image', body: pod({ containers: [{ name: 'web' }] }), fields: ['spec.containers[0].image'] },
    { scenario: 'container with a blank image', body: container({ image: '  ' }), fields: ['spec.containers[0].image'] },
    { scenario: 'container without name', body: pod({ containers: [{ image: 'nginx' }] }), fields: ['spec.containers[0].name'] },
    { scenario: 'duplicate container names', body: pod({ containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] }), fields: ['spec.containers[1].name'] },
    { scenario: 'container name with capitals', body: pod({ containers: [{ name: 'Web', image: 'x' }] }), fields: ['spec.containers[0].name'] },
    { scenario: 'unknown imagePullPolicy', body: container({ imagePullPolicy: 'Sometimes' }), fields: ['spec.containers[0].imagePullPolicy'] },
    { scenario: 'unknown restartPolicy', body: pod({ containers: [{ name: 'web', image: 'x' }], restartPolicy: 'Sometimes' }), fields: ['spec.restartPolicy'] },
    { scenario: 'containerPort 70000', body: container({ ports: [{ containerPort: 70000 }] }), fields: ['spec.containers[0].ports[0].containerPort'] },
    { scenario: 'containerPort as a string', body: container({ ports: [{ containerPort: '80' }] }), fields: ['spec.containers[0].ports[0].containerPort'] },
    { scenario: 'port without containerPort', body: container({ ports: [{ name: 'http' }] }), fields: ['spec.containers[0].ports[0].containerPort'] },
    { scenario: 'bad quantity 12XB', body: container({ resources: { limits: { memory: '12XB' } } }), fields: ['spec.containers[0].resources.limits[memory]'] },
    { scenario: 'negative request', body: container({ resources: { requests: { cpu: '-1' } } }), fields: ['spec.containers[0].resources.requests[cpu]'] },
    { scenario: 'limits not a map', body: container({ resources: { limits: '1' } }), fields: ['spec.containers[0].resources.limits'] },
    { scenario: 'env without a name', body: container({ env: [{ value: 'x' }] }), fields: ['spec.containers[0].env[0].name'] },
    { scenario: 'env value as a number', body: container({ env: [{ name: 'N', value: 3 }] }), fields: ['spec.containers[0].env[0].value'] },
    { scenario: 'command not a list of strings', body: container({ command: 'sleep 5' }), fields: ['spec.containers[0].command'] },
    { scenario: 'negative terminationGracePeriodSeconds', body: pod({ containers: [{ name: 'web', image: 'x' }], terminationGracePeriodSeconds: -1 }), fields: ['spec.terminationGracePeriodSeconds'] },
    { scenario: 'nodeName as a number', body: pod({ containers: [{ name: 'web', image: 'x' }], nodeName: 5 }), fields: ['spec.nodeName'] },
    {
      scenario: 'a full, valid pod', fields: [],
      body: container({ imagePullPolicy: 'Always', ports: [{ containerPort: 8080, hostPort: 0 }], env: [{ name: 'A', value: 'b' }], resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '0.25' } }, command: ['sh'], args: ['-c', 'true'] }),
    },
  ])('$scenario', ({ body, fields }) => {
    expect(invalidFields('Pod', body)).toEqual(fields);
  });
});

describe('validateObject: deployments and replicasets', () => {
  it.each([
    { scenario: 'replicas "three"', spec: { replicas: 'three' }, fields: ['spec.replicas'] },
    { scenario: 'negative replicas', spec: { replicas: -1 }, fields: ['spec.replicas'] },
    { scenario: 'fractional replicas', spec: { replicas: 1.5 }, fields: ['spec.replicas'] },
    { scenario: 'no selector', spec: { selector: undefined }, fields: ['spec.selector'] },
    { scenario: 'selector does not match the template labels', spec: { template: template({ app: 'db' }) }, fields: ['spec.template.metadata.labels'] },
    { scenario: 'template without labels', spec: { template: { spec: { containers: [{ name: 'web', image: 'x' }] } } }, fields: ['spec.template.metadata.labels'] },
    { scenario: 'empty matchLabels selects nothing useful', spec: { selector: { matchLabels: {} } }, fields: ['spec.template.metadata.labels'] },
    { scenario: 'matchExpressions that do not match', spec: { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['db'] }] } }, fields: ['spec.template.metadata.labels'] },
    { scenario: 'matchExpressions that match', spec: { selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } }, fields: [] },
    { scenario: 'unknown selector operator', spec: { selector: { matchExpressions: [{ key: 'app', operator: 'Like', values: ['w'] }] } }, fields: ['spec.selector.matchExpressions[0].operator'] },
    { scenario: 'In without values', spec: { selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } }, fields: ['spec.selector.matchExpressions[0].values'] },
    { scenario: 'matchExpressions not a list', spec: { selector: { matchExpressions: { key: 'app' } } }, fields: ['spec.selector.matchExpressions'] },
    { scenario: 'no template', spec: { template: undefined }, fields: ['spec.template'] },
    { scenario: 'template without containers', spec: { template: template({ app: 'web' }, {}) }, fields: ['spec.template.spec.containers'] },
    { scenario: 'template container without image', spec: { template: template({ app: 'web' }, { containers: [{ name: 'web' }] }) }, fields: ['spec.template.spec.containers[0].image'] },
    {
      scenario: 'several problems are all reported',
      spec: { replicas: 'three', template: template({ app: 'web' }, { containers: [{ name: 'web', image: 'x', ports: [{ containerPort: 70000 }], resources: { limits: { memory: '12XB' } } }] }) },
      fields: ['spec.replicas', 'spec.template.spec.containers[0].ports[0].containerPort', 'spec.template.spec.containers[0].resources.limits[memory]'],
    },
    { scenario: 'a valid deployment', spec: {}, fields: [] },
  ])('$scenario', ({ spec, fields }) => {
    expect(invalidFields('Deployment', deployment(spec))).toEqual(fields);
    expect(invalidFields('ReplicaSet', { ...deployment(spec), apiVersion: 'apps/v1', kind: 'ReplicaSet' })).toEqual(fields);
  });
});

describe('validateObject: other kinds', () => {
  it.each([
    { kind: 'Service', body: { spec: { ports: [{ targetPort: 80 }] } }, fields: ['spec.ports[0].port'] },
    { kind: 'Service', body: { spec: { ports: [{ port: 0 }] } }, fields: ['spec.ports[0].port'] },
    { kind: 'Service', body: { spec: { ports: 80 } }, fields: ['spec.ports'] },
    { kind: 'Service', body: {}, fields: ['spec.ports'] },
    { kind: 'Service', body: { spec: { clusterIP: 'None' } }, fields: [] },
    { kind: 'Service', body: { spec: { type: 'ExternalName', externalName: 'db.example.com' } }, fields: [] },
    { kind: 'Service', body: { spec: { type: 'ExternalName' } }, fields: ['spec.externalName'] },
    { kind: 'Service', body: { spec: { clusterIP: '10.0.0.300', ports: [{ port: 80 }] } }, fields: ['spec.clusterIP'] },
    { kind: 'Service', body: { spec: { type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] } }, fields: ['spec.clusterIP'] },
    { kind: 'Service', body: { spec: { ports: [{ port: 80 }, { port: 81 }] } }, fields: ['spec.ports[0].name', 'spec.ports[1].name'] },
    { kind: 'Service', body: { spec: { ports: [{ name: 'a', port: 80 }, { name: 'a', port: 81 }] } }, fields: ['spec.ports[1].name'] },
    { kind: 'Service', body: { spec: { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] } }, fields: ['spec.ports[1]'] },
    { kind: 'Service', body: { spec: { ports: [{ port: 80, targetPort: 'Not_A_Name' }] } }, fields: ['spec.ports[0].targetPort'] },
    { kind: 'Service', body: { spec: { ports: [{ port: 80, nodePort: 30080 }] } }, fields: ['spec.ports[0].nodePort'] },
    { kind: 'Ingress', body: {}, fields: ['spec'] },
    { kind: 'Ingress', body: { spec: {} }, fields: ['spec'] },
    { kind: 'Ingress', body: { spec: { rules: [{ host: 'Bad_Host', http: { paths: [{ backend: {} }] } }] } }, fields: ['spec.rules[0].host', 'spec.rules[0].http.paths[0].pathType', 'spec.rules[0].http.paths[0].backend'] },
    { kind: 'Ingress', body: { spec: { rules: [{ host: '*.example.com', http: { paths: [{ path: '/' }] } }] } }, fields: ['spec.rules[0].http.paths[0].pathType', 'spec.rules[0].http.paths[0].backend'] },
    { kind: 'Ingress', body: { spec: { rules: [{ host: 'a.*.example.com' }] } }, fields: ['spec.rules[0].host'] },
    { kind: 'Ingress', body: { spec: { rules: [{ host: '127.0.0.1' }] } }, fields: ['spec.rules[0].host'] },
    { kind: 'Ingress', body: { spec: { rules: [{ http: { paths: [{ path: 'x', pathType: 'Regex', backend: { service: { name: 'w', port: { number: 80 } } } }] } }] } }, fields: ['spec.rules[0].http.paths[0].pathType', 'spec.rules[0].http.paths[0].path'] },
    { kind: 'Ingress', body: { spec: { rules: [{ http: { paths: [{ path: 'x', pathType: 'Prefix', backend: { service: { name: 'w', port: { number: 80, name: 'http' } } } }] } }] } }, fields: ['spec.rules[0].http.paths[0].path', 'spec.rules[0].http.paths[0].backend.service.port'] },
    { kind: 'Ingress', body: { spec: { defaultBackend: { service: { name: 'w' } } } }, fields: ['spec.defaultBackend.service.port'] },
    { kind: 'IngressClass', body: { spec: {} }, fields: ['spec.controller'] },
    { kind: 'IngressClass', body: { spec: { controller: 'no-domain' } }, fields: ['spec.controller'] },
    { kind: 'Endpoints', body: { subsets: [{ addresses: [{ ip: 'x' }], ports: [{ port: 70000 }] }] }, fields: ['subsets[0].ports[0].port', 'subsets[0].addresses[0].ip'] },
    { kind: 'EndpointSlice', body: {}, fields: ['addressType', 'endpoints'] },
    { kind: 'EndpointSlice', body: { addressType: 'IPv4', endpoints: [{ addresses: ['1.2.3'] }, { addresses: [] }] }, fields: ['endpoints[0].addresses[0]', 'endpoints[1].addresses'] },
    { kind: 'Node', body: { spec: { podCIDR: '127.1.0.5/16' } }, fields: ['spec.podCIDR'] },
    { kind: 'Event', body: {}, fields: ['involvedObject'] },
    { kind: 'ConfigMap', body: { data: { a: 1 } }, fields: ['data[a]'] },
    { kind: 'Node', body: { spec: 'x' }, fields: ['spec'] },
  ])('$kind $body -> $fields', ({ kind, body, fields }) => {
    const r = info(kind);
    expect(invalidFields(kind, { apiVersion: r.group ? `${r.group}/${r.version}` : r.version, kind, metadata: { name: 'x' }, ...body })).toEqual(fields);
  });
});

describe('validateObject: shape', () => {
  it.each([
    { scenario: 'not an object', body: '"pod"' },
    { scenario: 'a list', body: '[]' },
    { scenario: 'null', body: 'null' },
    { scenario: 'wrong kind', body: '{"apiVersion":"v1","kind":"Service","metadata":{"name":"x"}}' },
    { scenario: 'wrong apiVersion', body: '{"apiVersion":"apps/v1","kind":"Pod","metadata":{"name":"x"}}' },
  ])('$scenario -> BadRequestError', ({ body }) => {
    expect(() => validateObject(JSON.parse(body), info('Pod'), { forCreate: true })).toThrow(BadRequestError);
  });

  it('fills in apiVersion and kind when the body leaves them out', () => {
    const out = validateObject({ metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: template({ a: 'b' }) } }, info('Deployment'), { forCreate: true });
    expect(out.apiVersion).toBe('apps/v1');
    expect(out.kind).toBe('Deployment');
  });
});

describe('validateObject: every field has the type api/types.ts promises', () => {
  const withStatus = (kind: string, status: unknown): Rec => ({ ...manifestFor(kind, 'x', 'default'), status });
  const podStatus = (s: Rec): Rec => withStatus('Pod', { ...statusFor('Pod'), ...s });
  const cs = (c: Rec): Rec => podStatus({ containerStatuses: [{ name: 'app', image: 'x', ready: true, restartCount: 0, state: {}, ...c }] });
  const field = (kind: string, extra: Rec): Rec => ({ ...manifestFor(kind, 'x', 'default'), ...extra });
  const deploymentSpec = (spec: Rec): Rec => { const d = manifestFor('Deployment', 'x', 'default'); return { ...d, spec: { ...(d.spec as Rec), ...spec } }; };
  const probe = (p: Rec): Rec => container({ readinessProbe: p });

  it.each([
    { scenario: 'full valid objects and statuses of every kind', kind: '*', body: {}, fields: [] },
    { scenario: 'pod containerStatuses not a list', kind: 'Pod', body: podStatus({ containerStatuses: 'x' }), fields: ['status.containerStatuses'] },
    { scenario: 'container status without state', kind: 'Pod', body: cs({ state: undefined }), fields: ['status.containerStatuses[0].state'] },
    { scenario: 'restartCount an object', kind: 'Pod', body: cs({ restartCount: { toString: 1 } }), fields: ['status.containerStatuses[0].restartCount'] },
    { scenario: 'terminated without exitCode', kind: 'Pod', body: cs({ state: { terminated: { reason: 'x' } } }), fields: ['status.containerStatuses[0].state.terminated.exitCode'] },
    { scenario: 'a null condition', kind: 'Pod', body: podStatus({ conditions: [null] }), fields: ['status.conditions[0]'] },
    { scenario: 'condition status "Yes"', kind: 'Pod', body: podStatus({ conditions: [{ type: 'Ready', status: 'Yes' }] }), fields: ['status.conditions[0].status'] },
    { scenario: 'unknown phase', kind: 'Pod', body: podStatus({ phase: 'Exploded' }), fields: ['status.phase'] },
    { scenario: 'status null is unset', kind: 'Pod', body: withStatus('Pod', null), fields: [] },
    { scenario: 'node conditions a string', kind: 'Node', body: withStatus('Node', { conditions: 'Ready' }), fields: ['status.conditions'] },
    { scenario: 'node address without address', kind: 'Node', body: withStatus('Node', { addresses: [{ type: 'InternalIP' }] }), fields: ['status.addresses[0].address'] },
    { scenario: 'negative allocatable', kind: 'Node', body: withStatus('Node', { allocatable: { cpu: '-1' } }), fields: ['status.allocatable[cpu]'] },
    { scenario: 'kubelet port a string', kind: 'Node', body: withStatus('Node', { daemonEndpoints: { kubeletEndpoint: { Port: '10250' } } }), fields: ['status.daemonEndpoints.kubeletEndpoint.Port'] },
    { scenario: 'taint without effect', kind: 'Node', body: field('Node', { spec: { taints: [{ key: 'k' }] } }), fields: ['spec.taints[0].effect'] },
    { scenario: 'deployment readyReplicas "2"', kind: 'Deployment', body: withStatus('Deployment', { readyReplicas: '2' }), fields: ['status.readyReplicas'] },
    { scenario: 'namespace phase Gone', kind: 'Namespace', body: withStatus('Namespace', { phase: 'Gone' }), fields: ['status.phase'] },
    { scenario: 'event involvedObject.name an object', kind: 'Event', body: field('Event', { involvedObject: { kind: 'Pod', name: { toString: 1 } } }), fields: ['involvedObject.name'] },
    { scenario: 'event count -1 and type Info', kind: 'Event', body: field('Event', { count: -1, type: 'Info' }), fields: ['type', 'count'] },
    { scenario: 'service type Weird', kind: 'Service', body: field('Service', { spec: { type: 'Weird', ports: [{ port: 80 }] } }), fields: ['spec.type'] },
    { scenario: 'service port protocol tcp, nodePort 70000', kind: 'Service', body: field('Service', { spec: { type: 'NodePort', ports: [{ port: 80, protocol: 'tcp', nodePort: 70000 }] } }), fields: ['spec.ports[0].protocol', 'spec.ports[0].nodePort'] },
    { scenario: 'ingress backend port 0', kind: 'Ingress', body: field('Ingress', { spec: { defaultBackend: { service: { name: 'web', port: { number: 0 } } } } }), fields: ['spec.defaultBackend.service.port.number'] },
    { scenario: 'probe periodSeconds 0 (would spin)', kind: 'Pod', body: probe({ tcpSocket: { port: 80 }, periodSeconds: 0 }), fields: ['spec.containers[0].readinessProbe.periodSeconds'] },
    { scenario: 'httpGet probe without port', kind: 'Pod', body: probe({ httpGet: { path: '/' } }), fields: ['spec.containers[0].readinessProbe.httpGet.port'] },
    { scenario: 'container port protocol HTTP', kind: 'Pod', body: container({ ports: [{ containerPort: 80, protocol: 'HTTP' }] }), fields: ['spec.containers[0].ports[0].protocol'] },
    { scenario: 'strategy Rolling', kind: 'Deployment', body: deploymentSpec({ strategy: { type: 'Rolling' } }), fields: ['spec.strategy.type'] },
    { scenario: 'strategy a number (defaulting wrote into it)', kind: 'Deployment', body: deploymentSpec({ strategy: 0 }), fields: ['spec.strategy'] },
    { scenario: 'maxSurge -1 and maxUnavailable "abc"', kind: 'Deployment', body: deploymentSpec({ strategy: { rollingUpdate: { maxSurge: -1, maxUnavailable: 'abc' } } }), fields: ['spec.strategy.rollingUpdate.maxSurge', 'spec.strategy.rollingUpdate.maxUnavailable'] },
    { scenario: 'progressDeadlineSeconds beyond int32', kind: 'Deployment', body: deploymentSpec({ progressDeadlineSeconds: 2 ** 31 }), fields: ['spec.progressDeadlineSeconds'] },
    { scenario: 'template annotations not strings', kind: 'Deployment', body: deploymentSpec({ template: { metadata: { labels: { app: 'x' }, annotations: { a: 1 } }, spec: { containers: [{ name: 'c', image: 'x' }] } } }), fields: ['spec.template.metadata.annotations[a]'] },
    { scenario: 'a null owner reference', kind: 'Pod', body: pod(undefined, { name: 'web', ownerReferences: [null] }), fields: ['metadata.ownerReferences[0]'] },
    { scenario: 'owner reference without uid', kind: 'Pod', body: pod(undefined, { name: 'web', ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x' }] }), fields: ['metadata.ownerReferences[0].uid'] },
    { scenario: 'owner reference named ""', kind: 'Pod', body: pod(undefined, { name: 'web', ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: '', uid: 'u' }] }), fields: ['metadata.ownerReferences[0].name'] },
    { scenario: 'two controller owners', kind: 'Pod', body: pod(undefined, { name: 'web', ownerReferences: [0, 1].map((i) => ({ apiVersion: 'v1', kind: 'X', name: `x${i}`, uid: `u${i}`, controller: true })) }), fields: ['metadata.ownerReferences'] },
    { scenario: 'finalizers a string', kind: 'Pod', body: pod(undefined, { name: 'web', finalizers: 'x' }), fields: ['metadata.finalizers'] },
    { scenario: 'creationTimestamp null (kubectl create --dry-run -o yaml)', kind: 'Pod', body: pod(undefined, { name: 'web', creationTimestamp: null }), fields: [] },
    { scenario: 'generateName that cannot make a name', kind: 'Pod', body: pod(undefined, { generateName: 'Web_' }), fields: ['metadata.generateName'] },
    { scenario: 'generateName ending in a dash', kind: 'Service', body: { apiVersion: 'v1', kind: 'Service', metadata: { generateName: 'web-' }, spec: { ports: [{ port: 80 }] } }, fields: [] },
  ])('$scenario', ({ kind, body, fields }) => {
    if (kind !== '*') { expect(invalidFields(kind, body)).toEqual(fields); return; }
    for (const r of RESOURCES) expect(invalidFields(r.kind, { ...manifestFor(r.kind, 'x', 'default'), status: statusFor(r.kind) }), r.kind).toEqual([]);
  });

  it.each([
    { scenario: 'a kind whose toString is not a function', body: { apiVersion: 'v1', kind: { toString: 1, valueOf: 1 }, metadata: { name: 'x' } } },
    { scenario: 'an apiVersion whose toString is not a function', body: { apiVersion: { toString: 1 }, kind: 'Pod', metadata: { name: 'x' } } },
    { scenario: 'nesting deeper than 100 levels', body: { ...pod(), extra: JSON.parse(`${'['.repeat(150)}${']'.repeat(150)}`) as unknown } },
  ])('$scenario -> BadRequestError, not a TypeError or RangeError', ({ body }) => {
    expect(() => validateObject(body, info('Pod'), { forCreate: true })).toThrow(BadRequestError);
  });

  it('a huge invalid value is cut short in the message', () => {
    expect(() => validateObject(pod(undefined, { name: 'x'.repeat(1_000_000) }), info('Pod'), { forCreate: true })).toThrow(/^Pod ".*" is invalid: .{0,600}$/s);
  });
});
