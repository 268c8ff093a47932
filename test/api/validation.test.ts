import { describe, expect, it } from 'vitest';
import { BadRequestError, InvalidError } from '../../api/errors.js';
import { resourceByKind, type ResourceInfo } from '../../api/resources.js';
import { validateObject } from '../../api/validation.js';

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
    { kind: 'Service', body: {}, fields: [] },
    { kind: 'Ingress', body: { spec: { rules: [{ host: 'Bad_Host', http: { paths: [{ backend: {} }] } }] } }, fields: ['spec.rules[0].host'] },
    { kind: 'Ingress', body: { spec: { rules: [{ host: '*.example.com', http: { paths: [{ path: '/' }] } }] } }, fields: ['spec.rules[0].http.paths[0].backend'] },
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
