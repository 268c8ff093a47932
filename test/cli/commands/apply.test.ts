import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, Service } from '../../../api/types.js';
import { LAST_APPLIED } from '../../../cli/apply/three-way.js';
import { startCli, type CliHarness } from '../harness.js';

let cli: CliHarness;
const dir = mkdtempSync(join(tmpdir(), 'tug-apply-'));

beforeAll(async () => { cli = await startCli(); });
afterAll(async () => { await cli.close(); });

function deploymentYaml(opts: { replicas?: number; greeting?: string; extraEnv?: boolean; image?: string } = {}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: ${opts.replicas ?? 2}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: ${opts.image ?? 'nginx:1.27'}
        ports:
        - containerPort: 80
        env:
        - name: GREETING
          value: ${opts.greeting ?? 'hello'}
${opts.extraEnv ? '        - name: MODE\n          value: prod\n' : ''}`;
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('tug apply', () => {
  it('creates, then leaves an unchanged object alone, then configures a change keeping untouched fields', async () => {
    const file = write('web.yaml', deploymentYaml({ extraEnv: true }));
    expect(await cli.tug(['apply', '-f', file])).toMatchObject({ code: 0, stdout: 'deployment.apps/web created\n' });
    const created = await cli.api.client.get<Deployment>('Deployment', 'default', 'web');
    expect(created.metadata.annotations?.[LAST_APPLIED]).toMatch(/^\{"apiVersion":"apps\/v1".*\}\n$/);

    const again = await cli.tug(['apply', '-f', file]);
    expect(again).toMatchObject({ code: 0, stdout: 'deployment.apps/web unchanged\n', stderr: '' });
    const afterNoop = await cli.api.client.get<Deployment>('Deployment', 'default', 'web');
    expect(afterNoop.metadata.resourceVersion).toBe(created.metadata.resourceVersion);

    write('web.yaml', deploymentYaml({ greeting: 'bonjour', replicas: 3 }));
    expect(await cli.tug(['apply', '-f', file])).toMatchObject({ code: 0, stdout: 'deployment.apps/web configured\n' });
    const live = await cli.api.client.get<Deployment>('Deployment', 'default', 'web');
    const [container] = live.spec.template.spec.containers;
    expect(live.spec.replicas).toBe(3);
    expect(container?.image).toBe('nginx:1.27');
    expect(container?.ports?.map((p) => p.containerPort)).toEqual([80]);
    expect(container?.env).toEqual([{ name: 'GREETING', value: 'bonjour' }]);

    expect((await cli.tug(['apply', '-f', file])).stdout).toBe('deployment.apps/web unchanged\n');
  });

  it('keeps going after an unknown kind, reports it like kubectl, and exits 1', async () => {
    const file = write('mixed.yaml', `apiVersion: v1
kind: Foo
metadata:
  name: x
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  color: blue
`);
    const r = await cli.tug(['apply', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: resource mapping not found for name: "x" namespace: "" from "${file}": no matches for kind "Foo" in version "v1"`);
    expect(r.stdout).toBe('configmap/settings created\n');
  });

  it('applies a folder in name order, List items, JSON and stdin, into the -n namespace', async () => {
    await cli.api.client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'b-svc.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'front' }, spec: { selector: { app: 'front' }, ports: [{ port: 80, targetPort: 8080 }] } }));
    writeFileSync(join(folder, 'a-list.yaml'), `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: { name: one }
- apiVersion: v1
  kind: ConfigMap
  metadata: { name: two }
`);
    writeFileSync(join(folder, 'notes.txt'), 'not a manifest');
    const r = await cli.tug(['apply', '-n', 'shop', '-f', folder]);
    expect(r).toMatchObject({ code: 0, stdout: 'configmap/one created\nconfigmap/two created\nservice/front created\n' });

    const stdin = await cli.tug(['apply', '-n', 'shop', '-f', '-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: three\n' });
    expect(stdin).toMatchObject({ code: 0, stdout: 'configmap/three created\n' });
    expect((await cli.api.client.get('ConfigMap', 'shop', 'three')).metadata.namespace).toBe('shop');
  });

  it('deletes a removed Service port by its port and keeps the rest', async () => {
    const svc = (ports: string): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n  ports:\n${ports}`;
    const file = write('api.yaml', svc('  - name: http\n    port: 80\n    targetPort: 8080\n  - name: admin\n    port: 9000\n'));
    expect((await cli.tug(['apply', '-f', file])).stdout).toBe('service/api created\n');
    write('api.yaml', svc('  - name: http\n    port: 80\n    targetPort: 8080\n'));
    expect((await cli.tug(['apply', '-f', file])).stdout).toBe('service/api configured\n');
    const live = await cli.api.client.get<Service>('Service', 'default', 'api');
    expect(live.spec.ports?.map((p) => p.port)).toEqual([80]);
  });

  it.each([
    { scenario: 'missing file', args: ['-f', '/nonexistent/x.yaml'], stderr: 'error: the path "/nonexistent/x.yaml" does not exist' },
    { scenario: 'no -f', args: [], stderr: 'error: must specify one of -f and -k' },
    { scenario: 'invalid YAML', args: ['-f', 'BAD'], stderr: 'error parsing' },
    { scenario: 'object without kind', args: ['-f', 'NOKIND'], stderr: 'kind not set' },
  ])('fails cleanly on $scenario', async ({ args, stderr }) => {
    const files: Record<string, string> = { BAD: write('bad.yaml', 'a: [unclosed\n'), NOKIND: write('nokind.yaml', 'apiVersion: v1\nmetadata:\n  name: x\n') };
    const r = await cli.tug(['apply', ...args.map((a) => files[a] ?? a)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(stderr);
    expect(r.stderr).not.toContain('    at ');
  });

  it('refuses a namespace in the manifest that contradicts -n', async () => {
    const file = write('ns.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: other\n');
    const r = await cli.tug(['apply', '-n', 'default', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the namespace from the provided object "other" does not match the namespace "default"`);
  });

  it('reports server errors with the file name', async () => {
    const file = write('nons.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: missing-ns\n');
    const r = await cli.tug(['apply', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error from server \(NotFound\): error when creating ".*nons\.yaml": namespaces "missing-ns" not found/);
  });
});
