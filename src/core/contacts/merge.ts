import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import { MERGE_SINGLE_FIELDS, type Contact, type MergeChoice } from '../protocol/contacts.js';
import { contactOf, mayManage, putContact, renameLinks } from './commands.js';
import { moveLinks, refOf } from './links.js';
import { contactDetails } from './rules.js';

/**
 * contact.merge (the manual's Merge Contacts): the primary keeps its id and
 * takes, field by field, what was chosen (radio: one side; emails and phones:
 * any of either side, checkboxes); every conversation, call and record of
 * the other moves to it, and the other is removed. One transaction: half a
 * merge never exists. It cannot be undone.
 */
export function mergeContacts(ctx: HandlerContext, who: Principal, primaryId: string, otherId: string, choice: MergeChoice) {
  if (!mayManage(ctx, who, 'merge')) throw new CoreError('CONTACT_MERGE_FORBIDDEN', 'Your role may not merge contacts; ask a supervisor.');
  if (primaryId === otherId) throw new CoreError('CONTACT_MERGE_SELF', 'Choose another contact to merge with: a contact cannot be merged with itself.');
  const primary = contactOf(ctx, primaryId);
  const other = contactOf(ctx, otherId);
  const side = (s: 'primary' | 'other' | undefined) => (s === 'other' ? other : primary);
  const kept = (wanted: string[], field: 'emails' | 'phones', what: string) => {
    const offered = new Set([...primary[field], ...other[field]]);
    const stray = wanted.find((v) => !offered.has(v));
    if (stray !== undefined) throw new CoreError('CONTACT_MERGE_CHOICE', `${stray} is not ${what} of either contact.`, { field });
    return wanted;
  };
  const single = Object.fromEntries(MERGE_SINGLE_FIELDS.map((f) => [f, side(choice.take[f])[f]])) as Pick<Contact, (typeof MERGE_SINGLE_FIELDS)[number]>;
  const fieldNames = new Set([...Object.keys(primary.fields), ...Object.keys(other.fields)]);
  const fields: Record<string, string> = {};
  for (const name of fieldNames) {
    const value = side(choice.fields?.[name]).fields[name];
    if (value) fields[name] = value;
  }
  // The result obeys the rules of any contact (the person type may no longer be configured, say).
  const details = contactDetails(
    { ...single, emails: kept(choice.emails, 'emails', 'an email'), phones: kept(choice.phones, 'phones', 'a phone number'), fields },
    ctx.config,
  );
  const merged = putContact(ctx, { ...primary, ...details, updatedAt: ctx.clock.now(), updatedBy: who.agent }, 'merged');
  // The primary's own links take the merged name (its first or last name may be the other's now).
  renameLinks(ctx, primary, merged);
  const moved = moveLinks(ctx, other.id, refOf(merged), 'merged');
  // The ones who had the other contact on screen learn it went (into the primary).
  ctx.tx.remove('contact', other.id, ctx.contactWatchers.audience(other.id), `merged:${merged.id}`);
  return { contact: merged, moved, removed: other.id };
}
