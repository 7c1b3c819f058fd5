/**
 * CSV writing for every export in the app: RFC 4180 quoting, CRLF line ends, and
 * empty cells for missing or non-finite numbers.
 */
export type CsvCell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
/**
 * Spreadsheet programs run a cell that starts with one of these as a formula, so a
 * prompt such as `=HYPERLINK(...)` from a shared trace could execute on opening.
 * Such text cells get a leading apostrophe, the usual defence. Number cells are never changed.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function formatCsvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Formats a header and rows as CSV text. Every row must have as many cells as the header. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(formatCsvCell).join(',')];
  rows.forEach((row, index) => {
    if (row.length !== header.length) {
      throw new RangeError(`CSV row ${index + 1} has ${row.length} cells, expected ${header.length} (one per header column)`);
    }
    lines.push(row.map(formatCsvCell).join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}

/** Turns a title into a file-name stem: lower case, runs of other characters replaced by one hyphen. */
export function fileStem(title: string): string {
  const stem = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return stem === '' ? 'export' : stem;
}
