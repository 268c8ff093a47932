/**
 * `tug version [--client] [-o json|yaml]`: the CLI's version (from package.json) and the server's
 * GET /version answer.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlagSpec, ParsedArgs } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { printJson } from '../printers/json.js';
import { printYaml } from '../printers/yaml.js';

const flags: FlagSpec[] = [
  { name: 'client', kind: 'bool', help: 'print the client version only (no server needed)' },
];

/** The server's /version answer (the fields kubectl prints). */
interface ServerVersion { major?: string; minor?: string; gitVersion?: string; platform?: string }

/** The version in the nearest package.json above this file (works from both cli/ and dist/cli/). */
export function clientVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown };
      if (typeof pkg.version === 'string') return `v${pkg.version}`;
    } catch {
      // not here; keep walking up
    }
  }
  return 'unknown';
}

async function run(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const output = args.string('output');
  if (output !== undefined && output !== 'json' && output !== 'yaml') throw new UsageError('--output must be \'yaml\' or \'json\'');
  const client = { gitVersion: clientVersion(), platform: `${process.platform}/${process.arch}` };
  const wantServer = !args.bool('client');
  if (!output) {
    // The client line comes first so it is printed even when the server cannot be reached.
    ctx.stdout.write(`Client Version: ${client.gitVersion}\n`);
    if (!wantServer) return 0;
    const server = await ctx.client.transport.json<ServerVersion>('/version');
    ctx.stdout.write(`Server Version: ${server.gitVersion ?? `v${server.major ?? '?'}.${server.minor ?? '?'}`}\n`);
    return 0;
  }
  const server = wantServer ? await ctx.client.transport.json<ServerVersion>('/version') : undefined;
  const doc = { clientVersion: client, ...(server ? { serverVersion: server } : {}) };
  ctx.stdout.write(output === 'json' ? printJson(doc) : printYaml(doc));
  return 0;
}

export const command: Command = {
  usage: `Print the client and server version information.

Usage:
  tug version [--client] [-o json|yaml]`,
  flags,
  run,
};
