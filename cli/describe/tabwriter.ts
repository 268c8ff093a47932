/**
 * Go's text/tabwriter (what kubectl describe formats through, with padding 2): cells end at a tab;
 * a column's width is set per block of consecutive lines that all have a cell in that column, so
 * alignment restarts after any line with fewer cells. The last cell of a line is never padded.
 */

/** Lays out tab-separated `text` (lines end with "\n"); returns the aligned text. */
export function tabwrite(text: string, padding = 2): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const trailing = text.endsWith('\n');
  if (trailing) lines.pop();
  const widths: number[][] = lines.map(() => []);
  formatBlock(lines, widths, 0, lines.length, 0, padding);
  const out = lines.map((cells, i) => cells.map((cell, c) => (c < cells.length - 1 ? cell.padEnd(widths[i]?.[c] ?? 0) : cell)).join('').trimEnd());
  return out.join('\n') + (trailing ? '\n' : '');
}

/** Assigns widths for `column` to each block within [line0, line1), then recurses into the block. */
function formatBlock(lines: string[][], widths: number[][], line0: number, line1: number, column: number, padding: number): void {
  let i = line0;
  while (i < line1) {
    if ((lines[i]?.length ?? 0) - 1 <= column) { i++; continue; }
    let end = i;
    let width = 0;
    for (; end < line1 && (lines[end]?.length ?? 0) - 1 > column; end++) {
      width = Math.max(width, (lines[end]?.[column]?.length ?? 0) + padding);
    }
    for (let k = i; k < end; k++) (widths[k] ??= [])[column] = width;
    formatBlock(lines, widths, i, end, column + 1, padding);
    i = end;
  }
}
