import type { Catalog } from '../../core/protocol/catalog.js';
import type { Call } from '../../core/protocol/model.js';

/**
 * What declining a ringing call does, in the words the agent is told. The
 * core (declineOffer) ends a colleague's call (direction "internal") with
 * cause "rejected", which the colleague's call shows; any other call goes
 * back to its queue, to the next free agent at once, and is kept from this
 * agent for the queue's declineRetrySeconds (acd/decline.ts). Telling the
 * agent "offered to someone else" would be untrue with nobody else free, so
 * the line says where the call went and how long it stays away from them.
 */
export function declinedMessage(call: Call, catalog: Catalog | null | undefined): string {
  if (call.direction === 'internal') return `Declined: ${call.caller.name ?? call.caller.number}'s call ends, and they see it was rejected.`;
  const queue = call.queue ? catalog?.voiceQueues.find((q) => q.number === call.queue) : undefined;
  // No queue known to say where it went: nothing untrue is said.
  if (!queue) return 'Declined.';
  const away = queue.declineRetrySeconds > 0 ? `; not offered to you again for ${queue.declineRetrySeconds} s` : '';
  return `Declined: the call went back to ${queue.name}${away}.`;
}
