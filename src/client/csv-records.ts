import { parse } from 'csv-parse/sync';

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
  let records: Array<{ record: string[]; info: { lines: number }; raw: string }>;
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true, raw: true }) as never;
  } catch (e) {
    throw new CsvFileError(`The file is not valid CSV: ${(e as Error).message}`);
  }
  if (records.length === 0) throw new CsvFileError('The file is empty.');
  return {
    header: records[0]!.record,
    rows: records.slice(1).map(({ record, info, raw }) => {
      // info.lines is where the record ends; count back over its own line breaks
      // (and skipped blank lines before it) to the line where it starts.
      const breaks = raw.replace(/\r?\n$/, '').split(/\r?\n/).length - 1;
      const leadingBlank = /^(\r?\n)*/.exec(raw)![0].split(/\r?\n/).length - 1;
      return { line: info.lines - breaks + leadingBlank, cells: record };
    }),
  };
}
