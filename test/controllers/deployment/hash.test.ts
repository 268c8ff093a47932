import { describe, expect, it } from 'vitest';
import type { PodTemplateSpec } from '../../../api/types.js';
import { normalizeValue, templateHash } from '../../../controllers/deployment/hash.js';

const template: PodTemplateSpec = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }] }], restartPolicy: 'Always' },
};

/** What `kubectl rollout undo` sends back: the ReplicaSet's template, Go zero values included. */
const undoForm: unknown = {
  metadata: { creationTimestamp: null, labels: { app: 'web' } },
  spec: {
    containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: {} }],
    restartPolicy: 'Always',
  },
};

describe('templateHash', () => {
  it('is 10 characters of [a-z0-9]', () => {
    expect(templateHash(template)).toMatch(/^[a-z0-9]{10}$/);
  });

  it.each([
    { scenario: 'rollout undo form (creationTimestamp: null, resources: {})', other: undoForm },
    { scenario: 'keys in another order', other: { spec: { restartPolicy: 'Always', containers: [{ ports: [{ protocol: 'TCP', containerPort: 80 }], image: 'nginx:1.25', name: 'web' }] }, metadata: { labels: { app: 'web' } } } },
    { scenario: 'the ReplicaSet copy with a pod-template-hash label', other: { ...template, metadata: { labels: { app: 'web', 'pod-template-hash': 'abcdefghij' } } } },
    { scenario: 'empty annotations, env list and string', other: { metadata: { labels: { app: 'web' }, annotations: {} }, spec: { ...template.spec, containers: [{ ...template.spec.containers[0], env: [], workingDir: '' }] } } },
  ])('round-trips: $scenario hashes the same', ({ other }) => {
    expect(templateHash(other as PodTemplateSpec)).toBe(templateHash(template));
  });

  it.each([
    { scenario: 'another image', other: { ...template, spec: { ...template.spec, containers: [{ name: 'web', image: 'nginx:1.26', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } } },
    { scenario: 'another label', other: { ...template, metadata: { labels: { app: 'web', tier: 'front' } } } },
    { scenario: 'a restartedAt annotation (rollout restart)', other: { ...template, metadata: { ...template.metadata, annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' } } } },
    { scenario: 'a port of 0 is kept (only empty values are dropped)', other: { ...template, spec: { ...template.spec, containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP', hostPort: 0 }] }] } } },
  ])('changes with the template: $scenario', ({ other }) => {
    expect(templateHash(other as PodTemplateSpec)).not.toBe(templateHash(template));
  });
});

describe('normalizeValue', () => {
  it.each([
    { scenario: 'null and empty drop out recursively', input: { a: null, b: {}, c: [], d: '', e: { f: {} }, g: 1 }, want: { g: 1 } },
    { scenario: 'zero and false stay', input: { n: 0, f: false }, want: { f: false, n: 0 } },
    { scenario: 'list order is kept, empty elements dropped', input: [{ x: 2 }, {}, { x: 1 }], want: [{ x: 2 }, { x: 1 }] },
    { scenario: 'all empty', input: { a: { b: null } }, want: undefined },
  ])('$scenario', ({ input, want }) => {
    expect(normalizeValue(input)).toEqual(want);
  });

  it('sorts keys', () => {
    expect(Object.keys(normalizeValue({ b: 1, a: 2, c: 3 }) as object)).toEqual(['a', 'b', 'c']);
  });
});
