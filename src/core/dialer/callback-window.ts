import type { CampaignConfig, DispositionConfig } from '../config/schema.js';
import { CoreError } from '../errors.js';
import type { Lead } from '../protocol/model.js';
import { insideWindow, localTime, nextWindowOpening } from './local-time.js';

function stamp(zone: string, at: number): string {
  const t = localTime(zone, at);
  return `${t.date} ${t.hhmm}`;
}

/**
 * A callback promised for a time the campaign may not dial (outside its
 * calling window in the lead's own time) is refused, whoever sets it: the
 * panel asks again, but a script or another client would otherwise have it
 * taken and the dialler would quietly put it off to the next opening,
 * breaking the time promised to the customer. The sentence names the calling
 * hours and the earliest time inside them (also in the details, as epoch ms).
 */
export function requireCallbackInWindow(campaign: CampaignConfig, lead: Lead, at: number): void {
  const { start, end } = campaign.callingWindow;
  if (insideWindow(localTime(lead.timeZone, at).minutes, start, end)) return;
  const earliest = nextWindowOpening(lead.timeZone, start, end, at);
  throw new CoreError(
    'CALLBACK_OUTSIDE_CALLING_WINDOW',
    `A callback at ${stamp(lead.timeZone, at)} for this lead (${lead.timeZone}) is outside the calling hours, ${start} to ${end} lead time: no call then. The earliest after it is ${stamp(lead.timeZone, earliest)} lead time (${new Date(earliest).toISOString()}).`,
    { lead: lead.id, localTime: localTime(lead.timeZone, at).hhmm, earliest },
  );
}

/** A callback's time when none was given: the campaign's retry delay from now, inside the calling hours. */
export function defaultCallbackTime(campaign: CampaignConfig, lead: Lead, now: number): number {
  const at = now + campaign.retryDelayMinutes * 60_000;
  const { start, end } = campaign.callingWindow;
  return insideWindow(localTime(lead.timeZone, at).minutes, start, end) ? at : nextWindowOpening(lead.timeZone, start, end, at);
}

/**
 * A callback time given with a disposition that is no callback (a script's
 * `dispose SALE --callback-in 2h`, a mistyped hotkey) was dropped without a
 * word: the disposition was taken and the script believed a callback was set.
 * It is refused before anything is written, so the caller corrects one or
 * the other. (The panel asks the time only for a callback.)
 */
export function requireCallbackForTime(chosen: DispositionConfig, callbackAt: number | undefined): void {
  if (callbackAt === undefined || chosen.type === 'callback' || chosen.type === 'personal-callback') return;
  throw new CoreError(
    'NOT_A_CALLBACK',
    `${chosen.name} (${chosen.code}) is not a callback, so it takes no callback time. Leave the time out, or choose a callback disposition.`,
    { code: chosen.code, type: chosen.type },
  );
}

/**
 * A callback time sent for a call without a lead (a queue call, as in
 * `switchboard dispose 1 --callback-in 2h`) was refused NOT_A_CALLBACK,
 * "choose a callback disposition", and a callback disposition was then refused
 * NO_LEAD_TO_CALL_BACK: the script was sent round in a circle. It is refused
 * for what it is, before anything is written: only a campaign's call has a
 * lead to call back. `owner` names the call's queue ("Sales (7002)").
 */
export function requireLeadForTime(hasLead: boolean, owner: string, callbackAt: number | undefined): void {
  if (callbackAt === undefined || hasLead) return;
  throw new CoreError(
    'NO_LEAD_TO_CALL_BACK',
    `A call of ${owner} takes no callback time: only a campaign's call has a lead to call back. Leave the time out.`,
  );
}
