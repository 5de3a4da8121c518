import { parse } from 'csv-parse/sync';
import type { LeadRow } from '../core/dialer/import.js';

const PHONE = ['phone', 'number', 'phone number', 'telephone', 'mobile'];
const NAME = ['name', 'full name', 'customer', 'contact'];
const ZONE = ['timezone', 'time zone', 'tz'];

export class LeadFileError extends Error {}

/**
 * Read a lead list: a header row, then one lead per row. The phone, name and
 * time-zone columns are recognised by their header (in any case); every other
 * column is kept as a lead field shown to the agent. Line numbers are the
 * file's own, so problems can be found in a spreadsheet.
 */
export function parseLeadCsv(text: string): LeadRow[] {
  let records: Array<{ record: string[]; info: { lines: number }; raw: string }>;
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true, raw: true }) as never;
  } catch (e) {
    throw new LeadFileError(`The file is not valid CSV: ${(e as Error).message}`);
  }
  if (records.length === 0) throw new LeadFileError('The file is empty.');
  const header = records[0]!.record.map((h) => h.toLowerCase());
  const find = (names: string[]) => header.findIndex((h) => names.includes(h));
  const phone = find(PHONE);
  if (phone < 0) throw new LeadFileError(`No phone column: the header needs one of ${PHONE.join(', ')}.`);
  const name = find(NAME);
  const zone = find(ZONE);
  return records.slice(1).map(({ record, info, raw }) => {
    // info.lines is where the record ends; count back over its own line breaks
    // (and skipped blank lines before it) to the line where it starts.
    const breaks = raw.replace(/\r?\n$/, '').split(/\r?\n/).length - 1;
    const leadingBlank = /^(\r?\n)*/.exec(raw)![0].split(/\r?\n/).length - 1;
    const fields: Record<string, string> = {};
    records[0]!.record.forEach((title, i) => {
      if (i !== phone && i !== name && i !== zone && record[i]) fields[title] = record[i]!;
    });
    return {
      line: info.lines - breaks + leadingBlank,
      phone: record[phone] ?? '',
      name: name >= 0 ? record[name] : undefined,
      timeZone: zone >= 0 ? record[zone] : undefined,
      fields,
    };
  });
}
