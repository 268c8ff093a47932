/**
 * -o yaml: sorted keys, sequences not indented under their key, no line folding, and strings that
 * would read as other types double-quoted (as sigs.k8s.io/yaml prints them).
 */
import { stringify } from 'yaml';
import { sortKeys } from './json.js';

/** One object (or List) as kubectl's -o yaml prints it. */
export function printYaml(obj: unknown): string {
  return stringify(sortKeys(obj), { indentSeq: false, lineWidth: 0, minContentWidth: 0 });
}
