import type { CampaignConfig } from '../config/schema.js';
import type { HandlerContext } from '../context.js';
import type { Lead } from '../protocol/model.js';
import { preDialCheck } from './compliance.js';

const BUSY_STATUSES = new Set(['dialing', 'answered']);

/** Whether a lead is waiting to be dialled now, and by whom. */
function ready(lead: Lead, agent: string | null, now: number): boolean {
  if (lead.closed || BUSY_STATUSES.has(lead.status) || lead.agent) return false;
  if (lead.callback) {
    if (lead.callback.agent !== null && lead.callback.agent !== agent) return false;
    return lead.callback.at <= now;
  }
  if (lead.status === 'new') return lead.nextDialAt === null || lead.nextDialAt <= now;
  return lead.nextDialAt !== null && lead.nextDialAt <= now;
}

/** Callbacks first (earliest due), then retries (earliest due), then new leads in list order. */
function rank(lead: Lead): [number, number] {
  if (lead.callback) return [0, lead.callback.at];
  if (lead.status !== 'new') return [1, lead.nextDialAt ?? 0];
  return [2, lead.order];
}

/**
 * The next lead of a campaign to dial (for an agent, whose personal callbacks
 * count too). Leads that fail the pre-dial check are dealt with on the way:
 * DNC and used-up attempts close them; the calling window and the recall lock
 * put them off until they may be dialled.
 */
export function nextLead(ctx: HandlerContext, campaign: CampaignConfig, agent: string | null, exclude: ReadonlySet<string> = new Set()): Lead | null {
  const now = ctx.clock.now();
  const candidates: Lead[] = [];
  for (const lead of ctx.state.all('lead')) {
    if (lead.campaign === campaign.id && !exclude.has(lead.id) && ready(lead, agent, now)) candidates.push(lead);
  }
  candidates.sort((a, b) => {
    const [ra, ka] = rank(a);
    const [rb, kb] = rank(b);
    return ra - rb || ka - kb || a.order - b.order;
  });
  for (const lead of candidates) {
    const check = preDialCheck(ctx.state, campaign, lead, now);
    if (check.ok) return lead;
    if (check.code === 'DNC') ctx.tx.put('lead', { ...lead, closed: 'on the do-not-call list' }, 'dnc');
    else if (check.code === 'MAX_ATTEMPTS') ctx.tx.put('lead', { ...lead, closed: 'attempts used up' }, 'exhausted');
    else if (check.retryAt) ctx.tx.put('lead', { ...lead, nextDialAt: check.retryAt, callback: lead.callback ? { ...lead.callback, at: Math.max(lead.callback.at, check.retryAt) } : null }, check.code);
  }
  return null;
}
