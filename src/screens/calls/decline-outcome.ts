import type { Call } from '../../core/protocol/model.js';

/**
 * What declining a ringing call does, in the words the agent is told. The
 * core (declineOffer) ends a colleague's call (direction "internal") with
 * cause "rejected", which the colleague's call shows; any other call
 * goes back to waiting and is offered to someone else. Telling the agent
 * "offered to someone else" of a colleague's call would be untrue.
 */
export function declinedMessage(call: Call): string {
  if (call.direction === 'internal') return `Declined: ${call.caller.name ?? call.caller.number}'s call ends, and they see it was rejected.`;
  return 'Declined: the call is offered to someone else.';
}
