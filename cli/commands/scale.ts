/**
 * `tug scale deploy/web --replicas=3` (or `tug scale deploy web rs/other --replicas 3`): a merge
 * patch of `{"spec":{"replicas":N}}` on each object's scale subresource.
 */
import type { FlagSpec, ParsedArgs } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { CliError, formatError, UsageError } from '../errors.js';
import { kindPrefix } from '../printers/name.js';
import { parseResourceArgs } from '../resource-ref.js';

const flags: FlagSpec[] = [
  { name: 'replicas', kind: 'string', help: 'the new desired number of replicas (required)' },
];

async function run(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const replicas = args.int('replicas');
  if (replicas === undefined || replicas < 0) {
    throw new UsageError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0', `See 'tug scale -h' for help and examples`);
  }
  if (args.positionals.length === 0) throw new UsageError('required resource not specified', `See 'tug scale -h' for help and examples`);
  let failed = false;
  for (const req of parseResourceArgs(args.positionals)) {
    if (!req.resource.subresources.some((s) => s.name === 'scale')) throw new CliError(`cannot scale ${kindPrefix(req.resource)}: it has no scale subresource`);
    if (req.names.length === 0) throw new UsageError('resource(s) were provided, but no name was specified', `See 'tug scale -h' for help and examples`);
    for (const name of req.names) {
      try {
        await ctx.client.patch(req.resource.kind, ctx.namespace, name, { spec: { replicas } }, 'merge', 'scale');
        ctx.stdout.write(`${kindPrefix(req.resource)}/${name} scaled\n`);
      } catch (err) {
        ctx.stderr.write(`${formatError(err)}\n`);
        failed = true;
      }
    }
  }
  return failed ? 1 : 0;
}

export const command: Command = {
  usage: `Set a new size for a deployment or replica set.

Examples:
  tug scale deploy/web --replicas=5
  tug scale deployment web --replicas 0

Usage:
  tug scale --replicas=COUNT (TYPE NAME | TYPE/NAME) [options]`,
  flags,
  run,
};
