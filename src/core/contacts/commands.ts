import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import { contactName, type Contact, type ContactInput, type LinkTarget } from '../protocol/contacts.js';
import { candidatesFor, linkable, moveLinks, refOf, setLink } from './links.js';
import { contactDetails } from './rules.js';

/** A contact's change, told only to the agents who have it on screen. */
export function putContact(ctx: HandlerContext, contact: Contact, reason: string): Contact {
  return ctx.tx.put('contact', contact, reason, ctx.contactWatchers.audience(contact.id));
}

export function contactOf(ctx: HandlerContext, id: string): Contact {
  const c = ctx.state.get('contact', id);
  if (!c) throw new CoreError('CONTACT_NOT_FOUND', `There is no contact ${id}; it may have been deleted or merged.`);
  return c;
}

/** Whether the agent's role may delete or merge (the configuration says which roles; supervisors by default). */
export function mayManage(ctx: HandlerContext, who: Principal, what: 'delete' | 'merge'): boolean {
  const roles: readonly string[] = what === 'delete' ? ctx.config.contacts.deleteRoles : ctx.config.contacts.mergeRoles;
  return roles.includes(who.supervisor ? 'supervisor' : 'agent');
}

/** A new contact from the checked details (a form, an imported line). */
export function newContact(ctx: HandlerContext, who: string | null, input: ContactInput): Contact {
  const now = ctx.clock.now();
  return { id: ctx.random.id('ct'), ...contactDetails(input, ctx.config), createdAt: now, createdBy: who, updatedAt: now, updatedBy: who };
}

/** contact.create: any agent; with `link`, the conversation or call is linked to it in the same transaction. */
export function createContact(ctx: HandlerContext, who: Principal, input: ContactInput, link?: LinkTarget) {
  const target = link ? linkable(ctx, who, link) : null;
  const contact = putContact(ctx, newContact(ctx, who.agent, input), 'created');
  if (target) setLink(ctx, target, refOf(contact), 'linked');
  return { contact };
}

/** contact.update: any agent; the whole form, as for create. */
export function updateContact(ctx: HandlerContext, who: Principal, id: string, input: ContactInput) {
  const before = contactOf(ctx, id);
  const contact = putContact(ctx, { ...before, ...contactDetails(input, ctx.config), updatedAt: ctx.clock.now(), updatedBy: who.agent }, 'updated');
  renameLinks(ctx, before, contact);
  return { contact };
}

/**
 * A link carries the contact's name (the call widget names the caller by it,
 * the lists show it), so a renamed contact's conversations, calls and records
 * take the new name in the same transaction.
 */
export function renameLinks(ctx: HandlerContext, before: Contact, after: Contact): void {
  if (contactName(before) !== contactName(after)) moveLinks(ctx, after.id, refOf(after), 'contact-renamed');
}

/**
 * contact.delete: for the roles the configuration gives. Conversations and
 * calls linked to it stay, unlinked: nothing of the history is lost.
 */
export function deleteContact(ctx: HandlerContext, who: Principal, id: string) {
  if (!mayManage(ctx, who, 'delete')) throw new CoreError('CONTACT_DELETE_FORBIDDEN', 'Your role may not delete contacts; ask a supervisor.');
  const contact = contactOf(ctx, id);
  const unlinked = moveLinks(ctx, id, null, 'contact-deleted');
  ctx.tx.remove('contact', id, ctx.contactWatchers.audience(id), 'deleted');
  return { deleted: contact.id, unlinked };
}

/** contact.get: one contact and how many conversations and calls link to it. */
export function getContact(ctx: HandlerContext, id: string) {
  return { contact: contactOf(ctx, id), links: ctx.contacts.linkCount(id) };
}

/** contacts.search: a page of the directory in name order, by any name, company, email or number. */
export function searchContacts(ctx: HandlerContext, args: { query?: string; offset?: number; limit?: number }) {
  const offset = args.offset ?? 0;
  const { total, ids } = ctx.contacts.search(args.query ?? '', offset, args.limit ?? 50);
  return { total, offset, rows: ids.map((id) => ctx.state.get('contact', id)!) };
}

/** contacts.suggest: contacts the customer of a conversation or call may be (same email, number or page id). */
export function suggestContacts(ctx: HandlerContext, who: Principal, target: LinkTarget) {
  const linked = linkable(ctx, who, target);
  const ids =
    linked.kind === 'conversation'
      ? candidatesFor(ctx, linked.item.customer, linked.item.channel)
      : candidatesFor(ctx, { id: `phone:${linked.item.caller.number}`, email: null, phone: linked.item.caller.number }, 'voice');
  return { contacts: ids.slice(0, 20).map((id) => ctx.state.get('contact', id)!) };
}

/** contacts.watch: the contacts this panel shows now; their changes reach this agent. */
export function watchContacts(ctx: HandlerContext, who: Principal, ids: string[]) {
  const panel = ctx.random.digest(who.token);
  // Panels whose session is gone stop being told anything.
  for (const key of ctx.contactWatchers.panels()) if (key !== panel && !ctx.state.token(key)) ctx.contactWatchers.forget(key);
  return { watching: ctx.contactWatchers.watch(panel, who.agent, ids) };
}

/** contact.link: link a conversation or call (of any channel, by id) to a contact. */
export function linkContact(ctx: HandlerContext, who: Principal, id: string, target: LinkTarget) {
  const contact = contactOf(ctx, id);
  const linked = linkable(ctx, who, target);
  if (linked.item.contact?.id === id) throw new CoreError('ALREADY_LINKED', `This is already linked to ${refOf(contact).name}.`);
  setLink(ctx, linked, refOf(contact), 'linked');
  const before = linked.item.contact?.id;
  ctx.tx.notice('contact.linked', { contact: id }, ctx.contactWatchers.audience(id, ...(before ? [before] : [])));
  return { contact: refOf(contact) };
}

/** contact.unlink: the conversation or call no longer belongs to its contact. */
export function unlinkContact(ctx: HandlerContext, who: Principal, target: LinkTarget) {
  const linked = linkable(ctx, who, target);
  const before = linked.item.contact;
  if (!before) throw new CoreError('NOT_LINKED', 'This is not linked to a contact.');
  setLink(ctx, linked, null, 'unlinked');
  ctx.tx.notice('contact.linked', { contact: before.id }, ctx.contactWatchers.audience(before.id));
  return { unlinked: before.id };
}
