import type { InboundLeg } from '../ports/telephony.js';
import { MAX_SHORT_TEXT } from '../protocol/commands.js';

/** The longest caller number kept: E.164 has 15 digits; SIP user parts run longer, never this long. */
export const MAX_CALLER_NUMBER = 64;

/**
 * Text from the telephony side is written by whoever placed the call: a SIP
 * caller chooses their display name, a far end its reason phrase, and a
 * header may be tens of kilobytes. It is kept to a length a panel can show,
 * cut on a character, not inside one (no half of an emoji), and marked cut.
 */
export function boundText(text: string, max = MAX_SHORT_TEXT): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** An arriving caller as the core keeps it: number and name bounded. */
export function boundedLeg(leg: InboundLeg): InboundLeg {
  return {
    ...leg,
    dialed: boundText(leg.dialed, MAX_CALLER_NUMBER),
    from: { number: boundText(leg.from.number, MAX_CALLER_NUMBER), name: leg.from.name === null ? null : boundText(leg.from.name) },
    erg: leg.erg === null ? null : boundText(leg.erg),
  };
}
