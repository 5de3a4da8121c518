import type { Leg } from './legs.js';
import { hasSdp, withDirection } from './sdp.js';

/**
 * The session description a leg can offer to a phone we are about to ring:
 * a caller's INVITE offer, the offer in a far end's or a phone's 200 OK to
 * our offerless INVITE, or an established leg's latest description (a caller
 * transferred back into a queue).
 */
export function currentOffer(leg: Leg): string | null {
  if (!hasSdp(leg.remoteSdp)) return null;
  // Our own INVITE that is still ringing has given us nothing yet.
  if (leg.state === 'ringing' && leg.role !== 'caller') return null;
  return leg.state === 'up' ? withDirection(leg.remoteSdp, 'sendrecv') : leg.remoteSdp;
}

/** Use the leg's offer now, or as soon as it has one. */
export function whenOffer(leg: Leg, use: (sdp: string) => void): void {
  const now = currentOffer(leg);
  if (now) use(now);
  else leg.offerWaiters.push(use);
}

/** The leg now has an offer: give it to whoever waited for it. */
export function offerArrived(leg: Leg): void {
  const offer = currentOffer(leg);
  if (!offer) return;
  for (const use of leg.offerWaiters.splice(0)) use(offer);
}
