/**
 * Builds `describe` output the way kubectl's PrefixWriter does: each line is indented two spaces per
 * level and its cells are tab-separated; `toString` aligns everything with the tabwriter.
 */
import { tabwrite } from './tabwriter.js';

/** Annotations kubectl leaves out of describe output. */
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

export class DescribeWriter {
  private readonly out: string[] = [];

  /** Writes one line at `level` whose cells are joined with tabs. */
  line(level: number, ...cells: string[]): void {
    this.out.push(`${'  '.repeat(level)}${cells.join('\t')}\n`);
  }

  /** Writes `title:` and a sorted key=value map, one entry per line, or `<none>`. */
  map(level: number, title: string, values: Record<string, string> | undefined, sep = '='): void {
    const entries = Object.entries(values ?? {}).filter(([k]) => !SKIPPED_ANNOTATIONS.has(k)).sort(([a], [b]) => a.localeCompare(b));
    const [first, ...rest] = entries;
    if (!first) { this.line(level, `${title}:`, '<none>'); return; }
    this.line(level, `${title}:`, `${first[0]}${sep}${first[1]}`);
    for (const [k, v] of rest) this.line(level, '', `${k}${sep}${v}`);
  }

  /** Writes `title:` followed by a table with upper-dashed header separators, or `title:  <none>`. */
  table(level: number, title: string, header: string[], rows: string[][]): void {
    if (rows.length === 0) { this.line(level, `${title}:`, '<none>'); return; }
    this.line(level, `${title}:`);
    this.line(level + 1, ...header);
    this.line(level + 1, ...header.map((h) => '-'.repeat(h.length)));
    for (const row of rows) this.line(level + 1, ...row);
  }

  toString(): string {
    return tabwrite(this.out.join(''));
  }
}
