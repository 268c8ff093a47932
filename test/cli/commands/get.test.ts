import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Deployment, Pod } from '../../../api/types.js';
import { makeDeployment, makePod } from '../../support/builders.js';
import { startCli, type CliHarness } from '../harness.js';

let cli: CliHarness;

beforeAll(async () => {
  cli = await startCli();
  const c = cli.api.client;
  await c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b' } });
  await c.create(makePod('web-1').labels({ app: 'web' }).build());
  await c.create(makePod('web-2').labels({ app: 'web' }).build());
  await c.create(makePod('db-1').labels({ app: 'db' }).build());
  await c.create(makePod('other-1').namespace('team-b').build());
  await c.create(makeDeployment('web').build());
});
afterAll(async () => { await cli.close(); });

const lines = (s: string): string[] => s.trimEnd().split('\n');

describe('tug get', () => {
  it('prints the server Table with upper-case headers and 3-space aligned columns', async () => {
    const r = await cli.tug(['get', 'pods']);
    expect(r.code).toBe(0);
    const [header, ...rows] = lines(r.stdout);
    expect(header).toMatch(/^NAME {4}READY {3}STATUS {4}RESTARTS {3}AGE$/);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(['db-1', 'web-1', 'web-2']);
    expect(r.stdout).not.toContain('NODE');
  });

  it.each([
    { scenario: '-o wide adds priority columns', args: ['get', 'pods', '-o', 'wide'], contains: ['IP', 'NODE', 'NOMINATED NODE'] },
    { scenario: '-A adds NAMESPACE from the row objects', args: ['get', 'pods', '-A'], contains: ['NAMESPACE', 'team-b      other-1'] },
    { scenario: '-l filters by label', args: ['get', 'po', '-l', 'app=db'], contains: ['db-1'] },
    { scenario: 'type/name form', args: ['get', 'pod/web-2'], contains: ['web-2'] },
    { scenario: 'get all prefixes kind/name', args: ['get', 'all'], contains: ['pod/web-1', 'deployment.apps/web'] },
  ])('$scenario', async ({ args, contains }) => {
    const r = await cli.tug(args);
    expect(r.code).toBe(0);
    for (const c of contains) expect(r.stdout).toContain(c);
  });

  it('-l excludes what does not match', async () => {
    expect((await cli.tug(['get', 'po', '-l', 'app=db'])).stdout).not.toContain('web-1');
  });

  it('-o yaml prints one object as itself and a collection as a kind: List', async () => {
    const one = parse((await cli.tug(['get', 'deploy', 'web', '-o', 'yaml'])).stdout) as Deployment;
    expect(one).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } });
    const many = parse((await cli.tug(['get', 'pods', '-o', 'yaml'])).stdout) as { kind: string; items: Pod[] };
    expect(many.kind).toBe('List');
    expect(many.items.map((p) => [p.kind, p.metadata.name])).toEqual([['Pod', 'db-1'], ['Pod', 'web-1'], ['Pod', 'web-2']]);
  });

  it('-o json uses 4-space indentation with sorted keys; -o name prints kind/name', async () => {
    const json = (await cli.tug(['get', 'pod', 'web-1', '-o', 'json'])).stdout;
    expect(json).toMatch(/^\{\n {4}"apiVersion": "v1",\n {4}"kind": "Pod",\n {4}"metadata"/);
    expect((await cli.tug(['get', 'pods,deploy', '-o', 'name'])).stdout).toBe('pod/db-1\npod/web-1\npod/web-2\ndeployment.apps/web\n');
  });

  it('says "No resources found" on stderr for an empty namespace', async () => {
    await cli.api.client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'empty' } });
    expect(await cli.tug(['get', 'pods', '-n', 'empty'])).toEqual({ code: 0, stdout: '', stderr: 'No resources found in empty namespace.\n' });
  });

  it('reports a missing name as the server does and exits 1, still printing the others', async () => {
    const r = await cli.tug(['get', 'pods', 'web-1', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(r.stdout).toContain('web-1');
  });

  it('rejects an unknown type and an unknown output format', async () => {
    expect(await cli.tug(['get', 'widgets'])).toMatchObject({ code: 1, stderr: 'error: the server doesn\'t have a resource type "widgets"\n' });
    expect((await cli.tug(['get', 'pods', '-o', 'toml'])).stderr).toContain('unable to match a printer suitable for the output format "toml"');
  });

  it('-w prints the list and then a row per event, and exits 0 when the server ends the watch', async () => {
    const own = await startCli();
    await own.api.client.create(makePod('w-1').build());
    const seen: string[] = [];
    const run = own.tug(['get', 'pods', '-w'], {
      deps: { stdout: { write(chunk: string | Uint8Array) { seen.push(String(chunk)); return true; } } },
    });
    await waitUntil(() => seen.join('').includes('w-1'));
    await own.api.client.create(makePod('w-2').build());
    await own.api.client.create(makePod('w-3').build());
    await waitUntil(() => seen.join('').includes('w-3'));
    await own.close();
    expect((await run).code).toBe(0);
    const out = seen.join('');
    expect(out.split('\n').filter((l) => l.startsWith('NAME'))).toHaveLength(1);
    // Only the first watch event carries columnDefinitions; later rows must still print every cell.
    expect(out).toMatch(/^w-2 {3,}0\/1 {3,}Pending/m);
    expect(out).toMatch(/^w-3 {3,}0\/1 {3,}Pending/m);
    expect(out.trimEnd().split('\n')).not.toContain('');
  });
});

async function waitUntil(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
