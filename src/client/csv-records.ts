import { parse } from 'csv-parse/sync';
import { printable } from './printable.js';

/** A CSV file that cannot be read as a list (not CSV, empty, no column needed). */
export class CsvFileError extends Error {}

/** A data row of a CSV file, with the line it starts on in the file. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * Read a CSV file with a header row (csv-parse): the header and each data
 * row with the line it starts on, counted as a spreadsheet or an editor
 * shows them (quoted line breaks and skipped blank lines included), so a
 * problem reported by line can be found.
 */
export function readCsv(text: string): { header: string[]; rows: CsvRecord[] } {
  let records: Array<{ record: string[]; info: { bytes: number } }>;
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true }) as never;
  } catch (e) {
    // csv-parse quotes the cell it stopped at: the file's own text, shown on a terminal (the CLI, the panel's Import).
    throw new CsvFileError(`The file is not valid CSV: ${printable((e as Error).message)}`);
  }
  if (records.length === 0) throw new CsvFileError('The file is empty.');
  // csv-parse's own line count takes a CRLF inside a quoted cell for two
  // lines, so every row after one was reported a line too far: lines are
  // counted here instead, from where each record ends (info.bytes).
  const lines = lineCounter(Buffer.from(text, 'utf8'));
  const starts = records.map((_, i) => lines.lineAt(i === 0 ? 0 : records[i - 1]!.info.bytes));
  return {
    header: records[0]!.record,
    rows: records.slice(1).map(({ record }, i) => ({ line: starts[i + 1]!, cells: record })),
  };
}

const CR = 0x0d;
const LF = 0x0a;

const SPACE = 0x20;
const TAB = 0x09;

/**
 * Line numbers read forward through a file: `lineAt(offset)` is the line of
 * the first byte at or after the offset that is neither a line break nor a
 * space or tab (where a record starts, past blank lines and lines of only
 * spaces, which csv-parse skips too when it trims: the row after one was
 * named by the blank line's number), counting CRLF, LF and CR as one break
 * each. Offsets only grow, so a whole file costs one pass.
 */
function lineCounter(bytes: Buffer) {
  let at = 0;
  let line = 1;
  const isBreak = (i: number) => bytes[i] === CR || bytes[i] === LF;
  const isBlank = (i: number) => isBreak(i) || bytes[i] === SPACE || bytes[i] === TAB;
  const step = () => {
    if (bytes[at] === CR && bytes[at + 1] === LF) at++;
    if (isBreak(at)) line++;
    at++;
  };
  return {
    lineAt(offset: number): number {
      while (at < offset) step();
      while (isBlank(at)) step();
      return line;
    },
  };
}
