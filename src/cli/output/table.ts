/**
 * kubectl-style tables: upper-case headers, columns padded with spaces, no borders (kubectl's
 * printers.TablePrinter lays out columns the same way, with tabwriter). Written here rather than
 * with cli-table3, which spent over a millisecond a row and made `audit show` of a large run take
 * seconds: this is one pass for the widths and one for the lines.
 */

/** What an empty cell shows: a column never goes blank, so `awk '{print $5}'` finds the fifth column on every row. */
export const EMPTY_CELL = '-';

/** Spaces between two columns. */
const GAP = '   ';

/** Terminal columns a cell takes: code points, colour escapes not counted. */
const widthOf = (text: string): number => {
  let width = 0;
  // eslint-disable-next-line no-control-regex
  for (const _ of text.replace(/\u001b\[[0-9;]*m/g, '')) width++;
  return width;
};

/** The table as text, one line per row, with no trailing spaces; empty cells show EMPTY_CELL. */
export const formatTable = (head: readonly string[], rows: readonly (readonly string[])[]): string => {
  const lines = [head.map((title) => title.toUpperCase()), ...rows.map((row) => row.map((cell) => (cell === '' ? EMPTY_CELL : cell)))];
  const widths = head.map(() => 0);
  for (const line of lines) line.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, widthOf(cell))));
  const out: string[] = [];
  for (const line of lines) {
    const cells = widths.map((width, column) => {
      const cell = line[column] ?? '';
      return column === widths.length - 1 ? cell : cell + ' '.repeat(width - widthOf(cell));
    });
    out.push(cells.join(GAP).trimEnd());
  }
  return `${out.join('\n')}\n`;
};
