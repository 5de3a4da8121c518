import { describe, expect, it } from 'vitest';
import { parseContactCsv } from '../../src/client/contact-csv.js';
import { CsvFileError } from '../../src/client/csv-records.js';
import { errorOf, resultOf } from '../helpers.js';
import { contactsCore, create, JANE } from './contacts-support.js';

type Result = { imported: number; duplicates: Array<{ line: number; reason: string }>; invalid: Array<{ line: number; reason: string }> };

const FILE = [
  'First name,Last name,Person type,Company,Email,Email 2,Phone,Account no.,Shoe size',
  'Ann,Lee,Customer,Acme,ann@acme.io,,020 7946 1111,A-1,9',
  ',Nobody,Customer,,,,,,',
  'Bob,Ray,Alien,,,,,,',
  'Cat,Ng,partner,,cat@x.io; cat@y.io,cat@z.io,"+1 212 555 0199, +1 212 555 0198",,',
  'Dan,Bad,Customer,,,,12,,',
  'Ann,Again,Customer,,ANN@acme.io,,,,',
  '"Eve, Jr.",Oz,Customer,,,,"+44 20 7946 1111",,',
].join('\n');

describe('contacts file', () => {
  it('maps columns by header (custom fields by name or label, unknown ones ignored) and keeps each line number', () => {
    const parsed = parseContactCsv(FILE, { customFields: [{ name: 'account', label: 'Account no.' }] });
    expect(parsed.mapping.map((m) => `${m.column}=${m.field ?? '-'}`)).toEqual([
      'First name=firstName',
      'Last name=lastName',
      'Person type=personType',
      'Company=company',
      'Email=emails',
      'Email 2=emails',
      'Phone=phones',
      'Account no.=fields.account',
      'Shoe size=-',
    ]);
    expect(parsed.rows[0]).toEqual({ line: 2, firstName: 'Ann', lastName: 'Lee', personType: 'Customer', company: 'Acme', emails: ['ann@acme.io'], phones: ['020 7946 1111'], fields: { account: 'A-1' } });
    expect(parsed.rows[3]).toMatchObject({ line: 5, emails: ['cat@x.io', 'cat@y.io', 'cat@z.io'], phones: ['+1 212 555 0199', '+1 212 555 0198'] });
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('a Name column is split into first and last name; a file without names or not CSV is refused', () => {
    expect(parseContactCsv('Name,Type\nMary Ann Smith,Customer\n', undefined).rows[0]).toMatchObject({ firstName: 'Mary Ann', lastName: 'Smith' });
    expect(() => parseContactCsv('Email,Phone\na@b.io,1\n', undefined)).toThrow(CsvFileError);
    expect(() => parseContactCsv('Email,Phone\na@b.io,1\n', undefined)).toThrow(/No name columns/);
    expect(() => parseContactCsv('', undefined)).toThrow(/empty/);
    expect(() => parseContactCsv('First name,Last name\n"unclosed,x\n', undefined)).toThrow(/not valid CSV/);
  });
});

describe('contacts.import', () => {
  it('reports each bad line by number with its reason, each duplicate by email or phone, and creates the rest once', () => {
    const c = contactsCore();
    const sue = c.login('9001');
    create(c, sue, { ...JANE, emails: ['eve@old.io'], phones: [] });
    const rows = parseContactCsv(FILE, { customFields: [{ name: 'account', label: 'Account no.' }] }).rows;
    const r = resultOf<Result>(c.send('contacts.import', { rows }, sue));
    expect(r.imported).toBe(2);
    expect(r.invalid).toEqual([
      { line: 3, reason: 'The first name is required.' },
      { line: 4, reason: '"Alien" is not a person type here; choose one of Customer, Partner.' },
      { line: 6, reason: '"12" is not a valid phone number (write it with its country code, e.g. +44 20 7946 0000).' },
    ]);
    expect(r.duplicates.map((d) => d.line)).toEqual([7, 8]);
    expect(r.duplicates[0]!.reason).toMatch(/^ann@acme\.io is already Ann Lee's \(ct-/);
    expect(r.duplicates[1]!.reason).toMatch(/^\+442079461111 is already Ann Lee's/);
    const cat = [...c.engine.state.all('contact')].find((x) => x.firstName === 'Cat')!;
    expect(cat).toMatchObject({ personType: 'Partner', emails: ['cat@x.io', 'cat@y.io', 'cat@z.io'], phones: ['+12125550199', '+12125550198'] });
    // The same file again adds nothing: every good line is now a duplicate.
    const again = resultOf<Result>(c.send('contacts.import', { rows }, sue));
    expect(again.imported).toBe(0);
    expect(again.duplicates.map((d) => d.line)).toEqual([2, 5, 7, 8]);
    expect(c.engine.state.count('contact')).toBe(3);
  });

  it('is for supervisors only, and at most 2,000 lines a command', () => {
    const c = contactsCore();
    const ada = c.login('1001');
    const sue = c.login('9001');
    expect(errorOf(c.send('contacts.import', { rows: [{ line: 2, ...JANE }] }, ada))).toMatchObject({ code: 'FORBIDDEN' });
    const many = Array.from({ length: 2001 }, (_, i) => ({ line: i + 2, ...JANE }));
    expect(errorOf(c.send('contacts.import', { rows: many }, sue)).code).toBe('BAD_ARGS');
    expect(c.engine.state.count('contact')).toBe(0);
  });
});
