/**
 * -o name and the `kind/name` prefixes: "pod/web-1", "deployment.apps/web", "service/web".
 */
import type { ResourceInfo } from '../../api/resources.js';

/** "pod", "deployment.apps": the singular resource plus its group, as kubectl names a kind. */
export function kindPrefix(r: ResourceInfo): string {
  return r.group ? `${r.singular}.${r.group}` : r.singular;
}

/** The -o name line for one object (without newline). */
export function printName(r: ResourceInfo, name: string): string {
  return `${kindPrefix(r)}/${name}`;
}
