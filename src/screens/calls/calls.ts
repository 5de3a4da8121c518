import type { Catalog } from '../../core/protocol/catalog.js';
import type { Call } from '../../core/protocol/model.js';

/**
 * What the panel reads off a call: whose it is, the word for its state, its
 * timers, and what it still owes. Pure functions of the call and the time, so
 * the list, the widget, the header and the hotkeys agree.
 */

type Disposition = Catalog['voiceQueues'][number]['dispositions'][number];
type Form = NonNullable<Catalog['voiceQueues'][number]['feedbackForm']>;

/** Calls on this agent's list: offered to them, or theirs. Supervisors see others' calls too; those are not listed. */
export function myCalls(calls: Call[], me: string): Call[] {
  return calls.filter((c) => c.agent === me || c.offers.some((o) => o.agent === me)).sort((a, b) => a.arrivedAt - b.arrivedAt || a.id.localeCompare(b.id));
}

export function ringingForMe(call: Call, me: string): boolean {
  return call.state === 'ringing' && call.offers.some((o) => o.agent === me);
}

/** Who rings and for what (the queue's name, or the kind of call), as the ringing bar and the too-small screen say it. */
export function ringingFrom(call: Call, catalog: Catalog | null | undefined): { who: string; queue: string } {
  const who = call.caller.name ? `${call.caller.name} ${call.caller.number}` : call.caller.number;
  const queue = call.queue
    ? (catalog?.voiceQueues.find((q) => q.number === call.queue)?.name ?? call.queue)
    : call.direction === 'internal'
      ? 'internal call'
      : 'direct call';
  return { who, queue };
}

/** The manual's words: Ring In, On-call, On Hold; a call the agent placed rings out. */
export function statusWord(call: Call, me: string): string {
  switch (call.state) {
    case 'ringing':
      return ringingForMe(call, me) ? 'Ring In' : 'Ring Out';
    case 'waiting':
      return 'Waiting';
    case 'on-call':
      return 'On-call';
    case 'on-hold':
      return 'On Hold';
    case 'ended':
      return 'Ended';
  }
}

export function arrow(call: Call): string {
  return call.direction === 'inbound' ? '↙' : call.direction === 'outbound' ? '↗' : '↔';
}

/** Who is calling: the contact the number belongs to, else the name the network gave, else the number. */
export function callerLabel(call: Call): string {
  return call.contact?.name ?? call.caller.name ?? call.caller.number;
}

/** Live calls the agent controls (hold, transfer, hang up). */
export function isLive(call: Call): boolean {
  return call.state === 'on-call' || call.state === 'on-hold';
}

/**
 * The manual: hotkeys act only on an answered or completed queue/dialer call.
 * A call owes a disposition until one is in.
 */
export function owesDisposition(call: Call): boolean {
  return call.needsDisposition && !call.disposition && call.answeredAt !== null && Boolean(call.queue || call.campaign);
}

export function owesForm(call: Call): boolean {
  return call.needsForm && !call.form && call.answeredAt !== null;
}

/** "disposition, form": what an ended call still waits for. */
export function owed(call: Call): string[] {
  const out: string[] = [];
  if (owesDisposition(call)) out.push('disposition');
  if (owesForm(call)) out.push('form');
  return out;
}

export interface Outcomes {
  /** "Support (7001)" or the campaign's name. */
  name: string;
  dispositions: Disposition[];
  form: Form | null;
  /** A queue call (or a queue's list with no call): callbacks and retries act on a lead and cannot apply. */
  withoutLead: boolean;
}

/** The dispositions and feedback form of the queue or campaign a call belongs to. */
export function outcomesOf(catalog: Catalog | null, call: Pick<Call, 'queue' | 'campaign' | 'direction'> & Partial<Pick<Call, 'lead'>>): Outcomes {
  // A call says whether it has a lead (the server's test); a list shown without a call (the HK list) has one only for a campaign.
  const withoutLead = call.lead !== undefined ? call.lead === null : !call.campaign;
  const queue = call.queue ? catalog?.voiceQueues.find((q) => q.number === call.queue) : undefined;
  if (queue) return { name: `${queue.name} (${queue.number})`, dispositions: queue.dispositions, form: queue.feedbackForm, withoutLead };
  const campaign = call.campaign ? catalog?.campaigns.find((c) => c.id === call.campaign) : undefined;
  if (campaign) return { name: campaign.name, dispositions: campaign.dispositions, form: campaign.feedbackForm, withoutLead };
  return { name: call.direction === 'internal' ? 'Internal call' : 'Direct call', dispositions: [], form: null, withoutLead };
}

/** How long the caller waited before an agent answered (still running while it rings). */
export function waitMs(call: Call, now: number): number {
  return (call.answeredAt ?? call.endedAt ?? now) - call.arrivedAt;
}

/** Time since the answer, including hold; frozen when the call ended. */
export function talkMs(call: Call, now: number): number | null {
  if (call.answeredAt === null) return null;
  return (call.endedAt ?? now) - call.answeredAt;
}

export function holdMs(call: Call, now: number): number {
  return call.holdMs + (call.holdStartedAt !== null ? now - call.holdStartedAt : 0);
}

/** The timer in the call list: ringing time, talk time, or the final talk time. */
export function listTimerMs(call: Call, me: string, now: number): number {
  if (call.state === 'ringing' || call.state === 'waiting') {
    const offer = call.offers.find((o) => o.agent === me);
    return now - (offer?.at ?? call.arrivedAt);
  }
  return talkMs(call, now) ?? now - call.arrivedAt;
}

/**
 * Which call the panel shows when the agent has not chosen (or their choice
 * left the list): one ringing for them, then a live one, then the oldest.
 */
export function defaultSelection(calls: Call[], me: string): string | null {
  return (calls.find((c) => ringingForMe(c, me)) ?? calls.find(isLive) ?? calls[0])?.id ?? null;
}

/**
 * The call a hotkey acts on: the selected call if it owes a disposition, or
 * else the oldest one that does.
 */
export function hotkeyTarget(calls: Call[], selectedId: string | null): Call | undefined {
  const selected = calls.find((c) => c.id === selectedId);
  if (selected && owesDisposition(selected)) return selected;
  return calls.find(owesDisposition);
}

export const SURVEY_EXPLANATION = 'The customer will be asked to fill out a survey at the end of the call.';
