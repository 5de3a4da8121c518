import type { HandlerContext, Principal } from '../context.js';
import { callViewer } from '../calls/call-record.js';
import { voiceRow } from '../calls/voice-row.js';
import { conversationOf } from '../messaging/conversation.js';
import { mayView } from '../messaging/list.js';
import { CoreError } from '../errors.js';
import type { ConversationRow } from '../protocol/conversation-rows.js';
import { contactOf } from './commands.js';

/**
 * Rows of conversations and call records by id, only those the agent may
 * see in Conversations > Closed (mayView, mayViewCall), newest first, one
 * page with the total. The rule is the Closed list's, so History never
 * shows an agent what the Closed list would hide from them.
 */
function page(ctx: HandlerContext, who: Principal, conversations: Iterable<string>, records: Iterable<string>, offset: number, limit: number) {
  const found: Array<{ at: number; id: string; row: () => ConversationRow }> = [];
  for (const id of conversations) {
    const c = ctx.state.get('conversation', id);
    if (c && mayView(who, c)) found.push({ at: c.createdAt, id, row: () => c });
  }
  const mayViewCall = callViewer(ctx.config, who);
  for (const id of records) {
    const r = ctx.state.get('callRecord', id);
    if (r && mayViewCall(r)) found.push({ at: r.arrivedAt, id, row: () => voiceRow(r) });
  }
  found.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
  return { total: found.length, offset, rows: found.slice(offset, offset + limit).map((f) => f.row()) };
}

/** contact.history: every conversation and call linked to the contact, across channels, newest first. */
export function contactHistory(ctx: HandlerContext, who: Principal, args: { id: string; offset?: number; limit?: number }) {
  contactOf(ctx, args.id);
  const links = ctx.contacts.linksOf(args.id);
  return page(ctx, who, links.conversations, links.records, args.offset ?? 0, args.limit ?? 50);
}

/**
 * conversation.pastHistory: the chat's Conversation History, eight at a time
 * (Load more asks for the next offset). The same customer's closed
 * conversations, and the closed conversations and calls of the contact the
 * chat is linked to; not the chat itself.
 */
export function pastConversations(ctx: HandlerContext, who: Principal, args: { id: string; offset?: number; limit?: number }) {
  const c = conversationOf(ctx, args.id);
  if (!mayView(who, c)) throw new CoreError('NOT_YOUR_CONVERSATION', 'You may not read this conversation.');
  const ids = new Set(ctx.contacts.conversationsOfCustomer(c.customer.id));
  const links = c.contact ? ctx.contacts.linksOf(c.contact.id) : { conversations: [], records: [] };
  for (const id of links.conversations) ids.add(id);
  ids.delete(c.id);
  const closed = [...ids].filter((id) => ctx.state.get('conversation', id)?.status === 'closed');
  return page(ctx, who, closed, links.records, args.offset ?? 0, args.limit ?? 8);
}
