import type { Call } from '../../core/protocol/model.js';

/**
 * What declining a ringing call does, in the words the agent is told. The
 * core (declineOffer) ends a colleague's call (direction "internal") with
 * cause "rejected", which the colleague's call shows; any other call
 * goes back to waiting and is offered to another free agent first, to this
 * one again when nobody else is free. Telling the agent "offered to someone
 * else" of a colleague's call, or with no colleague free, would be untrue.
 */
export function declinedMessage(call: Call): string {
  if (call.direction === 'internal') return `Declined: ${call.caller.name ?? call.caller.number}'s call ends, and they see it was rejected.`;
  // Not "offered to someone else": with nobody else free the queue rings this agent again at once (distribute.ts).
  return 'Declined: back to the queue; it rings you again only if nobody else is free.';
}
