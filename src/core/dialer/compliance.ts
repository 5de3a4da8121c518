import type { CampaignConfig } from '../config/schema.js';
import { CoreError } from '../errors.js';
import type { Lead } from '../protocol/model.js';
import type { State } from '../state/state.js';
import { insideWindow, localTime, nextWindowOpening } from './local-time.js';

export type DialRefusal = 'DNC' | 'OUTSIDE_CALLING_WINDOW' | 'MAX_ATTEMPTS' | 'RECALL_LOCK' | 'LEAD_CLOSED';

export interface DialCheck {
  ok: boolean;
  code?: DialRefusal;
  reason?: string;
  /** The lead's local time, shown with a refusal. */
  localTime: string;
  /** For a window or lock: when the lead may be dialled. */
  retryAt?: number;
}

function stamp(zone: string, at: number): string {
  const t = localTime(zone, at);
  return `${t.date} ${t.hhmm}`;
}

/**
 * The pre-dial check made before every dial, the agent's own included: the
 * do-not-call list, the calling window in the lead's local time, the attempt
 * limit, and the recall lock after an abandoned call.
 */
export function preDialCheck(state: State, campaign: CampaignConfig, lead: Lead, now: number): DialCheck {
  const local = localTime(lead.timeZone, now);
  const where = `${local.hhmm} for this lead (${lead.timeZone})`;
  if (state.get('dnc', lead.phone)) {
    return { ok: false, code: 'DNC', reason: `${lead.phone} is on the do-not-call list.`, localTime: local.hhmm };
  }
  if (lead.closed) return { ok: false, code: 'LEAD_CLOSED', reason: `This lead is closed: ${lead.closed}.`, localTime: local.hhmm };
  if (lead.attempts >= campaign.maxAttempts) {
    return { ok: false, code: 'MAX_ATTEMPTS', reason: `This lead was already tried ${lead.attempts} times, the campaign's maximum.`, localTime: local.hhmm };
  }
  if (lead.abandonedAt !== null) {
    const until = lead.abandonedAt + campaign.recallLockHours * 3600_000;
    if (now < until) {
      return {
        ok: false,
        code: 'RECALL_LOCK',
        reason: `An abandoned call reached this number; it may not be called again until ${stamp(lead.timeZone, until)} lead time.`,
        localTime: local.hhmm,
        retryAt: until,
      };
    }
  }
  const { start, end } = campaign.callingWindow;
  if (!insideWindow(local.minutes, start, end)) {
    return {
      ok: false,
      code: 'OUTSIDE_CALLING_WINDOW',
      reason: `It is ${where}; calls are allowed from ${start} to ${end} local time.`,
      localTime: local.hhmm,
      retryAt: nextWindowOpening(lead.timeZone, start, end, now),
    };
  }
  return { ok: true, localTime: local.hhmm };
}

/** The same check for a dial an agent asked for: a refusal is an error with the reason and local time. */
export function requireDialable(state: State, campaign: CampaignConfig, lead: Lead, now: number): void {
  const check = preDialCheck(state, campaign, lead, now);
  if (!check.ok) throw new CoreError(check.code!, check.reason!, { localTime: check.localTime, lead: lead.id });
}
