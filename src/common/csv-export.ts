/**
 * CSV of JSON answers: one column per field, named with its unit (kWh, %, ...), each cell the
 * JSON value as text (numbers in full precision, instants in ISO 8601 UTC, null empty), so that a
 * spreadsheet and a program read the same figures the API returns.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | Date | null | undefined;

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvCell;
}

const cellText = (cell: CsvCell): string =>
  cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString() : String(cell);

/** The rows as CSV (RFC 4180, CRLF line ends, a header row). */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  return stringify(
    rows.map((row) => columns.map((column) => cellText(column.value(row)))),
    { header: true, columns: columns.map((column) => column.header), record_delimiter: 'windows' },
  );
}
