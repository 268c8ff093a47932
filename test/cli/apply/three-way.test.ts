import { describe, expect, it } from 'vitest';
import type { JsonMap } from '../../../cli/apply/merge-keys.js';
import { patchIsNoop } from '../../../cli/apply/noop.js';
import { LAST_APPLIED, lastAppliedConfig, lastAppliedValue, readLastApplied, threeWayPatch, withLastApplied } from '../../../cli/apply/three-way.js';

/** A Deployment manifest with one container; `mutate` edits a deep copy. */
function deployment(mutate: (d: JsonMap & { spec: { replicas: number; template: { spec: { containers: JsonMap[] } } } }) => void = () => {}): JsonMap {
  const d = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'front' } as Record<string, string> },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ containerPort: 80 }, { containerPort: 443 }],
            env: [{ name: 'GREETING', value: 'hello' }, { name: 'MODE', value: 'prod' }],
          }] as JsonMap[],
        },
      },
    },
  };
  mutate(d);
  return d;
}

/** What the server holds after applying `manifest`: the manifest plus defaults and status. */
function liveFrom(manifest: JsonMap): JsonMap {
  const created = withLastApplied(manifest) as JsonMap & { metadata: JsonMap; spec: { template: { spec: { containers: JsonMap[] } } } };
  const live = structuredClone(created);
  live.metadata.uid = 'u-1';
  live.metadata.resourceVersion = '7';
  live.metadata.generation = 1;
  for (const c of live.spec.template.spec.containers) {
    c.imagePullPolicy = 'IfNotPresent';
    if (Array.isArray(c.ports)) c.ports = c.ports.map((p: JsonMap) => ({ ...p, protocol: 'TCP' }));
  }
  (live as JsonMap).status = { replicas: 2, readyReplicas: 2 };
  return live;
}

