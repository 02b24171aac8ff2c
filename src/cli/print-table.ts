/** kubectl-style tables: upper-case headers, columns padded with spaces, no borders. */
import Table from 'cli-table3';

const NO_BORDER = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '',
  middle: '   ',
};

/** What an empty cell shows: a column never goes blank, so `awk '{print $5}'` finds the fifth column on every row. */
export const EMPTY_CELL = '-';

/** The table as text, one line per row, with no trailing spaces; empty cells show EMPTY_CELL. */
export const formatTable = (head: readonly string[], rows: readonly (readonly string[])[]): string => {
  const table = new Table({
    head: head.map((title) => title.toUpperCase()),
    chars: NO_BORDER,
    // No colours: output is read by people and by grep alike.
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  table.push(...rows.map((row) => row.map((cell) => (cell === '' ? EMPTY_CELL : cell))));
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
};
