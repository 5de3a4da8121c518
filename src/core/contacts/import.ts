import { isCoreError } from '../errors.js';
import type { HandlerContext } from '../context.js';
import { contactName, type ContactImportRow } from '../protocol/contacts.js';
import { newContact, putContact } from './commands.js';

interface Problem {
  line: number;
  reason: string;
}

/**
 * contacts.import (supervisors: the manual's CSV upload), one part of a file
 * per command. Each line is checked as a form is; a bad line is reported by
 * its number with the reason and skipped. A line whose email or phone number
 * already belongs to a contact (one from before, or an earlier line of the
 * file) is a duplicate: reported, and not created twice, so importing a file
 * again adds nothing.
 */
export function importContacts(ctx: HandlerContext, by: string, rows: ContactImportRow[]) {
  const invalid: Problem[] = [];
  const duplicates: Problem[] = [];
  let imported = 0;
  for (const row of rows) {
    let contact;
    try {
      contact = newContact(ctx, by, { firstName: '', lastName: '', personType: '', ...row });
    } catch (e) {
      if (!isCoreError(e)) throw e;
      invalid.push({ line: row.line, reason: e.message });
      continue;
    }
    const same = duplicateOf(ctx, contact.emails, contact.phones);
    if (same) {
      duplicates.push({ line: row.line, reason: same });
      continue;
    }
    putContact(ctx, contact, 'imported');
    imported++;
  }
  return { imported, duplicates, invalid };
}

/** Why a new contact with these emails and phones would be a second copy of one already there, or null. */
function duplicateOf(ctx: HandlerContext, emails: string[], phones: string[]): string | null {
  for (const email of emails) {
    const id = ctx.contacts.withEmail(email)[0];
    if (id) return `${email} is already ${contactName(ctx.state.get('contact', id)!)}'s (${id}).`;
  }
  for (const phone of phones) {
    const id = ctx.contacts.withNumber(phone)[0];
    if (id) return `${phone} is already ${contactName(ctx.state.get('contact', id)!)}'s (${id}).`;
  }
  return null;
}
