/**
 * Prints meta.k8s.io/v1 Tables the way kubectl does: upper-case headers, columns padded to the widest
 * cell plus 3 spaces (Go's tabwriter with padding 3), priority > 0 columns only with -o wide, a leading
 * NAMESPACE column for -A, and `kind/name` prefixes when several kinds are printed together.
 */
import type { KubeObject } from '../../api/types.js';
import { ageSince } from '../../api/duration.js';
import { isRecord } from '../../api/guards.js';

import type { Table, TableRow } from '../../api/table.js';

export type { Table, TableRow } from '../../api/table.js';

/** How to lay a Table out. */
export interface TableOptions {
  wide: boolean;
  /** Add a NAMESPACE column first, read from each row's object. */
  withNamespace: boolean;
  /** Prefix for the name column, e.g. "deployment.apps/" (get all, several kinds). */
  namePrefix?: string;
  noHeaders?: boolean;
}

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';


/** Narrows a response body to a Table, or undefined when the server sent something else. */
export function asTable(body: unknown): Table | undefined {
  if (!isRecord(body) || body.kind !== 'Table' || !Array.isArray(body.rows)) return undefined;
  const columns = Array.isArray(body.columnDefinitions) ? body.columnDefinitions.filter(isRecord) : [];
  return {
    kind: 'Table',
    apiVersion: typeof body.apiVersion === 'string' ? body.apiVersion : 'meta.k8s.io/v1',
    metadata: isRecord(body.metadata) ? { ...(typeof body.metadata.resourceVersion === 'string' ? { resourceVersion: body.metadata.resourceVersion } : {}) } : {},
    columnDefinitions: columns.map((c) => ({
      name: String(c.name ?? ''),
      type: String(c.type ?? 'string'),
      format: String(c.format ?? ''),
      priority: typeof c.priority === 'number' ? c.priority : 0,
    })),
    rows: body.rows.filter(isRecord).map((r) => ({ cells: Array.isArray(r.cells) ? r.cells : [], object: r.object })),
  };
}

/** A Table with NAME and AGE built from plain objects, for servers that ignore the Table Accept header. */
export function tableFromObjects(objects: readonly KubeObject[], now: Date): Table {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', priority: 0 },
      { name: 'Age', type: 'string', format: '', priority: 0 },
    ],
    rows: objects.map((o) => ({ cells: [o.metadata.name ?? '', ageSince(o.metadata.creationTimestamp, now)], object: o })),
  };
}

function formatCell(cell: unknown): string {
  if (cell === null || cell === undefined) return '<none>';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number' || typeof cell === 'boolean' || typeof cell === 'bigint') return String(cell);
  return JSON.stringify(cell);
}

function rowNamespace(row: TableRow): string {
  const meta = isRecord(row.object) ? row.object.metadata : undefined;
  return isRecord(meta) && typeof meta.namespace === 'string' ? meta.namespace : '';
}

/** The visible column indexes and which of them holds the name. */
function visibleColumns(table: Table, wide: boolean): { indexes: number[]; nameIndex: number } {
  const indexes = table.columnDefinitions.flatMap((c, i) => (wide || c.priority === 0 ? [i] : []));
  const named = table.columnDefinitions.findIndex((c) => c.format === 'name');
  return { indexes, nameIndex: named >= 0 ? named : 0 };
}

/** The header cells for `table` under `opts`. */
export function headerCells(table: Table, opts: TableOptions): string[] {
  const { indexes } = visibleColumns(table, opts.wide);
  const cells = indexes.map((i) => (table.columnDefinitions[i]?.name ?? '').toUpperCase());
  return opts.withNamespace ? ['NAMESPACE', ...cells] : cells;
}

/** The data rows of `table` as cell strings, without the header. */
export function rowCells(table: Table, opts: TableOptions): string[][] {
  const { indexes, nameIndex } = visibleColumns(table, opts.wide);
  return table.rows.map((row) => {
    const cells = indexes.map((i) => {
      const text = formatCell(row.cells[i]);
      return i === nameIndex && opts.namePrefix ? `${opts.namePrefix}${text}` : text;
    });
    return opts.withNamespace ? [rowNamespace(row), ...cells] : cells;
  });
}

/** The widest cell of each column. */
export function columnWidths(grid: readonly string[][]): number[] {
  const widths: number[] = [];
  for (const row of grid) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length); });
  return widths;
}

/** Lays rows out with 3 spaces after each column except the last; `minWidths` keeps watch rows aligned. */
export function formatRows(grid: readonly string[][], minWidths: readonly number[] = []): string {
  const widths = columnWidths(grid).map((w, i) => Math.max(w, minWidths[i] ?? 0));
  return grid.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3))).join('').trimEnd() + '\n').join('');
}

/** The whole table (header + rows) as text; empty string when the table has no rows. */
export function printTable(table: Table, opts: TableOptions): string {
  if (table.rows.length === 0) return '';
  const rows = rowCells(table, opts);
  return formatRows(opts.noHeaders ? rows : [headerCells(table, opts), ...rows]);
}
