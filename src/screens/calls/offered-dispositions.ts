import { refusalWithoutLead, type LeadlessRefusal } from '../../core/protocol/lead-dispositions.js';
import type { Outcomes } from './calls.js';

/**
 * Which dispositions the panel offers for a call. The server refuses a
 * Callback, Personal callback or Retry on a queue call (no lead to act on);
 * the panel reads the same rule, so the chips and the search leave them out,
 * the HK list shows them with the reason, and their hotkey says why without
 * sending anything.
 */
type Disposition = Outcomes['dispositions'][number];

/** Why this disposition cannot be given here (the server's code and sentence), or null if it can. */
export function whyNotOffered(outcomes: Outcomes, d: Disposition): LeadlessRefusal | null {
  return outcomes.withoutLead ? refusalWithoutLead(d, outcomes.name) : null;
}

/** The dispositions that can apply, in their configured order. */
export function offeredDispositions(outcomes: Outcomes): Disposition[] {
  return outcomes.dispositions.filter((d) => !whyNotOffered(outcomes, d));
}
