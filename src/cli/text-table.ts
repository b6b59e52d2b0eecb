/**
 * Plain-text tables for a terminal: columns padded to their widest cell, two spaces apart, and the
 * whole table kept within `width` columns by shortening the widest shrinkable cells with `…` in the
 * middle (a cluster name keeps its start and its number).
 */

export interface TextTable {
  header: string[];
  rows: string[][];
  /** Columns that may be shortened to fit (names, versions), in the order to shorten them. */
  shrinkable?: number[];
  /** Right-aligned columns (numbers). */
  right?: number[];
}

const GAP = 2;
const MIN_SHRUNK = 8;

function shorten(text: string, width: number): string {
  if (text.length <= width) return text;
  const keepEnd = Math.floor((width - 1) / 2);
  return `${text.slice(0, width - 1 - keepEnd)}…${text.slice(text.length - keepEnd)}`;
}

function widthsOf(cells: string[][]): number[] {
  return (cells[0] as string[]).map((_, col) => Math.max(...cells.map((row) => (row[col] ?? '').length)));
}

/** The table's text, at most `width` columns wide where the shrinkable columns allow it. */
export function renderTextTable(table: TextTable, width = 100): string {
  const all = [table.header, ...table.rows];
  const widths = widthsOf(all);
  const total = () => widths.reduce((sum, w) => sum + w, 0) + GAP * (widths.length - 1);
  const shrinkable = table.shrinkable ?? [];
  while (total() > width) {
    const col = shrinkable.filter((c) => (widths[c] as number) > Math.max(MIN_SHRUNK, (table.header[c] ?? '').length))
      .sort((a, b) => (widths[b] as number) - (widths[a] as number))[0];
    if (col === undefined) break;
    // One character at a time from the widest, so no single column pays for the whole overshoot.
    widths[col] = (widths[col] as number) - 1;
  }
  const right = new Set(table.right ?? []);
  return all.map((row) => row.map((cell, col) => {
    const w = widths[col] as number;
    const text = shorten(cell, w);
    return right.has(col) ? text.padStart(w) : text.padEnd(w);
  }).join(' '.repeat(GAP)).trimEnd()).join('\n');
}
