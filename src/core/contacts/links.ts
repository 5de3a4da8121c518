import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import { callViewer } from '../calls/call-record.js';
import { mayView } from '../messaging/list.js';
import { contactName, pageScopedIdOf, type Contact, type ContactRef, type LinkTarget } from '../protocol/contacts.js';
import type { Call, CallRecord, Conversation, Customer } from '../protocol/model.js';

export function refOf(c: Contact): ContactRef {
  return { id: c.id, name: contactName(c) };
}

/** What a link points at: a conversation, a call on an agent's list, or a call's record. */
type Linked = { kind: 'conversation'; item: Conversation } | { kind: 'call'; item: Call } | { kind: 'callRecord'; item: CallRecord };

/**
 * The conversation or call an agent may link: a conversation they may read
 * (the Closed list's rule), a call of theirs still on their list, or a call
 * record they may see. Every channel links the same way, by id.
 */
export function linkable(ctx: HandlerContext, who: Principal, target: LinkTarget): Linked {
  if (target.conversation !== undefined) {
    const c = ctx.state.get('conversation', target.conversation);
    if (!c) throw new CoreError('CONVERSATION_NOT_FOUND', `There is no conversation ${target.conversation}.`);
    if (!mayView(who, c)) throw new CoreError('NOT_YOUR_CONVERSATION', 'You may not link this conversation: it is not one you can see.');
    return { kind: 'conversation', item: c };
  }
  const call = ctx.state.call(target.call);
  if (call) {
    if (call.agent !== who.agent) throw new CoreError('NOT_YOUR_CALL', 'You may link only your own calls.');
    return { kind: 'call', item: call };
  }
  const record = ctx.state.get('callRecord', target.call);
  if (!record) throw new CoreError('CALL_NOT_FOUND', `There is no call ${target.call}.`);
  if (!callViewer(ctx.config, who)(record)) throw new CoreError('NOT_YOUR_CALL', 'You may not link this call: it is not one you can see.');
  return { kind: 'callRecord', item: record };
}

/** Point a conversation, call or record at a contact (or at none), in this transaction. */
export function setLink(ctx: HandlerContext, linked: Linked, ref: ContactRef | null, reason: string): void {
  if (linked.kind === 'conversation') ctx.tx.put('conversation', { ...linked.item, contact: ref }, reason);
  else if (linked.kind === 'call') ctx.tx.put('call', { ...linked.item, contact: ref }, reason);
  else ctx.tx.put('callRecord', { ...linked.item, contact: ref }, reason);
  // The call's record, if the call has one already, says the same.
  if (linked.kind === 'call') {
    const record = ctx.state.get('callRecord', linked.item.id);
    if (record) ctx.tx.put('callRecord', { ...record, contact: ref }, reason);
  }
}

/**
 * Every conversation, call and record linked to `from` now links to `to`
 * (a merge), or to nothing (a delete). One transaction: all move or none.
 */
export function moveLinks(ctx: HandlerContext, from: string, to: ContactRef | null, reason: string): number {
  const links = ctx.contacts.linksOf(from);
  for (const id of links.conversations) setLink(ctx, { kind: 'conversation', item: ctx.state.get('conversation', id)! }, to, reason);
  for (const id of links.calls) ctx.tx.put('call', { ...ctx.state.call(id)!, contact: to }, reason);
  for (const id of links.records) ctx.tx.put('callRecord', { ...ctx.state.get('callRecord', id)!, contact: to }, reason);
  return links.conversations.length + links.records.length + links.calls.filter((id) => !links.records.includes(id)).length;
}

/**
 * The contacts a customer may be, from what the conversation knows of them:
 * the same email, phone or WhatsApp number, or (Facebook) page-scoped id.
 * Channel adapters put these on the customer, so every channel is
 * recognised the same way.
 */
export function candidatesFor(ctx: HandlerContext, customer: Pick<Customer, 'id' | 'email' | 'phone'>, channel: string): string[] {
  const found = new Set<string>();
  if (customer.email) for (const id of ctx.contacts.withEmail(customer.email)) found.add(id);
  if (customer.phone) for (const id of ctx.contacts.withNumber(customer.phone)) found.add(id);
  const psid = channel === 'facebook' ? pageScopedIdOf(customer.id) : null;
  if (psid) for (const id of ctx.contacts.withFacebookId(psid)) found.add(id);
  return [...found];
}

/**
 * The one contact a customer certainly is (exactly one candidate), to link a
 * new conversation or call to. Not a live chat: its email is only what the
 * visitor typed on the form, so the contact is suggested (candidatesFor) and
 * linked when the agent chooses it.
 */
export function recognise(ctx: HandlerContext, customer: Pick<Customer, 'id' | 'email' | 'phone'>, channel: string): ContactRef | null {
  if (channel === 'livechat') return null;
  const ids = candidatesFor(ctx, customer, channel);
  if (ids.length !== 1) return null;
  const c = ctx.state.get('contact', ids[0]!);
  return c ? refOf(c) : null;
}

/** The contact a caller's number belongs to, for a new call (the widget's name, the screen pop's contact id). */
export function recogniseCaller(ctx: HandlerContext, number: string): ContactRef | null {
  return recognise(ctx, { id: `phone:${number}`, email: null, phone: number }, 'voice');
}
