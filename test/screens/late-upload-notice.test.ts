import { describe, expect, it } from 'vitest';
import { ClientError, type LateAnswer } from '../../src/client/session.js';
import { ClientStore } from '../../src/client/store.js';
import { lateNotice } from '../../src/screens/late-answers.js';

/**
 * A part of an upload delivered at the next login (the panel killed in the
 * middle of the file): the notice says where the file stopped and what to do,
 * not only the lines of that part.
 */
const store = new ClientStore();
const part = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => ({ line: first + i }));

describe('the notice of an upload cut by the panel', () => {
  it('contacts: up to which line the file is in, from which nothing was sent, and to upload it again', () => {
    const late: LateAnswer = { cmd: 'contacts.import', args: { rows: part(11002, 11501) }, awaited: false, ok: true, result: { imported: 500, duplicates: [], invalid: [] } };
    expect(lateNotice([late], store)).toEqual({
      text: 'Upload cut: lines up to 11501 are in; from line 11502 on nothing was sent. Upload the file again: a line whose email or phone is in is not created twice.',
      tone: 'warning',
    });
  });

  it('leads: the same, and why the campaign gets no lead twice', () => {
    const late: LateAnswer = { cmd: 'leads.import', args: { campaign: 'spring', rows: part(2, 501) }, awaited: false, ok: true, result: { campaign: 'spring', imported: 500, duplicates: 0, invalid: [] } };
    expect(lateNotice([late], store)!.text).toBe('Upload cut: lines up to 501 are in; from line 502 on nothing was sent. Upload the file again: a lead the campaign already has is not added twice.');
  });

  it('a part refused at the login is said as a refusal, by its lines', () => {
    const refused: LateAnswer = { cmd: 'contacts.import', args: { rows: part(2, 501) }, awaited: false, ok: false, error: new ClientError('FORBIDDEN', 'Only supervisors may import contacts.') };
    expect(lateNotice([refused], store)).toEqual({ text: 'Not done after reconnect: contacts, lines 2 to 501 of an upload: Only supervisors may import contacts.', tone: 'error' });
  });
});
