/**
 * -o yaml: sorted keys, sequences not indented under their key, no line folding, and strings that
 * YAML 1.1 would read as other types (timestamps, yes/no, numbers) double-quoted, as
 * sigs.k8s.io/yaml (go-yaml v2, YAML 1.1) prints them.
 */
import { stringify } from 'yaml';
import { sortKeys } from './json.js';

/** One object (or List) as kubectl's -o yaml prints it. */
export function printYaml(obj: unknown): string {
  return stringify(sortKeys(obj), { version: '1.1', indentSeq: false, lineWidth: 0, minContentWidth: 0 });
}
