/**
 * Turns what users type after a verb into kinds and names: `pods`, `po a b`, `pods,deploy`,
 * `pod/a deploy/b`, `all`. Names resolve through api/resources.ts (short names, singulars, groups).
 */
import { RESOURCES, resolveResourceName, type ResourceInfo } from '../api/resources.js';
import { CliError, UsageError } from './errors.js';

/** One kind to act on, and the names asked for (empty = every object of the kind). */
export interface ResourceRequest { resource: ResourceInfo; names: string[] }

/** Resolves one type word, or throws the error kubectl gives for an unknown type. */
export function resolveType(word: string): ResourceInfo {
  const r = resolveResourceName(word);
  if (!r) throw new CliError(`the server doesn't have a resource type "${word}"`);
  return r;
}

/** Expands "all" (the `all` category) and comma lists into kinds, in table order for categories. */
export function resolveTypes(list: string): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const word of list.split(',').filter((w) => w.length > 0)) {
    const kinds = RESOURCES.filter((r) => r.categories.includes(word));
    for (const r of kinds.length > 0 ? kinds : [resolveType(word)]) if (!out.includes(r)) out.push(r);
  }
  return out;
}

function slashRequests(args: readonly string[]): ResourceRequest[] {
  const out: ResourceRequest[] = [];
  for (const arg of args) {
    const slash = arg.indexOf('/');
    if (slash <= 0 || slash === arg.length - 1) {
      throw new UsageError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'tug get resource/<resource_name>' instead of 'tug get resource resource/<resource_name>'`);
    }
    const resource = resolveType(arg.slice(0, slash));
    const name = arg.slice(slash + 1);
    const existing = out.find((q) => q.resource === resource);
    if (existing) existing.names.push(name); else out.push({ resource, names: [name] });
  }
  return out;
}

/**
 * Parses positional arguments into requests. Throws UsageError when no type is given, and CliError
 * for unknown types.
 */
export function parseResourceArgs(args: readonly string[]): ResourceRequest[] {
  const first = args[0];
  if (first === undefined) throw new UsageError('You must specify the type of resource to get.', `Use "tug api-resources" for a complete list of supported resources.`);
  if (first.includes('/')) return slashRequests(args);
  const names = args.slice(1);
  return resolveTypes(first).map((resource) => ({ resource, names: [...names] }));
}