/** A deep copy with every map's keys in reverse order. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]));
}

const at = (obj: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((cur, key) => (cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined), obj);

describe('threeWayPatch + patchIsNoop', () => {
  const original = deployment();
  const live = liveFrom(original);
  const last = readLastApplied(live);

  it('reads back the last-applied configuration stored at creation', () => {
    expect(last).toEqual(lastAppliedConfig(original));
  });

  it.each([
    { scenario: 'unchanged manifest', next: deployment(), noop: true },
    { scenario: 'changed scalar (replicas)', next: deployment((d) => { d.spec.replicas = 5; }), noop: false },
    { scenario: 'same fields in another key order', next: reverseKeys(deployment()) as JsonMap, noop: true },
    { scenario: 'removed label', next: deployment((d) => { delete (d.metadata as { labels: Record<string, string> }).labels.tier; }), noop: false },
    { scenario: 'removed container', next: deployment((d) => { d.spec.template.spec.containers = []; }), noop: false },
  ])('$scenario -> noop=$noop', ({ next, noop }) => {
    expect(patchIsNoop(threeWayPatch(last, next), live)).toBe(noop);
  });

  it('a changed scalar is sent with the rest of the manifest and the new annotation', () => {
    const next = deployment((d) => { d.spec.replicas = 5; });
    const patch = threeWayPatch(last, next);
    expect(at(patch, 'spec', 'replicas')).toBe(5);
    expect(at(patch, 'metadata', 'annotations', LAST_APPLIED)).toBe(lastAppliedValue(next));
    expect(JSON.parse(String(at(patch, 'metadata', 'annotations', LAST_APPLIED)))).toEqual(lastAppliedConfig(next));
  });

  it('a map key removed since last-applied becomes null, recursively', () => {
    const next = deployment((d) => {
      delete (d.metadata as { labels: Record<string, string> }).labels.tier;
      delete (d.spec.template as { metadata?: unknown }).metadata;
    });
    const patch = threeWayPatch(last, next);
    expect(at(patch, 'metadata', 'labels')).toEqual({ app: 'web', tier: null });
    expect(at(patch, 'spec', 'template', 'metadata')).toBeNull();
  });

  it('a container removed by name becomes a $patch delete entry keyed by name', () => {
    const two = deployment((d) => { d.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox' }); });
    const liveTwo = liveFrom(two);
    const patch = threeWayPatch(readLastApplied(liveTwo), deployment());
    const containers = at(patch, 'spec', 'template', 'spec', 'containers');
    expect(containers).toEqual([expect.objectContaining({ name: 'web', image: 'nginx:1.27' }), { $patch: 'delete', name: 'sidecar' }]);
    expect(patchIsNoop(patch, liveTwo)).toBe(false);
  });

  it('an env change keeps image and ports and deletes the dropped variable by name', () => {
    const next = deployment((d) => {
      const c = d.spec.template.spec.containers[0];
      if (c) c.env = [{ name: 'GREETING', value: 'bonjour' }];
    });
    const container = at(threeWayPatch(last, next), 'spec', 'template', 'spec', 'containers', 0);
    expect(container).toEqual({
      name: 'web',
      image: 'nginx:1.27',
      ports: [{ containerPort: 80 }, { containerPort: 443 }],
      env: [{ name: 'GREETING', value: 'bonjour' }, { $patch: 'delete', name: 'MODE' }],
    });
  });

  it('a container port removed is deleted by containerPort; a Service port by port', () => {
    const next = deployment((d) => {
      const c = d.spec.template.spec.containers[0];
      if (c) c.ports = [{ containerPort: 80 }];
    });
    expect(at(threeWayPatch(last, next), 'spec', 'template', 'spec', 'containers', 0, 'ports')).toEqual([{ containerPort: 80 }, { $patch: 'delete', containerPort: 443 }]);

    const svc = (port: number): JsonMap => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { ports: [{ port, targetPort: 8080 }] } });
    expect(at(threeWayPatch(svc(80), svc(81)), 'spec', 'ports')).toEqual([{ port: 81, targetPort: 8080 }, { $patch: 'delete', port: 80 }]);
  });

  it('a list without a merge key is sent whole and never produces delete directives', () => {
    const withArgs = (args: string[]): JsonMap => deployment((d) => {
      const c = d.spec.template.spec.containers[0];
      if (c) c.args = args;
    });
    expect(at(threeWayPatch(withArgs(['a', 'b']), withArgs(['a'])), 'spec', 'template', 'spec', 'containers', 0, 'args')).toEqual(['a']);
  });

  it('without a last-applied annotation nothing is deleted', () => {
    const patch = threeWayPatch(undefined, deployment());
    expect(JSON.stringify(patch)).not.toContain('$patch');
    expect(JSON.stringify(patch)).not.toContain('null');
  });

  it('an annotation removed from the manifest is nulled while last-applied is kept', () => {
    const annotated = deployment((d) => { (d.metadata as JsonMap).annotations = { team: 'a' }; });
    const patch = threeWayPatch(readLastApplied(liveFrom(annotated)), deployment());
    expect(at(patch, 'metadata', 'annotations', 'team')).toBeNull();
    expect(typeof at(patch, 'metadata', 'annotations', LAST_APPLIED)).toBe('string');
  });

  it('the annotation is compact JSON with sorted keys, "annotations":{} and a trailing newline, like kubectl writes it', () => {
    const value = lastAppliedValue(withLastApplied({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c' }, data: { b: '1', a: '2' } }));
    expect(value).toBe('{"apiVersion":"v1","data":{"a":"2","b":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c"}}\n');
  });

  it('an object last applied by kubectl (with "annotations":{}) and re-applied unchanged is a no-op', () => {
    const kubectlValue = '{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c","namespace":"default"}}\n';
    const live: JsonMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', uid: 'u', annotations: { [LAST_APPLIED]: kubectlValue } }, data: { a: '1' } };
    const manifest: JsonMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: '1' } };
    expect(patchIsNoop(threeWayPatch(readLastApplied(live), manifest), live)).toBe(true);
  });
});

describe('patchIsNoop', () => {
  const live: JsonMap = {
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { template: { spec: { containers: [{ name: 'web', image: 'a', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } } },
  };
  it.each([
    { scenario: 'null for an absent key', patch: { metadata: { annotations: null } }, noop: true },
    { scenario: 'null for a present key', patch: { metadata: { labels: null } }, noop: false },
    { scenario: 'delete of an absent container', patch: { spec: { template: { spec: { containers: [{ $patch: 'delete', name: 'x' }] } } } }, noop: true },
    { scenario: 'delete of a present container', patch: { spec: { template: { spec: { containers: [{ $patch: 'delete', name: 'web' }] } } } }, noop: false },
    { scenario: 'port subset of a defaulted port', patch: { spec: { template: { spec: { containers: [{ name: 'web', ports: [{ containerPort: 80 }] }] } } } }, noop: true },
    { scenario: 'new container', patch: { spec: { template: { spec: { containers: [{ name: 'side', image: 'b' }] } } } }, noop: false },
    { scenario: 'empty map for a missing key', patch: { spec: { strategy: {} } }, noop: true },
    { scenario: 'new scalar under a missing map', patch: { spec: { strategy: { type: 'Recreate' } } }, noop: false },
  ])('$scenario -> $noop', ({ patch, noop }) => {
    expect(patchIsNoop(patch as JsonMap, live)).toBe(noop);
  });
});
