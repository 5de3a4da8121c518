import { keepCarrierAlive } from './carrier-keepalive.js';
import { endLeg, type SipContext } from './context.js';
import { unsupportedExtensions } from './extensions.js';
import { newLeg, type Leg } from './legs.js';
import { callerIdentity, parseNameAddr } from './name-addr.js';
import { forUnknownDialog } from './out-of-dialog.js';
import { hasSdp } from './sdp.js';
import type { IncomingRequest, OutgoingResponse } from './srf-surface.js';

/**
 * An INVITE from the carrier: a caller dialling one of our numbers. It rings
 * (180) while it waits in the queue; the core decides the rest: an unknown
 * number is released with "rejected" (404), an agent is offered it, and the
 * caller is answered only when the agent's phone has answered (join.ts). A
 * CANCEL from the caller is their hang-up, which the core counts as an
 * abandoned call; a carrier that stops answering OPTIONS while the caller
 * waits fails the call (carrier-keepalive.ts).
 */
export function onInvite(ctx: SipContext, req: IncomingRequest, res: OutgoingResponse): void {
  if (forUnknownDialog(req)) {
    // A re-INVITE for a dialog we do not know (one that lived on a connection we lost).
    res.send(481, 'Call/Transaction Does Not Exist');
    return;
  }
  // Before any work for the call: a flood from one address must not cost a leg, a queue place or a ring.
  const address = req.source_address ?? 'unknown address';
  const gate = ctx.invites.admit(address);
  if (!gate.ok) {
    ctx.inviteRefusals.refused(address, `INVITE refused: ${gate.why}`);
    res.send(503, 'Service Unavailable', { headers: { 'Retry-After': String(gate.retryAfterSeconds), Warning: `399 switchboard "${gate.why}"` } });
    return;
  }
  const unsupported = unsupportedExtensions(req.get('Require'));
  if (unsupported.length > 0) {
    res.send(420, 'Bad Extension', { headers: { Unsupported: unsupported.join(', ') } });
    return;
  }
  if (!hasSdp(req.body)) {
    // Late offer: we would have to answer the caller before an agent picks up.
    res.send(488, 'Not Acceptable Here', { headers: { Warning: '399 switchboard "an SDP offer is required in the INVITE"' } });
    return;
  }
  const leg = ctx.legs.add(
    newLeg(ctx.random.id('leg-c'), 'caller', {
      invite: { req, res },
      remoteSdp: req.body,
      carrier: req.source_address ? `${req.source_address}:${req.source_port ?? 5060}` : null,
    }),
  );
  req.on('cancel', () => endLeg(ctx, leg, 'normal'));
  const dialed = req.calledNumber || parseNameAddr(req.get('To'))?.user || '';
  const from = callerIdentity((h) => req.get(h), req.callingNumber);
  ctx.report.inboundLeg({ legId: leg.id, dialed, from, erg: null });
  // The core answers an unknown number at once (404); anyone else hears ringing while they wait. Its answer
  // comes once its group of transactions is committed, at the end of this turn: ring on the turn after, or an
  // unknown number would hear a ring before the 404.
  ctx.defer(() => keepRinging(ctx, leg, res));
  keepCarrierAlive(ctx, leg, res);
}

/** 180 now, and again every `timeouts.ringAgain` until the caller is answered or gone (see SipTimeouts). */
function keepRinging(ctx: SipContext, leg: Leg, res: OutgoingResponse): void {
  if (!ctx.legs.isLive(leg) || res.finalResponseSent) return;
  res.send(180, 'Ringing');
  ctx.legs.after(leg, ctx.timeouts.ringAgain, () => keepRinging(ctx, leg, res));
}
