import type { Catalog } from '../../core/protocol/catalog.js';
import { insideWindow, localTime, nextWindowOpening } from '../../core/dialer/local-time.js';
import type { CampaignStats, Lead } from '../../core/protocol/model.js';
import { formatHhmm, monthDay, timeOfDay, twoDigits } from '../../ui/format.js';

/**
 * What the panel reads off leads and campaigns: which lead the agent is
 * previewing, which callbacks are theirs to take, the lead's local time, and
 * the campaign's status figures. Pure functions of the store's entities and
 * the time, so the card, the Callbacks tab and the tests agree.
 */

export type CatalogCampaign = Catalog['campaigns'][number];
export type Disposition = CatalogCampaign['dispositions'][number];

/** The issue's default abandonment limit; the catalog does not carry a campaign's own (see abandonLimitOf). */
export const DEFAULT_ABANDON_LIMIT_PERCENT = 3;

export function campaignOf(catalog: Catalog | null, id: string | null | undefined): CatalogCampaign | undefined {
  return id ? catalog?.campaigns.find((c) => c.id === id) : undefined;
}

/** On a call now: such a lead is shown with its call, not as a preview or a callback to take. */
export function onCall(lead: Lead): boolean {
  return lead.status === 'dialing' || lead.status === 'answered';
}

/**
 * The lead the agent is previewing (preview Next, or handed to them by a
 * progressive campaign): theirs, and not on a call. The agent's activity
 * says "previewing" too; requiring both keeps a lead the store has not yet
 * heard was released from showing as a preview.
 */
export function previewLeadOf(leads: Lead[], me: string, activity: string): Lead | undefined {
  if (activity !== 'previewing') return undefined;
  return leads.find((l) => l.agent === me && !onCall(l) && !l.closed);
}

/**
 * Callbacks the agent can take: their personal callbacks, and callbacks for
 * any agent of the campaign they work. Open ones only, soonest first. The
 * store holds only the leads the server lets this agent see (see
 * docs/architecture.md: a callback for any agent is seen when this agent set it).
 */
export function callbacksOf(leads: Lead[], me: string, campaign: string | null): Lead[] {
  return leads
    .filter((l) => l.callback && !l.closed && !onCall(l) && !(l.agent && l.agent !== me))
    .filter((l) => l.callback!.agent === me || (l.callback!.agent === null && l.campaign === campaign))
    .sort((a, b) => a.callback!.at - b.callback!.at || a.order - b.order);
}

/** When the callback is due (the dialler may have put it off, e.g. to the calling window). */
export function callbackDue(lead: Lead): number | null {
  return lead.nextDialAt ?? lead.callback?.at ?? null;
}

export function isOverdue(lead: Lead, now: number): boolean {
  const due = callbackDue(lead);
  return due !== null && due <= now;
}

/** "09:05 America/New_York": the time where the lead lives, which the calling window is about. */
export function leadLocalTime(lead: Pick<Lead, 'timeZone'>, now: number): string {
  try {
    return formatHhmm(localTime(lead.timeZone, now).hhmm);
  } catch {
    return '--:--';
  }
}

/** A dial time as an agent reads it: "14:05" today, "01-06 14:05" on another day, "—" never. */
export function shortStamp(at: number | null, now: number): string {
  if (at === null) return '—';
  const time = timeOfDay(at);
  return new Date(at).toDateString() === new Date(now).toDateString() ? time : `${monthDay(at)} ${time}`;
}

export interface LeadField {
  label: string;
  value: string;
}

/** The fields an agent may copy: the number first (what they copy most), the name, then every column of the import. */
export function leadFields(lead: Lead): LeadField[] {
  return [{ label: 'Number', value: lead.phone }, { label: 'Name', value: lead.name }, ...Object.entries(lead.fields).map(([label, value]) => ({ label, value }))];
}

