import { describe, expect, it } from 'vitest';
import { printJson } from '../../../cli/printers/json.js';
import { asList } from '../../../cli/printers/list.js';
import { printYaml } from '../../../cli/printers/yaml.js';

const pod = {
  metadata: { resourceVersion: '42', creationTimestamp: '2024-01-01T00:00:00Z', name: 'web', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"a":1}\n' } },
  kind: 'Pod',
  apiVersion: 'v1',
  spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] },
};

describe('-o yaml', () => {
  it('sorts keys, does not indent sequences, quotes YAML 1.1 look-alikes (timestamps, numbers) and keeps long lines', () => {
    expect(printYaml(pod)).toBe([
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  annotations:',
      '    kubectl.kubernetes.io/last-applied-configuration: |',
      '      {"a":1}',
      '  creationTimestamp: "2024-01-01T00:00:00Z"',
      '  name: web',
      '  resourceVersion: "42"',
      'spec:',
      '  containers:',
      '  - image: nginx',
      '    name: web',
      '    ports:',
      '    - containerPort: 80',
      '',
    ].join('\n'));
  });

  it('wraps several objects in a kind: List', () => {
    expect(printYaml(asList([]))).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });
});

describe('-o json', () => {
  it('sorts keys and indents by 4 spaces', () => {
    expect(printJson({ b: 1, a: { d: [1], c: 'x' } })).toBe('{\n    "a": {\n        "c": "x",\n        "d": [\n            1\n        ]\n    },\n    "b": 1\n}\n');
  });
});
