/**
 * meta.k8s.io/v1 Table: what `kubectl get` asks the server for, and what the server's kind printers
 * (api/kinds/) produce. One definition for the API server and the CLI.
 */

/** One column; `priority` 0 columns are always shown, others only with -o wide. */
export interface ColumnDefinition { name: string; type: string; format: string; description?: string; priority: number }
/** One row; `object` is PartialObjectMetadata (or the full object) and gives the NAMESPACE for -A. */
export interface TableRow { cells: unknown[]; object?: unknown }
/** The Table answer (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`). */
export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata: { resourceVersion?: string };
  columnDefinitions: ColumnDefinition[];
  rows: TableRow[];
}

/** A column as kubectl's printers declare it. */
export const column = (name: string, priority = 0, format = '', type = 'string'): ColumnDefinition => ({ name, type, format, description: '', priority });
/** kubectl prints unset cells as <none>. */
export const orNone = (v: string | undefined): string => (v === undefined || v === '' ? '<none>' : v);
