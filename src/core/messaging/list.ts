import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import type { Conversation } from '../model.js';

export interface ConversationFilter {
  state: 'active' | 'closed';
  queue?: string;
  id?: string;
  channel?: string;
  agent?: string;
  customer?: string;
  subject?: string;
  status?: string;
  from?: number;
  to?: number;
  offset?: number;
  limit?: number;
}

/** Whether a viewer may see a conversation in the Conversations lists (and open its log). */
export function mayView(who: Pick<Principal, 'agent' | 'supervisor' | 'queues'>, c: Conversation): boolean {
  const member = who.queues.includes(c.queue);
  if (who.supervisor && member) return true;
  const wasPart = c.agent === who.agent || c.transfers.some((t) => t.fromAgent === who.agent || t.toAgent === who.agent);
  if (c.status === 'closed') return wasPart;
  return member || wasPart;
}

const contains = (hay: string | null | undefined, needle: string) => (hay ?? '').toLowerCase().includes(needle.toLowerCase());

/**
 * conversations.list: the Active or Closed list, filtered on each column,
 * newest first, one page at a time with the total. Agents see their queues'
 * active conversations and the closed ones they took part in; supervisors all
 * of their queues'.
 */
export function listConversations(ctx: HandlerContext, who: Principal, f: ConversationFilter) {
  const limit = Math.min(f.limit ?? 100, 500);
  const offset = Math.max(0, f.offset ?? 0);
  if (f.from !== undefined && f.to !== undefined && f.from > f.to) throw new CoreError('BAD_RANGE', 'The start of the date range is after its end.');
  const rows: Conversation[] = [];
  for (const c of ctx.state.all('conversation')) {
    if ((c.status === 'closed') !== (f.state === 'closed')) continue;
    if (!mayView(who, c)) continue;
    if (f.queue && c.queue !== f.queue) continue;
    if (f.id && !c.id.includes(f.id)) continue;
    if (f.channel && c.channel !== f.channel) continue;
    if (f.agent && c.agent !== f.agent && !contains(ctx.state.agent(c.agent ?? '')?.name, f.agent)) continue;
    if (f.customer && !contains(c.customer.name, f.customer) && !contains(c.customer.email, f.customer) && !contains(c.customer.phone, f.customer)) continue;
    if (f.subject && !contains(c.subject, f.subject)) continue;
    if (f.status && c.status !== f.status) continue;
    if (f.from !== undefined && c.createdAt < f.from) continue;
    if (f.to !== undefined && c.createdAt > f.to) continue;
    rows.push(c);
  }
  rows.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
  return { total: rows.length, offset, rows: rows.slice(offset, offset + limit) };
}
