import { CsvFileError, readCsv } from '../client/csv-records.js';
import type { LeadRow } from '../core/dialer/import.js';

const PHONE = ['phone', 'number', 'phone number', 'telephone', 'mobile'];
const NAME = ['name', 'full name', 'customer', 'contact'];
const ZONE = ['timezone', 'time zone', 'tz'];

export { CsvFileError as LeadFileError };

/**
 * Read a lead list: a header row, then one lead per row. The phone, name and
 * time-zone columns are recognised by their header (in any case); every other
 * column is kept as a lead field shown to the agent. Line numbers are the
 * file's own, so problems can be found in a spreadsheet.
 */
export function parseLeadCsv(text: string): LeadRow[] {
  const { header: titles, rows } = readCsv(text);
  const header = titles.map((h) => h.toLowerCase());
  const find = (names: string[]) => header.findIndex((h) => names.includes(h));
  const phone = find(PHONE);
  if (phone < 0) throw new CsvFileError(`No phone column: the header needs one of ${PHONE.join(', ')}.`);
  const name = find(NAME);
  const zone = find(ZONE);
  return rows.map(({ line, cells: record }) => {
    const fields: Record<string, string> = {};
    titles.forEach((title, i) => {
      if (i !== phone && i !== name && i !== zone && record[i]) fields[title] = record[i]!;
    });
    return {
      line,
      phone: record[phone] ?? '',
      name: name >= 0 ? record[name] : undefined,
      timeZone: zone >= 0 ? record[zone] : undefined,
      fields,
    };
  });
}
