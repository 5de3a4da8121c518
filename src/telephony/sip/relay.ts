import type { SipContext } from './context.js';
import { failureOf } from './failure.js';
import { resumeRefused } from './hold.js';
import type { Leg } from './legs.js';
import { answerDirection, directionOf, hasSdp, isHold, withDirection } from './sdp.js';
import type { IncomingRequest, OutgoingResponse } from './srf-surface.js';
import { reinvite } from './reinvite.js';

/**
 * A re-INVITE from one side of a connected call. We carry no media, so the
 * offer goes on to the other side and its answer comes back (a B2BUA
 * passing the session through). A deskphone that holds or resumes this way
 * (its own Hold key, or after our NOTIFY Event: hold / talk) is reported to
 * the core as the call being held or resumed; a caller's own re-INVITE is
 * not: "on hold" in the panel means the agent put it there. A phone's resume
 * the caller's side refuses is agreed to anyway (see hold.ts for why).
 */
export async function relayReinvite(ctx: SipContext, leg: Leg, req: IncomingRequest, res: OutgoingResponse): Promise<void> {
  const offer = req.body;
  const contact = leg.dialog?.local.contact;
  const answerWith = (body: string) => res.send(200, { body, headers: { 'Content-Type': 'application/sdp', ...(contact ? { Contact: contact } : {}) } });

  if (!hasSdp(offer)) {
    // An offerless re-INVITE asks for our offer: repeat what we last sent.
    const last = leg.sent.current();
    if (last) answerWith(leg.sent.next(last));
    else res.send(488, 'Not Acceptable Here');
    return;
  }
  leg.remoteSdp = offer;
  const peer = ctx.legs.get(leg.peer);
  if (peer && peer.state === 'up' && peer.dialog && !peer.transferring) {
    try {
      const theirs = await reinvite(peer.dialog, peer.sent.next(offer));
      if (hasSdp(theirs)) peer.remoteSdp = theirs;
      answerWith(leg.sent.next(hasSdp(theirs) ? theirs : withDirection(leg.sent.current() ?? offer, answerDirection(directionOf(offer)))));
    } catch (e) {
      const status = (e as { status?: number }).status;
      ctx.log(`re-INVITE from leg ${leg.id} could not be passed on: ${(e as Error)?.message ?? e}`);
      // 491 is glare (the caller's side re-INVITEd at the same moment), not a refusal: passed back, the phone
      // tries again by itself after its random wait (RFC 3261 14.1), and the agent has nothing to be told.
      if (leg.role === 'phone' && leg.held && !isHold(directionOf(offer)) && status !== 491) {
        // The phone resuming (its Hold key, or our NOTIFY Event: talk) and the caller's side refusing: as when
        // we re-INVITE both (hold.ts), the phone comes off hold anyway and the agent is told, rather than the
        // phone left held while the panel says the call goes on.
        answerWith(leg.sent.next(withDirection(leg.sent.current() ?? offer, answerDirection(directionOf(offer)))));
        leg.held = false;
        ctx.report.legResumed(leg.id);
        ctx.report.legProgress(leg.id, resumeRefused(failureOf(e).detail));
        return;
      }
      res.send(status && status >= 400 ? status : 500);
      return;
    }
  } else {
    // Nobody to pass it to (not connected yet, or being transferred): agree to it.
    const last = leg.sent.current();
    if (!last) {
      res.send(488, 'Not Acceptable Here');
      return;
    }
    answerWith(leg.sent.next(withDirection(last, answerDirection(directionOf(offer)))));
  }
  if (leg.role !== 'phone') return;
  const holding = isHold(directionOf(offer));
  if (holding && !leg.held) {
    leg.held = true;
    ctx.report.legHeld(leg.id);
  } else if (!holding && leg.held) {
    leg.held = false;
    ctx.report.legResumed(leg.id);
  }
}
