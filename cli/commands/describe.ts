/**
 * `tug describe TYPE [NAME...]` / `TYPE/NAME`: fetches the object, its events (involvedObject field
 * selector) and whatever its describer needs (ReplicaSets of a Deployment, pods of a ReplicaSet or
 * Node, EndpointSlices of a Service, Services and slices behind an Ingress), then formats
 * client-side like kubectl. An unknown name falls back to every
 * object whose name starts with it, as kubectl does.
 */
import { isNotFound } from '../../api/errors.js';
import { groupVersion, type ResourceInfo } from '../../api/resources.js';
import { formatSelector, fromLabelSelector } from '../../api/selector.js';
import type { Deployment, EndpointSlice, Event, Ingress, KubeObject, Node, Pod, ReplicaSet, Service } from '../../api/types.js';
import { SERVICE_NAME_LABEL } from '../../client/service-endpoints.js';
import type { FlagSpec, ParsedArgs } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { formatError, UsageError } from '../errors.js';
import { eventSelector } from '../describe/common.js';
import { describeGeneric } from '../describe/generic.js';
import { describeIngress } from '../describe/ingress.js';
import { describeNode } from '../describe/node.js';
import { describePod } from '../describe/pod.js';
import { describeService } from '../describe/service.js';
import { describeDeployment, describeReplicaSet } from '../describe/workloads.js';
import { parseResourceArgs } from '../resource-ref.js';

const flags: FlagSpec[] = [
  { name: 'selector', short: 'l', kind: 'string', help: 'describe the objects matching this label selector' },
];

async function eventsOf(ctx: CommandContext, obj: KubeObject): Promise<Event[]> {
  try {
    return (await ctx.client.list<Event>('Event', obj.metadata.namespace, { fieldSelector: eventSelector(obj) })).items;
  } catch {
    return []; // events are a nice-to-have; describe still works without them
  }
}

async function podsMatching(ctx: CommandContext, namespace: string | undefined, labelSelector: string): Promise<Pod[]> {
  if (!labelSelector) return [];
  return (await ctx.client.list<Pod>('Pod', namespace, { labelSelector })).items;
}

async function slicesOf(ctx: CommandContext, namespace: string | undefined, service: string): Promise<EndpointSlice[]> {
  return (await ctx.client.list<EndpointSlice>('EndpointSlice', namespace, { labelSelector: `${SERVICE_NAME_LABEL}=${service}` })).items;
}

/** Fetches what a kind's describer needs and renders it; kinds without one get the generic tree. */
type Describer = (ctx: CommandContext, obj: KubeObject, events: Event[], now: Date) => Promise<string>;

const DESCRIBERS: Readonly<Record<string, Describer>> = {
  Pod: (_ctx, obj, events, now) => Promise.resolve(describePod(obj as Pod, events, now)),
  async Deployment(ctx, obj, events, now) {
    const d = obj as Deployment;
    const rs = await ctx.client.list<ReplicaSet>('ReplicaSet', d.metadata.namespace, { labelSelector: formatSelector(fromLabelSelector(d.spec.selector)) });
    return describeDeployment(d, rs.items, events, now);
  },
  async ReplicaSet(ctx, obj, events, now) {
    const rs = obj as ReplicaSet;
    return describeReplicaSet(rs, await podsMatching(ctx, rs.metadata.namespace, formatSelector(fromLabelSelector(rs.spec.selector))), events, now);
  },
  async Node(ctx, obj, events, now) {
    const pods = await ctx.client.list<Pod>('Pod', undefined, { fieldSelector: `spec.nodeName=${obj.metadata.name ?? ''}` });
    const running = pods.items.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    return describeNode(obj as Node, running, events, now);
  },
  async Service(ctx, obj, events, now) {
    return describeService(obj as Service, await slicesOf(ctx, obj.metadata.namespace, obj.metadata.name ?? ''), events, now);
  },
  async Ingress(ctx, obj, events, now) {
    const ing = obj as Ingress;
    const ns = ing.metadata.namespace;
    const names = new Set([ing.spec.defaultBackend, ...(ing.spec.rules ?? []).flatMap((r) => r.http?.paths.map((p) => p.backend) ?? [])].map((b) => b?.service?.name).filter((n): n is string => !!n));
    const services = new Map<string, Service>();
    const slices = new Map<string, EndpointSlice[]>();
    for (const name of names) {
      const svc = await ctx.client.get<Service>('Service', ns, name).catch((err: unknown) => { if (isNotFound(err)) return undefined; throw err; });
      if (!svc) continue;
      services.set(name, svc);
      slices.set(name, await slicesOf(ctx, ns, name));
    }
    return describeIngress(ing, { services, slices }, events, now);
  },
};

