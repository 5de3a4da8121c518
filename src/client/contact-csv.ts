import type { ContactImportRow, ContactSettings } from '../core/protocol/contacts.js';
import { CsvFileError, readCsv } from './csv-records.js';

export { CsvFileError as ContactFileError };

type Target = 'firstName' | 'lastName' | 'name' | 'personType' | 'company' | 'emails' | 'phones' | 'whatsapp' | 'facebookId' | 'facebookPage' | 'address' | 'notes';

/** Header words (lower-case, spaces and _ - . ignored) recognised for each field of a contact. */
const HEADERS: Array<[Target, RegExp]> = [
  ['firstName', /^(first(name)?|givenname|forename)$/],
  ['lastName', /^(last(name)?|surname|familyname)$/],
  ['name', /^(name|fullname|contact)$/],
  ['personType', /^(persontype|type|contacttype)$/],
  ['company', /^(company|organi[sz]ation|business)$/],
  ['whatsapp', /^whatsapp(number)?$/],
  ['facebookPage', /^(facebookpage|fbpage)$/],
  ['facebookId', /^(facebook(id)?|fbid|psid)$/],
  ['emails', /^(e?mail(address)?|emails?\d*|(work|home|other)email)$/],
  ['phones', /^(phone(number)?s?\d*|mobile|cell|tel(ephone)?|(work|home|other)phone)$/],
  ['address', /^(address|postaladdress|street)$/],
  ['notes', /^(notes?|comments?)$/],
];

/** What one column of the file becomes: a contact field, a custom field (`fields.<name>`), or nothing (ignored). */
export interface ColumnMapping {
  column: string;
  field: string | null;
  label: string;
}

export interface ContactFile {
  mapping: ColumnMapping[];
  rows: ContactImportRow[];
}

const LABELS: Record<Target, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  name: 'Name (first and last)',
  personType: 'Person type',
  company: 'Company',
  emails: 'Emails',
  phones: 'Phones',
  whatsapp: 'WhatsApp number',
  facebookId: 'Facebook id',
  facebookPage: 'Facebook page',
  address: 'Address',
  notes: 'Notes',
};

const squash = (h: string) => h.toLowerCase().replace(/[\s_.-]+/g, '');

/** Several emails or numbers in one cell, separated by ; or , */
const many = (cell: string) => cell.split(/[;,]/).map((v) => v.trim()).filter(Boolean);

/**
 * Read a contacts file: a header row, then one contact per line. Columns are
 * recognised by their header (the mapping is shown before anything is
 * sent); several email and phone columns add up, as do several values in a
 * cell separated by ; or ,. A "Name" column fills first and last name when
 * the file has no columns of their own. The server checks every line.
 */
export function parseContactCsv(text: string, settings: Pick<ContactSettings, 'customFields'> | undefined): ContactFile {
  const { header, rows } = readCsv(text);
  const custom = settings?.customFields ?? [];
  const mapping: ColumnMapping[] = header.map((column) => {
    const key = squash(column);
    const own = custom.find((f) => squash(f.name) === key || squash(f.label) === key);
    if (own) return { column, field: `fields.${own.name}`, label: own.label };
    const known = HEADERS.find(([, re]) => re.test(key));
    return known ? { column, field: known[0], label: LABELS[known[0]] } : { column, field: null, label: 'ignored' };
  });
  const has = (f: string) => mapping.some((m) => m.field === f);
  if (!has('firstName') && !has('lastName') && !has('name'))
    throw new CsvFileError('No name columns: the header needs First name and Last name (or Name).');
  return {
    mapping,
    rows: rows.map(({ line, cells }) => {
      const row: ContactImportRow & { emails: string[]; phones: string[]; fields: Record<string, string> } = { line, emails: [], phones: [], fields: {} };
      mapping.forEach((m, i) => {
        const cell = cells[i] ?? '';
        if (!m.field || !cell) return;
        if (m.field.startsWith('fields.')) row.fields[m.field.slice(7)] = cell;
        else if (m.field === 'emails' || m.field === 'phones') row[m.field].push(...many(cell));
        else if (m.field === 'name') {
          if (has('firstName') || has('lastName')) return;
          const cut = cell.lastIndexOf(' ');
          row.firstName = cut > 0 ? cell.slice(0, cut) : cell;
          row.lastName = cut > 0 ? cell.slice(cut + 1) : '';
        } else row[m.field as Exclude<Target, 'name' | 'emails' | 'phones'>] = cell;
      });
      return row;
    }),
  };
}
