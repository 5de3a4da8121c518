import type { DispositionType } from './catalog.js';

/**
 * Some outcomes act on a campaign's lead: a Callback or Personal callback
 * schedules the lead's next dial, a Retry puts it back in the dialler after
 * the campaign's retry delay. A queue call has no lead, so on it they would
 * be recorded and do nothing (the customer waiting for a call that never
 * comes). The server refuses them there and the panel does not offer them;
 * both read this one rule so they cannot disagree.
 */
export interface LeadlessRefusal {
  code: 'NO_LEAD_TO_CALL_BACK' | 'NO_LEAD_TO_RETRY';
  /** The server's sentence, short enough for the panel's two-line toast at 80 columns. */
  message: string;
  /** Why, in a few words, beside the disposition in a list (only campaign calls have leads). */
  reason: string;
}

interface Outcome {
  name: string;
  code: string;
  type: DispositionType;
}

/** Why this disposition cannot apply to a call without a lead (of `owner`, "Sales (7002)"), or null if it can. */
export function refusalWithoutLead(d: Outcome, owner: string): LeadlessRefusal | null {
  if (d.type === 'callback' || d.type === 'personal-callback')
    return {
      code: 'NO_LEAD_TO_CALL_BACK',
      message: `${d.name} (${d.code}) needs a campaign's lead to call back; a call of ${owner} has none. Choose another disposition.`,
      reason: 'queue call: no lead to call back',
    };
  if (d.type === 'retry')
    return {
      code: 'NO_LEAD_TO_RETRY',
      message: `${d.name} (${d.code}) needs a campaign's lead to dial again; a call of ${owner} has none. Choose another disposition.`,
      reason: 'queue call: no lead to dial again',
    };
  return null;
}
