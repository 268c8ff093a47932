/**
 * `tug delete (-f FILE | TYPE NAME... | TYPE/NAME... | TYPE -l SELECTOR | TYPE --all)`: DELETE with
 * propagationPolicy Background, print `pod "x" deleted`, then (unless --wait=false) wait until every
 * object is gone (GET answers 404), bounded by --timeout.
 */
import { isNotFound } from '../../api/errors.js';
import { qualifiedResource } from '../../api/resources.js';
import type { DeleteOptions } from '../../client/client.js';
import { loadManifests } from '../apply/manifests.js';
import { targetOf } from '../apply/target.js';
import type { FlagSpec, ParsedArgs } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { parseDuration } from '../duration.js';
import { formatError, UsageError } from '../errors.js';
import { kindPrefix } from '../printers/name.js';
import { parseResourceArgs } from '../resource-ref.js';
import { waitForDeletion, type ObjectRef } from '../wait.js';

const flags: FlagSpec[] = [
  { name: 'filename', short: 'f', kind: 'strings', help: 'files, folders or - (stdin) naming the objects to delete' },
  { name: 'selector', short: 'l', kind: 'string', help: 'delete the objects matching this label selector' },
  { name: 'all', kind: 'bool', help: 'delete every object of the given types in the namespace' },
  { name: 'wait', kind: 'bool', help: 'wait for the objects to be gone before returning (default true)' },
  { name: 'timeout', kind: 'string', help: 'how long to wait for the deletion (default 60s)' },
  { name: 'ignore-not-found', kind: 'bool', help: 'treat "not found" as a successful delete' },
  { name: 'grace-period', kind: 'string', help: 'seconds given to the pod to terminate gracefully (0 = immediately)' },
  { name: 'now', kind: 'bool', help: 'signal pods to stop immediately (grace period 1)' },
  { name: 'force', kind: 'bool', help: 'with --grace-period=0, remove pods at once' },
];

const DEFAULT_TIMEOUT_MS = 60_000;

async function refsFromFiles(ctx: CommandContext, files: string[]): Promise<{ refs: ObjectRef[]; failed: boolean }> {
  const set = await loadManifests(files, () => ctx.readStdin());
  for (const e of set.errors) ctx.stderr.write(`error: ${e}\n`);
  const refs: ObjectRef[] = [];
  let failed = set.errors.length > 0;
  for (const m of set.manifests) {
    try {
      const t = targetOf(m, ctx);
      refs.push({ resource: t.resource, namespace: t.namespace, name: t.name });
    } catch (err) {
      ctx.stderr.write(`${formatError(err)}\n`);
      failed = true;
    }
  }
  return { refs, failed };
}

async function refsFromArgs(ctx: CommandContext, args: ParsedArgs): Promise<ObjectRef[]> {
  const selector = args.string('selector');
  const all = args.bool('all');
  const namespace = args.bool('all-namespaces') ? undefined : ctx.namespace;
  const refs: ObjectRef[] = [];
  for (const req of parseResourceArgs(args.positionals)) {
    const ns = req.resource.namespaced ? namespace : undefined;
    if (req.names.length > 0) {
      refs.push(...req.names.map((name) => ({ resource: req.resource, namespace: ns ?? ctx.namespace, name })));
      continue;
    }
    if (!selector && !all) throw new UsageError('resource(s) were provided, but no name was specified', `See 'tug delete -h' for help and examples`);
    const list = await ctx.client.list(req.resource.kind, ns, selector ? { labelSelector: selector } : {});
    refs.push(...list.items.map((o) => ({ resource: req.resource, namespace: o.metadata.namespace, name: o.metadata.name ?? '' })));
  }
  return refs;
}

function deleteOptions(args: ParsedArgs): DeleteOptions {
  const grace = args.string('grace-period');
  const opts: DeleteOptions = { propagationPolicy: 'Background' };
  if (args.bool('now')) opts.gracePeriodSeconds = 1;
  if (grace !== undefined && grace !== '-1') {
    if (!/^\d+$/.test(grace)) throw new UsageError(`invalid argument "${grace}" for "--grace-period" flag: must be an integer`);
    opts.gracePeriodSeconds = Number(grace);
  }
  return opts;
}

/** Deletes each ref and prints the result; returns the refs actually deleted and whether any failed. */
async function deleteAll(ctx: CommandContext, refs: ObjectRef[], opts: DeleteOptions, ignoreNotFound: boolean): Promise<{ deleted: ObjectRef[]; failed: boolean }> {
  const deleted: ObjectRef[] = [];
  let failed = false;
  for (const ref of refs) {
    try {
      await ctx.client.delete(ref.resource.kind, ref.namespace, ref.name, opts);
      ctx.stdout.write(`${kindPrefix(ref.resource)} "${ref.name}" deleted\n`);
      deleted.push(ref);
    } catch (err) {
      if (ignoreNotFound && isNotFound(err)) continue;
      ctx.stderr.write(`${formatError(err)}\n`);
      failed = true;
    }
  }
  return { deleted, failed };
}

async function run(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const files = args.strings('filename');
  if (files.length === 0 && args.positionals.length === 0) {
    throw new UsageError('You must provide one or more resources by argument or filename.', `See 'tug delete -h' for help and examples`);
  }
  const opts = deleteOptions(args);
  const timeoutMs = parseDuration(args.string('timeout') ?? '60s', 'timeout') || DEFAULT_TIMEOUT_MS;
  const fromFiles = files.length > 0 ? await refsFromFiles(ctx, files) : { refs: await refsFromArgs(ctx, args), failed: false };
  if (fromFiles.refs.length === 0 && !fromFiles.failed && files.length === 0) {
    ctx.stderr.write('No resources found\n');
    return 0;
  }
  const { deleted, failed } = await deleteAll(ctx, fromFiles.refs, opts, args.bool('ignore-not-found'));
  if (args.bool('wait', true) && deleted.length > 0) {
    const stuck = await waitForDeletion(ctx, deleted, timeoutMs);
    for (const ref of stuck) ctx.stderr.write(`error: timed out waiting for the condition on ${qualifiedResource(ref.resource)}/${ref.name}\n`);
    if (stuck.length > 0) return 1;
  }
  return failed || fromFiles.failed ? 1 : 0;
}

export const command: Command = {
  usage: `Delete resources by file names, stdin, resources and names, or by resources and label selector.
By default waits until the objects are gone (pods are removed gracefully by their node's agent).

Examples:
  tug delete -f ./deployment.yaml
  tug delete pod web-1 web-2
  tug delete deploy/web
  tug delete pods -l app=web
  tug delete pod web-1 --wait=false

Usage:
  tug delete ([-f FILENAME] | TYPE [(NAME | -l label | --all)]) [options]`,
  flags,
  run,
};