/** Fetches what the kind's describer needs and returns the text. */
async function describeObject(ctx: CommandContext, obj: KubeObject): Promise<string> {
  const events = await eventsOf(ctx, obj);
  const describer = DESCRIBERS[obj.kind];
  return describer ? describer(ctx, obj, events, ctx.now()) : describeGeneric(obj, events, ctx.now());
}

/** The objects named `name`, or (when there is none) every object whose name starts with it. */
async function findObjects(ctx: CommandContext, r: ResourceInfo, namespace: string | undefined, name: string): Promise<KubeObject[]> {
  try {
    return [await ctx.client.get<KubeObject>(r.kind, namespace, name)];
  } catch (err) {
    if (!isNotFound(err)) throw err;
    const all = await ctx.client.list<KubeObject>(r.kind, namespace);
    const matches = all.items.filter((o) => (o.metadata.name ?? '').startsWith(name));
    if (matches.length === 0) throw err;
    return matches;
  }
}

/** Collects the objects to describe; names that match nothing are reported and make the exit code 1. */
async function collect(ctx: CommandContext, args: ParsedArgs): Promise<{ objects: KubeObject[]; failed: boolean }> {
  const namespace = args.bool('all-namespaces') ? undefined : ctx.namespace;
  const selector = args.string('selector');
  const objects: KubeObject[] = [];
  let failed = false;
  for (const req of parseResourceArgs(args.positionals)) {
    const ns = req.resource.namespaced ? namespace : undefined;
    const withKind = (o: KubeObject): KubeObject => ({ ...o, kind: o.kind || req.resource.kind, apiVersion: o.apiVersion || groupVersion(req.resource) });
    if (req.names.length === 0) {
      const list = await ctx.client.list<KubeObject>(req.resource.kind, ns, selector ? { labelSelector: selector } : {});
      objects.push(...list.items.map(withKind));
      continue;
    }
    for (const name of req.names) {
      try {
        objects.push(...(await findObjects(ctx, req.resource, ns ?? (req.resource.namespaced ? ctx.namespace : undefined), name)).map(withKind));
      } catch (err) {
        ctx.stderr.write(`${formatError(err)}\n`);
        failed = true;
      }
    }
  }
  return { objects, failed };
}

async function run(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  if (args.positionals.length === 0) throw new UsageError('You must specify the type of resource to describe.', `See 'tug describe -h' for help and examples`);
  const { objects, failed } = await collect(ctx, args);
  if (objects.length === 0 && !failed) ctx.stderr.write(ctx.namespace ? `No resources found in ${ctx.namespace} namespace.\n` : 'No resources found\n');
  for (const [i, obj] of objects.entries()) ctx.stdout.write(`${i > 0 ? '\n\n' : ''}${await describeObject(ctx, obj)}`);
  return failed ? 1 : 0;
}

export const command: Command = {
  usage: `Show details of a specific resource or group of resources, with its recent events.

Examples:
  tug describe pod web-7d9-abcde
  tug describe deploy/web
  tug describe nodes
  tug describe pods -l app=web

Usage:
  tug describe (TYPE [NAME_PREFIX] | TYPE/NAME) [options]`,
  flags,
  run,
};
