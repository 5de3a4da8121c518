import type { IncomingRequest, OutgoingResponse, SipMessage, Srf } from './srf-surface.js';

/** A request with a To tag belongs to a dialog: when it reaches a route handler, none of ours (e.g. one from before a reconnect). */
export function forUnknownDialog(req: SipMessage): boolean {
  return /;\s*tag=/i.test(req.get('To') ?? '');
}

/**
 * What switchboard takes outside a call (INVITE, REGISTER) and inside one
 * (INFO for DTMF and UPDATE for a carrier's new media are relayed to the
 * other leg): the Allow header phones and carriers read before they send them.
 */
export const ALLOWED_METHODS = 'INVITE, ACK, CANCEL, BYE, REFER, NOTIFY, OPTIONS, REGISTER, INFO, UPDATE';

/**
 * The requests a deskphone or a carrier sends besides INVITE and REGISTER.
 * Left to the drachtio server, every one is answered 503 Service Unavailable,
 * which a phone reads as "this server is down": phones that ping their server
 * with OPTIONS (Yealink, Polycom, Snom keep-alives, a carrier's trunk
 * monitoring) mark it failed and try a backup, and a phone subscribing to its
 * voicemail light retries a 503 again and again.
 */
export const OTHER_METHODS = ['options', 'subscribe', 'message', 'notify', 'info', 'publish', 'update'] as const;

/**
 * - OPTIONS: 200, saying what we take (RFC 3261 11.2), so a ping succeeds;
 * - a request in a dialog we do not know (a late NOTIFY after a transfer's
 *   dialog ended, anything from before a reconnect): 481;
 * - anything else (SUBSCRIBE for message-waiting, MESSAGE, PUBLISH): 405
 *   with Allow, which tells the phone not to ask again, unlike 503.
 */
export function onOtherRequest(req: IncomingRequest, res: OutgoingResponse): void {
  if (forUnknownDialog(req)) {
    res.send(481, 'Call/Transaction Does Not Exist');
    return;
  }
  if (req.method.toUpperCase() === 'OPTIONS') {
    res.send(200, { headers: { Allow: ALLOWED_METHODS, Accept: 'application/sdp' } });
    return;
  }
  res.send(405, 'Method Not Allowed', { headers: { Allow: ALLOWED_METHODS } });
}

/** Take every other method on this connection, so the drachtio server routes them to us instead of answering 503. */
export function takeOtherRequests(srf: Srf): void {
  for (const method of OTHER_METHODS) srf[method](onOtherRequest);
}
