/**
 * `tug logs POD [-c CONTAINER] [-f] [--tail N]` and `tug logs deploy/NAME` (or rs/, svc/): prints a
 * container's log, streaming with -f until the server ends it.
 */
import type { ResourceInfo } from '../../api/resources.js';
import { formatSelector, fromLabelSelector } from '../../api/selector.js';
import type { KubeObject, LabelSelector, Pod } from '../../api/types.js';
import type { FlagSpec, ParsedArgs } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { CliError, UsageError } from '../errors.js';
import { pickContainer, pickLogPod } from '../logs/pick-pod.js';
import { kindPrefix } from '../printers/name.js';
import { resolveType } from '../resource-ref.js';

const flags: FlagSpec[] = [
  { name: 'container', short: 'c', kind: 'string', help: 'print the logs of this container' },
  { name: 'follow', short: 'f', kind: 'bool', help: 'stream the logs' },
  { name: 'tail', kind: 'string', help: 'lines of recent log to show (default: all)' },
];

/** The label selector of a workload: spec.selector as a LabelSelector (apps) or a plain map (Service). */
function selectorOf(obj: KubeObject): string {
  const spec = (obj.spec ?? {}) as { selector?: LabelSelector | Record<string, string> };
  const sel = spec.selector;
  if (!sel) return '';
  const isLabelSelector = 'matchLabels' in sel || 'matchExpressions' in sel;
  return formatSelector(fromLabelSelector(isLabelSelector ? (sel as LabelSelector) : { matchLabels: sel as Record<string, string> }));
}

async function podOfWorkload(ctx: CommandContext, r: ResourceInfo, name: string): Promise<Pod> {
  const owner = await ctx.client.get<KubeObject>(r.kind, ctx.namespace, name);
  const labelSelector = selectorOf(owner);
  if (!labelSelector) throw new CliError(`${kindPrefix(r)}/${name} has no selector`);
  const pods = (await ctx.client.list<Pod>('Pod', ctx.namespace, { labelSelector })).items;
  const pod = pickLogPod(pods);
  if (!pod) throw new CliError(`no pods found for ${kindPrefix(r)}/${name} (selector ${labelSelector})`);
  if (pods.length > 1) ctx.stderr.write(`Found ${pods.length} pods, using pod/${pod.metadata.name ?? ''}\n`);
  return pod;
}

async function resolvePod(ctx: CommandContext, ref: string): Promise<Pod> {
  const slash = ref.indexOf('/');
  if (slash < 0) return ctx.client.get<Pod>('Pod', ctx.namespace, ref);
  const r = resolveType(ref.slice(0, slash));
  const name = ref.slice(slash + 1);
  if (r.kind === 'Pod') return ctx.client.get<Pod>('Pod', ctx.namespace, name);
  if (!['Deployment', 'ReplicaSet', 'Service'].includes(r.kind)) throw new CliError(`cannot get the logs from ${kindPrefix(r)}: selector for ${r.kind} not implemented`);
  return podOfWorkload(ctx, r, name);
}

async function run(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const [ref, positionalContainer, extra] = args.positionals;
  if (!ref || extra !== undefined) throw new UsageError('expected POD or TYPE/NAME (and optionally a container)', `See 'tug logs -h' for help and examples`);
  const tail = args.int('tail');
  const pod = await resolvePod(ctx, ref);
  const { name: container, defaulted } = pickContainer(pod, args.string('container') ?? positionalContainer);
  if (defaulted && container) {
    ctx.stderr.write(`Defaulted container "${container}" out of: ${pod.spec.containers.map((c) => c.name).join(', ')}\n`);
  }
  const stream = await ctx.client.logs(pod.metadata.namespace ?? ctx.namespace, pod.metadata.name ?? '', {
    ...(container ? { container } : {}),
    ...(args.bool('follow') ? { follow: true } : {}),
    ...(tail !== undefined && tail >= 0 ? { tailLines: tail } : {}),
  });
  for await (const chunk of stream) ctx.stdout.write(typeof chunk === 'string' ? chunk : (chunk as Uint8Array));
  return 0;
}

export const command: Command = {
  usage: `Print the logs for a container in a pod, or in a pod picked from a deployment's selector.

Examples:
  tug logs web-7d9-abcde
  tug logs web-7d9-abcde -c sidecar
  tug logs -f deploy/web
  tug logs --tail 20 pod/web-7d9-abcde

Usage:
  tug logs [-f] [-c CONTAINER] [--tail N] (POD | TYPE/NAME) [options]`,
  flags,
  run,
};
