/**
 * `tug get <type>[,<type>...] [name...]`, `tug get <type>/<name>...`, `tug get all`: asks the server
 * for Tables and prints them like kubectl; -o yaml/json/name print the objects instead, -w streams.
 */
import type { KubeObject } from '../../api/types.js';
import type { FlagSpec, ParsedArgs } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { formatError, UsageError } from '../errors.js';
import { fetchList, fetchObject, fetchTable, type SelectorQuery } from '../get/fetch.js';
import { printJson } from '../printers/json.js';
import { asList } from '../printers/list.js';
import { kindPrefix, printName } from '../printers/name.js';
import { printTable, type Table } from '../printers/table.js';
import { parseResourceArgs, type ResourceRequest } from '../resource-ref.js';

const flags: FlagSpec[] = [
  { name: 'selector', short: 'l', kind: 'string', help: 'label selector to filter on (e.g. -l app=web)' },
  { name: 'field-selector', kind: 'string', help: 'field selector to filter on (e.g. --field-selector status.phase=Running)' },
  { name: 'watch', short: 'w', kind: 'bool', help: 'after listing, watch for changes' },
  { name: 'no-headers', kind: 'bool', help: 'do not print the header row' },
];

const OUTPUTS = ['', 'wide', 'yaml', 'json', 'name'];

/** What one `get` invocation asks for, after flag parsing. */
export interface GetOptions {
  requests: ResourceRequest[];
  namespace: string | undefined;
  output: string;
  query: SelectorQuery;
  noHeaders: boolean;
}

function parseOptions(args: ParsedArgs, ctx: CommandContext): GetOptions {
  const output = args.string('output') ?? '';
  if (!OUTPUTS.includes(output)) {
    throw new UsageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,wide,yaml`);
  }
  const labelSelector = args.string('selector');
  const fieldSelector = args.string('field-selector');
  return {
    requests: parseResourceArgs(args.positionals),
    namespace: args.bool('all-namespaces') ? undefined : ctx.namespace,
    output,
    query: { ...(labelSelector ? { labelSelector } : {}), ...(fieldSelector ? { fieldSelector } : {}) },
    noHeaders: args.bool('no-headers'),
  };
}

/** The Table for one request: the collection, or the named objects' rows merged (errors reported). */
async function tableFor(ctx: CommandContext, o: GetOptions, req: ResourceRequest): Promise<{ table?: Table; failed: boolean }> {
  if (req.names.length === 0) return { table: await fetchTable(ctx.client, req.resource, o.namespace, undefined, o.query, ctx.now()), failed: false };
  let table: Table | undefined;
  let failed = false;
  for (const name of req.names) {
    try {
      const one = await fetchTable(ctx.client, req.resource, o.namespace ?? ctx.namespace, name, {}, ctx.now());
      table = table ? { ...table, rows: [...table.rows, ...one.rows] } : one;
    } catch (err) {
      ctx.stderr.write(`${formatError(err)}\n`);
      failed = true;
    }
  }
  return table ? { table, failed } : { failed };
}

function noResourcesMessage(o: GetOptions, namespaced: boolean): string {
  return o.namespace !== undefined && namespaced ? `No resources found in ${o.namespace} namespace.\n` : 'No resources found\n';
}

async function printTables(ctx: CommandContext, o: GetOptions): Promise<number> {
  const several = o.requests.length > 1;
  let printed = 0, failed = false;
  for (const req of o.requests) {
    const result = await tableFor(ctx, o, req);
    failed ||= result.failed;
    if (!result.table || result.table.rows.length === 0) continue;
    const text = printTable(result.table, {
      wide: o.output === 'wide',
      withNamespace: o.namespace === undefined && req.resource.namespaced,
      ...(several ? { namePrefix: `${kindPrefix(req.resource)}/` } : {}),
      noHeaders: o.noHeaders,
    });
    ctx.stdout.write(printed > 0 ? `\n${text}` : text);
    printed++;
  }
  const askedForNames = o.requests.some((r) => r.names.length > 0);
  if (printed === 0 && !askedForNames) ctx.stderr.write(noResourcesMessage(o, o.requests.some((r) => r.resource.namespaced)));
  return failed ? 1 : 0;
}

/** Collects the objects for -o yaml/json/name; named objects that fail are reported and skipped. */
async function collectObjects(ctx: CommandContext, o: GetOptions): Promise<{ objects: KubeObject[]; failed: boolean }> {
  const objects: KubeObject[] = [];
  let failed = false;
  for (const req of o.requests) {
    if (req.names.length === 0) {
      objects.push(...(await fetchList(ctx.client, req.resource, o.namespace, o.query)).items);
      continue;
    }
    for (const name of req.names) {
      try {
        objects.push(await fetchObject(ctx.client, req.resource, o.namespace ?? ctx.namespace, name));
      } catch (err) {
        ctx.stderr.write(`${formatError(err)}\n`);
        failed = true;
      }
    }
  }
  return { objects, failed };
}

async function printObjects(ctx: CommandContext, o: GetOptions): Promise<number> {
  const { objects, failed } = await collectObjects(ctx, o);
  const single = o.requests.length === 1 && o.requests[0]?.names.length === 1;
  if (o.output === 'name') {
    for (const obj of objects) {
      const req = o.requests.find((r) => r.resource.kind === obj.kind);
      if (req) ctx.stdout.write(`${printName(req.resource, obj.metadata.name ?? '')}\n`);
    }
    return failed ? 1 : 0;
  }
  if (single && objects.length === 0) return 1;
  const doc = single && objects[0] ? objects[0] : asList(objects);
  ctx.stdout.write(o.output === 'json' ? printJson(doc) : (await import('../printers/yaml.js')).printYaml(doc));
  return failed ? 1 : 0;
}

async function run(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const o = parseOptions(args, ctx);
  if (args.bool('watch')) return (await import('../get/watch.js')).watchResource(ctx, o);
  return o.output === '' || o.output === 'wide' ? printTables(ctx, o) : printObjects(ctx, o);
}

export const command: Command = {
  usage: `Display one or many resources. Prints a table of the most important information about the
specified resources; -o yaml, -o json and -o name print the objects themselves.

Examples:
  tug get pods
  tug get pods -o wide
  tug get deploy web -o yaml
  tug get pod/web-1 svc/web
  tug get all -A
  tug get pods -l app=web -w

Usage:
  tug get [(-o|--output=)json|yaml|name|wide] (TYPE[,TYPE...] [NAME ...] | TYPE/NAME ...) [flags]`,
  flags,
  run,
};