/** "×2", "×1.75": the power number as the dialler uses it now. */
export function powerLabel(power: number): string {
  return `×${Number.isInteger(power) ? power : power.toFixed(2).replace(/0+$/, '')}`;
}

/** "1.2%" */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** The campaign's abandonment limit from the catalog; the default before the catalog is in. */
export function abandonLimitOf(campaign: CatalogCampaign | undefined): number {
  return campaign?.abandonLimitPercent ?? DEFAULT_ABANDON_LIMIT_PERCENT;
}

/** The status line's figures for a campaign, or null before its first statistics arrive. */
export function campaignFigures(campaign: CatalogCampaign | undefined, stats: CampaignStats | undefined) {
  if (!campaign || !stats) return null;
  return {
    abandoned: percent(stats.abandonRate),
    limit: `${abandonLimitOf(campaign)}%`,
    over: stats.abandonRate * 100 >= abandonLimitOf(campaign),
    leadsLeft: stats.leadsLeft,
    inFlight: stats.inFlight,
    power: campaign.strategy === 'power' ? powerLabel(stats.effectivePower) : null,
  };
}

/** Dispositions that need a question before they are sent. */
export function questionFor(d: Pick<Disposition, 'type'>): 'callback-time' | 'dnc' | null {
  if (d.type === 'callback' || d.type === 'personal-callback') return 'callback-time';
  if (d.type === 'dnc') return 'dnc';
  return null;
}

export const DEFAULT_CALLBACK_ENTRY = '+60';

/**
 * The callback time as typed: "+90" (minutes from now), "+2h", or "14:30"
 * (the agent's own clock; the next 14:30 if that time has passed today).
 */
export function parseCallbackTime(text: string, now: number): { at: number } | { error: string } {
  const t = text.trim().toLowerCase();
  const rel = /^\+\s*(\d{1,5})\s*(m|min|mins|minutes|h|hours?)?$/.exec(t);
  if (rel) {
    const n = Number(rel[1]);
    const hours = rel[2]?.startsWith('h');
    if (n === 0) return { error: 'The callback must be later than now.' };
    return { at: now + n * (hours ? 3600_000 : 60_000) };
  }
  const abs = /^(\d{1,2})[:.](\d{2})$/.exec(t);
  if (abs) {
    const h = Number(abs[1]);
    const m = Number(abs[2]);
    if (h > 23 || m > 59) return { error: `${text.trim()} is not a time of day (00:00 to 23:59).` };
    const d = new Date(now);
    d.setHours(h, m, 0, 0);
    if (d.getTime() <= now) d.setDate(d.getDate() + 1);
    return { at: d.getTime() };
  }
  return { error: 'Type a time as HH:MM, or minutes from now as +minutes (e.g. 14:30 or +90).' };
}

export type CallingWindow = CatalogCampaign['callingWindow'];

/**
 * A callback time the campaign may not dial: outside its calling window in
 * the lead's own time. The dialler would only put such a callback off to the
 * window's next opening, breaking the time promised to the customer, so the
 * question says so and offers that opening instead. Null when the time is fine.
 */
export function callbackOutsideWindow(at: number, timeZone: string, window: CallingWindow): { leadTime: string; earliest: number } | null {
  let minutes: number;
  try {
    minutes = localTime(timeZone, at).minutes;
  } catch {
    // A zone the platform does not know: the server's own check decides.
    return null;
  }
  if (insideWindow(minutes, window.start, window.end)) return null;
  return { leadTime: leadLocalTime({ timeZone }, at), earliest: nextWindowOpening(timeZone, window.start, window.end, at) };
}

/** "in 1 h 30 min", "in 45 min" */
export function fromNow(at: number, now: number): string {
  const minutes = Math.round((at - now) / 60_000);
  if (minutes < 60) return `in ${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `in ${h} h${m ? ` ${m} min` : ''}`;
}

/** A countdown as the Dial button shows it: "0:12". */
export function countdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${twoDigits(s % 60)}`;
}
