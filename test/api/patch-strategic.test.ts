/**
 * Strategic merge patch as kubectl v1.32 sends it (wire doc §5, "kubectl apply"); the merge and
 * JSON patch formats are in patch.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { applyStrategicMergePatch } from '../../api/patch.js';

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}

type Rec = Record<string, unknown>;

/** A live Deployment as the server stores it after `kubectl apply` + defaulting. */
function liveDeployment(): Rec {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'front' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"old":true}\n' }, finalizers: ['a', 'b', 'c'] },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{
            name: 'web', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            env: [{ name: 'GREETING', value: 'hello' }, { name: 'MODE', value: 'fast' }],
            args: ['--a', '--b'],
            volumeMounts: [{ mountPath: '/data', name: 'data' }],
          }],
          volumes: [{ name: 'data', emptyDir: {} }],
          tolerations: [{ key: 'x', operator: 'Exists' }],
        },
      },
    },
    status: { conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' }] },
  };
}

const at = (o: unknown, ...path: (string | number)[]): unknown => path.reduce<unknown>((cur, k) => (cur as Rec | unknown[] | undefined)?.[k as never], o);
const container = (o: unknown, i = 0): Rec => at(o, 'spec', 'template', 'spec', 'containers', i) as Rec;

describe('applyStrategicMergePatch: kubectl apply', () => {
  it('the wire-doc apply patch merges env by name and keeps image and ports', () => {
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}\n' } },
      spec: { replicas: 5, template: { spec: {
        '$setElementOrder/containers': [{ name: 'web' }],
        containers: [{ name: 'web', '$setElementOrder/env': [{ name: 'GREETING' }, { name: 'MODE' }], env: [{ name: 'GREETING', value: 'bonjour' }] }],
      } } },
    };
    const out = applyStrategicMergePatch(deepFreeze(liveDeployment()), deepFreeze(patch));
    expect(at(out, 'spec', 'replicas')).toBe(5);
    expect(at(out, 'metadata', 'annotations')).toEqual({ 'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}\n' });
    expect(container(out)).toEqual({ ...container(liveDeployment()), env: [{ name: 'GREETING', value: 'bonjour' }, { name: 'MODE', value: 'fast' }] });
    expect(at(out, 'spec', 'template', 'spec', 'containers')).toHaveLength(1);
    expect(JSON.stringify(out)).not.toContain('$setElementOrder');
  });

  it('Service port 80 -> 81: the old port is deleted by merge key, the new one added', () => {
    const live = deepFreeze({ spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }, { port: 9090, targetPort: 9090, protocol: 'TCP' }] } });
    const patch = deepFreeze({ spec: { '$setElementOrder/ports': [{ port: 81 }, { port: 9090 }], ports: [{ port: 81, targetPort: 8080 }, { $patch: 'delete', port: 80 }] } });
    expect(applyStrategicMergePatch(live, patch)).toEqual({ spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ port: 81, targetPort: 8080 }, { port: 9090, targetPort: 9090, protocol: 'TCP' }] } });
  });

  it.each<{ scenario: string; patch: Rec; check: (out: unknown) => void }>([
    {
      scenario: 'null deletes a key (a label removed from the manifest)',
      patch: { metadata: { labels: { tier: null } } },
      check: (out) => expect(at(out, 'metadata', 'labels')).toEqual({ app: 'web' }),
    },
    {
      scenario: 'null inside a merged list element deletes a field of that element',
      patch: { spec: { template: { spec: { containers: [{ name: 'web', imagePullPolicy: null }] } } } },
      check: (out) => { expect(container(out).imagePullPolicy).toBeUndefined(); expect(container(out).image).toBe('nginx:1.25'); },
    },
    {
      scenario: '$patch: delete removes a container by name',
      patch: { spec: { template: { spec: { containers: [{ $patch: 'delete', name: 'web' }] } } } },
      check: (out) => expect(at(out, 'spec', 'template', 'spec', 'containers')).toEqual([]),
    },
    {
      scenario: 'a new container is added, and $setElementOrder puts it first',
      patch: { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }], containers: [{ name: 'sidecar', image: 'busybox' }] } } } },
      check: (out) => {
        expect(at(out, 'spec', 'template', 'spec', 'containers', 0)).toEqual({ name: 'sidecar', image: 'busybox' });
        expect(container(out, 1)).toEqual(container(liveDeployment()));
      },
    },
    {
      scenario: '$setElementOrder alone reorders env',
      patch: { spec: { template: { spec: { containers: [{ name: 'web', '$setElementOrder/env': [{ name: 'MODE' }, { name: 'GREETING' }] }] } } } },
      check: (out) => expect(container(out).env).toEqual([{ name: 'MODE', value: 'fast' }, { name: 'GREETING', value: 'hello' }]),
    },
    {
      scenario: 'container ports merge by containerPort',
      patch: { spec: { template: { spec: { containers: [{ name: 'web', ports: [{ containerPort: 8443, name: 'https' }] }] } } } },
      check: (out) => expect(container(out).ports).toEqual([{ containerPort: 80, protocol: 'TCP' }, { containerPort: 8443, name: 'https' }]),
    },
    {
      scenario: 'volumeMounts merge by mountPath and volumes by name',
      patch: { spec: { template: { spec: { containers: [{ name: 'web', volumeMounts: [{ mountPath: '/data', readOnly: true }] }], volumes: [{ name: 'cache', emptyDir: {} }] } } } },
      check: (out) => {
        expect(container(out).volumeMounts).toEqual([{ mountPath: '/data', name: 'data', readOnly: true }]);
        expect(at(out, 'spec', 'template', 'spec', 'volumes')).toEqual([{ name: 'data', emptyDir: {} }, { name: 'cache', emptyDir: {} }]);
      },
    },
    {
      scenario: 'a list of scalars is replaced',
      patch: { spec: { template: { spec: { containers: [{ name: 'web', args: ['--c'] }] } } } },
      check: (out) => expect(container(out).args).toEqual(['--c']),
    },
    {
      scenario: 'a list of objects without a merge key (tolerations) is replaced',
      patch: { spec: { template: { spec: { tolerations: [{ key: 'y', operator: 'Exists' }] } } } },
      check: (out) => expect(at(out, 'spec', 'template', 'spec', 'tolerations')).toEqual([{ key: 'y', operator: 'Exists' }]),
    },
    {
      scenario: '$patch: replace on a map replaces it whole',
      patch: { spec: { selector: { $patch: 'replace', matchLabels: { app: 'web2' } } } },
      check: (out) => expect(at(out, 'spec', 'selector')).toEqual({ matchLabels: { app: 'web2' } }),
    },
    {
      scenario: '$patch: replace inside a list replaces the whole list',
      patch: { spec: { template: { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } } } },
      check: (out) => expect(at(out, 'spec', 'template', 'spec', 'containers')).toEqual([{ name: 'only', image: 'x' }]),
    },
    {
      scenario: '$patch: delete on a map removes the key',
      patch: { spec: { strategy: { $patch: 'delete' } } },
      check: (out) => expect(at(out, 'spec', 'strategy')).toBeUndefined(),
    },
    {
      scenario: '$retainKeys: switching the strategy to Recreate drops rollingUpdate',
      patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } },
      check: (out) => expect(at(out, 'spec', 'strategy')).toEqual({ type: 'Recreate' }),
    },
    {
      scenario: '$retainKeys drops keys the patch does not list even without null',
      patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      check: (out) => expect(at(out, 'spec', 'strategy')).toEqual({ type: 'Recreate' }),
    },
    {
      scenario: '$deleteFromPrimitiveList removes scalars from a list',
      patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a', 'c'] } },
      check: (out) => expect(at(out, 'metadata', 'finalizers')).toEqual(['b']),
    },
    {
      scenario: 'conditions merge by type',
      patch: { status: { conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }, { type: 'ReplicaFailure', status: 'False' }] } },
      check: (out) => expect(at(out, 'status', 'conditions')).toEqual([
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' },
        { type: 'ReplicaFailure', status: 'False' },
      ]),
    },
    {
      scenario: 'kubectl rollout restart adds a template annotation and keeps the rest',
      patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } } } } },
      check: (out) => {
        expect(at(out, 'spec', 'template', 'metadata')).toEqual({ labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } });
        expect(container(out)).toEqual(container(liveDeployment()));
      },
    },
    {
      scenario: 'directives never reach the result of a new list element',
      patch: { spec: { template: { spec: { containers: [{ name: 'new', image: 'x', '$setElementOrder/env': [{ name: 'A' }], env: [{ name: 'A', value: '1' }, { $patch: 'delete', name: 'B' }], ports: null }] } } } },
      check: (out) => expect(at(out, 'spec', 'template', 'spec', 'containers', 1)).toEqual({ name: 'new', image: 'x', env: [{ name: 'A', value: '1' }] }),
    },
  ])('$scenario', ({ patch, check }) => {
    const live = deepFreeze(liveDeployment());
    const out = applyStrategicMergePatch(live, deepFreeze(patch));
    check(out);
    expect(live).toEqual(liveDeployment());
  });

  it('an empty patch returns an equal object', () => {
    expect(applyStrategicMergePatch(deepFreeze(liveDeployment()), {})).toEqual(liveDeployment());
  });

  it('an own "__proto__" key does not change the prototype of the result', () => {
    const out = applyStrategicMergePatch({ a: 1 }, JSON.parse('{"__proto__":{"polluted":"yes"},"b":{"__proto__":{"x":1}}}')) as Rec;
    expect(out).toEqual({ a: 1, b: {} });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(out.b)).toBe(Object.prototype);
  });
});
