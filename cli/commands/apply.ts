/**
 * `tug apply -f <file|dir|->`: client-side apply, as kubectl does it. For each object: GET; absent ->
 * POST with the last-applied annotation ("created"); present -> three-way strategic merge patch
 * ("configured"), or nothing at all when the live object already matches ("unchanged").
 */
import { ApiError, isAlreadyExists, isNotFound } from '../../api/errors.js';
import { qualifiedResource, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { loadManifests, type Manifest } from '../apply/manifests.js';
import type { JsonMap } from '../apply/merge-keys.js';
import { patchIsNoop } from '../apply/noop.js';
import { readLastApplied, threeWayPatch, withLastApplied } from '../apply/three-way.js';
import type { FlagSpec, ParsedArgs } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { CliError, formatError, UsageError } from '../errors.js';
import { kindPrefix } from '../printers/name.js';
import { targetOf, type Target } from '../apply/target.js';

const flags: FlagSpec[] = [
  { name: 'filename', short: 'f', kind: 'strings', help: 'files, folders or - (stdin) holding the configuration to apply' },
];

type Outcome = 'created' | 'configured' | 'unchanged';

/** The stderr line for a failed object, with kubectl's "error when creating" context. */
function describeFailure(err: unknown, action: string, source: string): string {
  if (err instanceof ApiError) return `Error from server (${err.reason}): error when ${action} "${source}": ${err.message}`;
  return formatError(err);
}

async function create(ctx: CommandContext, t: Target): Promise<Outcome> {
  await ctx.client.create(withLastApplied(t.object) as unknown as KubeObject);
  return 'created';
}

async function patch(ctx: CommandContext, t: Target, live: KubeObject): Promise<Outcome> {
  const liveMap = live as unknown as JsonMap;
  const last = readLastApplied(liveMap);
  if (!last) {
    ctx.stderr.write(`Warning: resource ${qualifiedResource(t.resource)}/${t.name} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by tug apply. tug apply should only be used on resources created declaratively by tug apply. The missing annotation will be patched automatically.\n`);
  }
  const body = threeWayPatch(last, t.object);
  if (patchIsNoop(body, liveMap)) return 'unchanged';
  await ctx.client.patch(t.resource.kind, t.namespace, t.name, body, 'strategic');
  return 'configured';
}

/** Applies one object; returns what happened. Throws ApiError (with `action` set) on failure. */
async function applyOne(ctx: CommandContext, t: Target, state: { action: string }): Promise<Outcome> {
  let live: KubeObject | undefined;
  state.action = 'retrieving current configuration of';
  try {
    live = await ctx.client.get<KubeObject>(t.resource.kind, t.namespace, t.name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (!live) {
    state.action = 'creating';
    try {
      return await create(ctx, t);
    } catch (err) {
      // Someone created it between our GET and POST: fall through to the patch path once.
      if (!isAlreadyExists(err)) throw err;
      live = await ctx.client.get<KubeObject>(t.resource.kind, t.namespace, t.name);
    }
  }
  state.action = 'patching';
  return patch(ctx, t, live);
}

function printOutcome(ctx: CommandContext, r: ResourceInfo, name: string, outcome: Outcome, output: string | undefined): void {
  const id = `${kindPrefix(r)}/${name}`;
  ctx.stdout.write(output === 'name' ? `${id}\n` : `${id} ${outcome}\n`);
}

async function applyManifest(ctx: CommandContext, m: Manifest, output: string | undefined): Promise<boolean> {
  let target: Target;
  try {
    target = targetOf(m, ctx);
  } catch (err) {
    ctx.stderr.write(`${formatError(err)}\n`);
    return false;
  }
  const state = { action: 'applying' };
  try {
    printOutcome(ctx, target.resource, target.name, await applyOne(ctx, target, state), output);
    return true;
  } catch (err) {
    ctx.stderr.write(`${describeFailure(err, state.action, m.source)}\n`);
    return false;
  }
}

async function run(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const files = args.strings('filename');
  if (files.length === 0) throw new UsageError('must specify one of -f and -k', `See 'tug apply -h' for help and examples`);
  const output = args.string('output');
  if (output !== undefined && output !== 'name') throw new UsageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: name`);
  const set = await loadManifests(files, () => ctx.readStdin());
  for (const e of set.errors) ctx.stderr.write(`error: ${e}\n`);
  if (set.manifests.length === 0 && set.errors.length === 0) throw new CliError('no objects passed to apply');
  let ok = set.errors.length === 0;
  for (const m of set.manifests) ok = (await applyManifest(ctx, m, output)) && ok;
  return ok ? 0 : 1;
}

export const command: Command = {
  usage: `Apply a configuration to resources by file name or stdin. The resource name is required.
JSON and YAML formats are accepted; folders apply their *.yaml, *.yml and *.json files in name order.

Examples:
  tug apply -f ./deployment.yaml
  tug apply -f ./manifests/
  cat pod.json | tug apply -f -

Usage:
  tug apply -f FILENAME [options]`,
  flags,
  run,
};
