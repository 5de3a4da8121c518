import { describe, expect, it } from 'vitest';
import { CsvFileError, readCsv } from '../../src/client/csv-records.js';
import { parseLeadCsv } from '../../src/cli/lead-csv.js';

const lines = (text: string) => readCsv(text).rows.map((r) => r.line);

describe('CSV rows keep the line they start on in the file', () => {
  it('counts a line break inside a quoted cell once, CRLF as LF (a file saved on Windows)', () => {
    const lf = 'phone,notes\n+442079460600,one\n+442079460601,"two\nlines"\nbad,three\n';
    expect(lines(lf)).toEqual([2, 3, 5]);
    // The same file with CRLF everywhere, in the quoted cell too: csv-parse counted that break twice.
    expect(lines(lf.replace(/\n/g, '\r\n'))).toEqual([2, 3, 5]);
    expect(parseLeadCsv(lf.replace(/\n/g, '\r\n')).at(-1)).toMatchObject({ line: 5, phone: 'bad' });
  });

  it('counts blank lines, a byte-order mark and several quoted breaks as an editor shows them', () => {
    const text = '\ufeffphone,name\r\n\r\n"+1","a\r\nb\r\nc"\r\n\r\n\r\n+2,d\r\n+3,"é\rf"\r\n+4,g';
    expect(lines(text)).toEqual([3, 8, 9, 11]);
    expect(readCsv(text).rows.map((r) => r.cells[0])).toEqual(['+1', '+2', '+3', '+4']);
  });

  it('counts a line of only spaces or tabs, which is skipped as blank, so the row after it keeps its own line', () => {
    const text = 'First name,Last name\nAlma,Ray\n   \nBo,\n\t \r\n  Cid , Lee\n';
    expect(lines(text)).toEqual([2, 4, 6]);
    expect(readCsv(text).rows.map((r) => r.cells[0])).toEqual(['Alma', 'Bo', 'Cid']);
  });
});

describe('readCsv on a file that is not CSV', () => {
  it('quotes the cell it stopped at without the control characters a terminal would obey', () => {
    // U+009B is CSI on its own: csv-parse's JSON-quoted cell leaves it as it is.
    const read = () => readCsv('a,b\nx\u009b2J\u001b[31m"y,z\n');
    expect(read).toThrow(CsvFileError);
    expect(read).toThrow(/not valid CSV: .*x\ufffd2J/);
    expect(read).not.toThrow(/[\u001b\u009b]/);
  });
});
