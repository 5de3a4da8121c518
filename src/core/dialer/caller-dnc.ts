import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { CoreError } from '../errors.js';
import type { HandlerContext } from '../context.js';
import type { Call, DncEntry, DispositionRecord } from '../protocol/model.js';

/**
 * Do not call on a queue call: the caller asked not to be called, and the
 * do-not-call list is what every campaign checks before it dials. A queue
 * call has no lead to close, so its caller's number goes on the list itself,
 * written as leads' numbers are (E.164), so a lead of that number in any
 * campaign is not dialled. A caller without a valid number (withheld, an
 * extension) cannot be listed: that is refused, not recorded as done.
 */
export function listCallerAsDnc(ctx: HandlerContext, call: Call, disposition: DispositionRecord): DncEntry {
  const parsed = parsePhoneNumberFromString(call.caller.number.trim(), ctx.config.dialer.defaultRegion as CountryCode);
  if (!parsed?.isValid())
    throw new CoreError('NO_NUMBER_TO_LIST', `${call.caller.number || 'This caller'} is not a phone number the do-not-call list can hold. Choose another disposition.`);
  const known = ctx.state.get('dnc', parsed.number);
  if (known) return known;
  return ctx.tx.put('dnc', { id: parsed.number, addedAt: ctx.clock.now(), by: disposition.by, campaign: null }, 'disposition');
}
