import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { componentEntry, runComponent } from '../../../cli/commands/component.js';

const runAgent = (args: string[], launch: { entry: string; stderr: ReturnType<typeof captureStream> }): Promise<number> => runComponent(args, { ...launch, what: 'the node agent' });
const agentEntry = (): string => componentEntry('agent');
import { captureStream } from '../harness.js';

const dir = mkdtempSync(join(tmpdir(), 'tug-agent-'));

/** A stand-in agent: records its argv to the file named by its first argument, then exits with the code in --exit. */
const fakeAgent = join(dir, 'main.js');
writeFileSync(fakeAgent, `
import { writeFileSync } from 'node:fs';
const [out, ...rest] = process.argv.slice(2);
writeFileSync(out, JSON.stringify(rest));
const i = rest.indexOf('--exit');
process.exit(i >= 0 ? Number(rest[i + 1]) : 0);
`);

describe('tug agent', () => {
  it('passes the arguments through untouched and exits with the agent\'s code', async () => {
    const record = join(dir, 'argv.json');
    const args = [record, '--node', 'n1', '--cpu', '2', '--memory', '4Gi', '--label', 'zone=a', '--exit', '3'];
    expect(await runAgent(args, { entry: fakeAgent, stderr: captureStream() })).toBe(3);
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual(args.slice(1));
  });

  it('explains a missing build instead of crashing', async () => {
    const stderr = captureStream();
    expect(await runAgent([], { entry: join(dir, 'absent.js'), stderr })).toBe(1);
    expect(stderr.text()).toMatch(/^error: the node agent is not built \(.*absent\.js is missing\)/);
  });

  it('locates the compiled agent relative to the CLI file: <root>/agent/main.js from <root>/cli/commands', () => {
    const cliDir = fileURLToPath(new URL('../../../cli/', import.meta.url));
    expect(agentEntry()).toBe(join(cliDir, '..', 'agent', 'main.js'));
    expect(componentEntry('ingress')).toBe(join(cliDir, '..', 'ingress', 'main.js'));
    expect(componentEntry('proxy')).toBe(join(cliDir, '..', 'proxy', 'main.js'));
  });
});
