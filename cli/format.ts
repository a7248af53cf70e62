/**
 * Plain-text output for the command line: aligned tables and a progress bar.
 */

export interface TableOptions {
  /** Column index → maximum width; longer cells are cut with an ellipsis. */
  maxWidths?: Record<number, number>;
  /** Columns whose cells align right (numbers). */
  alignRight?: number[];
  noHeader?: boolean;
}

/** Width of a string in terminal columns (one per code point; good enough for tables). */
function width(text: string): number {
  return [...text].length;
}

function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  const chars = [...flat];
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : flat;
}

/** An aligned table, one line per row, columns separated by two spaces. */
export function formatTable(headers: string[], rows: string[][], options: TableOptions = {}): string {
  const all = options.noHeader ? rows : [headers, ...rows];
  const cells = all.map((row) => row.map((cell, i) => cut(cell, options.maxWidths?.[i] ?? 1000)));
  const widths = headers.map((_, i) => Math.max(0, ...cells.map((row) => width(row[i] ?? ''))));
  const right = new Set(options.alignRight ?? []);
  return (
    cells
      .map((row) =>
        row
          .map((cell, i) => {
            const pad = ' '.repeat((widths[i] ?? 0) - width(cell));
            return right.has(i) ? pad + cell : i === row.length - 1 ? cell : cell + pad;
          })
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** One line of progress: `[#####.....]  50% (5/10) message`. */
export function progressLine(done: number, total: number, message: string): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * 30);
  return `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% (${done}/${total}) ${cut(message, 40)}\u001b[K`;
}
