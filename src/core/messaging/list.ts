import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import type { CallRecord, Conversation } from '../protocol/model.js';
import { wasWith } from '../protocol/transfers.js';
import { callViewer } from '../calls/call-record.js';
import { voiceRow } from '../calls/voice-row.js';
import type { ConversationRow } from '../protocol/conversation-rows.js';

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
  /** Agent rate: at least this survey score (1-10), or 'none' for the unrated. */
  rate?: number | 'none';
  /** Feedback: true, a comment was written; false, none; text, the comment contains it. */
  feedback?: boolean | string;
  offset?: number;
  limit?: number;
}

/** Whether a viewer may see a conversation in the Conversations lists (and open its log). */
export function mayView(who: Pick<Principal, 'agent' | 'supervisor' | 'queues'>, c: Conversation): boolean {
  const member = who.queues.includes(c.queue);
  if (who.supervisor && member) return true;
  const wasPart = wasWith(c, who.agent);
  if (c.status === 'closed') return wasPart;
  return member || wasPart;
}

const contains = (hay: string | null | undefined, needle: string) => (hay ?? '').toLowerCase().includes(needle.toLowerCase());

/** The survey columns (agent rate, feedback) of a row; calls have no survey score, so they are unrated. */
function surveyMatches(survey: Conversation['survey'], f: ConversationFilter): boolean {
  if (f.rate !== undefined && (f.rate === 'none' ? survey !== null : (survey?.score ?? 0) < f.rate)) return false;
  if (f.feedback === undefined) return true;
  const comment = survey?.comment ?? '';
  if (typeof f.feedback === 'boolean') return f.feedback === (comment.trim() !== '');
  return contains(comment, f.feedback);
}

/**
 * conversations.list: the Active or Closed list, filtered on each column,
 * newest first, one page at a time with the total. Agents see their queues'
 * active conversations and the closed ones they took part in; supervisors all
 * of their queues'. Closed also lists answered calls (channel 'voice', from
 * the call records) under the same rule: an agent their own, supervisors
 * those of their voice queues.
 */
export function listConversations(ctx: HandlerContext, who: Principal, f: ConversationFilter) {
  const limit = Math.min(f.limit ?? 100, 500);
  const offset = Math.max(0, f.offset ?? 0);
  if (f.from !== undefined && f.to !== undefined && f.from > f.to) throw new CoreError('BAD_RANGE', 'The start of the date range is after its end.');
  const agentMatches = (agent: string | null) => !f.agent || agent === f.agent || contains(ctx.state.agent(agent ?? '')?.name, f.agent);
  const inRange = (at: number) => (f.from === undefined || at >= f.from) && (f.to === undefined || at <= f.to);
  // Matches are sorted by start before any row is built: a page builds only its own voice rows.
  const found: Array<{ at: number; id: string; c?: Conversation; r?: CallRecord }> = [];
  if (!f.channel || f.channel !== 'voice') {
    for (const c of ctx.state.all('conversation')) {
      if ((c.status === 'closed') !== (f.state === 'closed')) continue;
      if (!mayView(who, c)) continue;
      if (f.queue && c.queue !== f.queue) continue;
      if (f.id && !c.id.includes(f.id)) continue;
      if (f.channel && c.channel !== f.channel) continue;
      if (!agentMatches(c.agent)) continue;
      if (f.customer && !contains(c.customer.name, f.customer) && !contains(c.customer.email, f.customer) && !contains(c.customer.phone, f.customer)) continue;
      if (f.subject && !contains(c.subject, f.subject)) continue;
      if (f.status && c.status !== f.status) continue;
      if (!inRange(c.createdAt)) continue;
      if (!surveyMatches(c.survey, f)) continue;
      found.push({ at: c.createdAt, id: c.id, c });
    }
  }
  if (f.state === 'closed' && (!f.channel || f.channel === 'voice') && (!f.status || f.status === 'closed')) {
    const mayViewCall = callViewer(ctx.config, who);
    for (const r of ctx.state.all('callRecord')) {
      if (!mayViewCall(r)) continue;
      // The queue filter names a voice queue by its number (or a campaign by its id).
      if (f.queue && (r.queue ?? r.campaign) !== f.queue) continue;
      if (f.id && !r.id.includes(f.id)) continue;
      if (!agentMatches(r.agent)) continue;
      if (f.customer && !contains(r.caller.name, f.customer) && !contains(r.caller.number, f.customer)) continue;
      if (f.subject && !contains(r.disposition?.name ?? 'Call', f.subject)) continue;
      if (!inRange(r.arrivedAt)) continue;
      if (!surveyMatches(null, f)) continue;
      found.push({ at: r.arrivedAt, id: r.id, r });
    }
  }
  found.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
  const rows: ConversationRow[] = found.slice(offset, offset + limit).map((m) => m.c ?? voiceRow(m.r!));
  return { total: found.length, offset, rows };
}
