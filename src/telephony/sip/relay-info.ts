import type { SipContext } from './context.js';
import { failureOf } from './failure.js';
import type { Leg } from './legs.js';
import type { IncomingRequest, OutgoingResponse } from './srf-surface.js';

/** Headers that say what an INFO carries (RFC 6086): passed on with its body, nothing else of the far side's. */
const INFO_HEADERS = ['Content-Type', 'Content-Disposition', 'Info-Package'] as const;

/**
 * An INFO in a connected call's dialog: most often a keypress sent out of
 * band (application/dtmf-relay, application/dtmf), which an IVR or a bank's
 * card-payment line behind the agent, or the caller's own menu, waits for.
 * We carry no media, so the keypress exists only in this request: it goes to
 * the other side, and the sender is given the other side's answer (a phone
 * that does not take INFO says so itself). Left to drachtio-srf, every INFO
 * was answered 200 and dropped, so the key was "sent" and never heard.
 */
export async function relayInfo(ctx: SipContext, leg: Leg, req: IncomingRequest, res: OutgoingResponse): Promise<void> {
  const peer = ctx.legs.get(leg.peer);
  if (!peer || peer.state !== 'up' || !peer.dialog || peer.transferring) {
    // Nobody to pass it to (the other side is still ringing or being transferred): accepted, as before.
    res.send(200);
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of INFO_HEADERS) {
    const value = req.get(name);
    if (value !== undefined) headers[name] = value;
  }
  try {
    const theirs = await peer.dialog.request({ method: 'INFO', headers, body: req.body });
    res.send(theirs.status >= 200 ? theirs.status : 200, theirs.reason);
  } catch (e) {
    const failure = failureOf(e);
    ctx.log(`INFO from leg ${leg.id} could not be passed on to leg ${peer.id}: ${failure.detail}`);
    res.send(failure.status && failure.status >= 400 ? failure.status : 500);
  }
}
