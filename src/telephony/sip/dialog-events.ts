import { endLeg, type SipContext } from './context.js';
import { keepPhoneAlive } from './keepalive.js';
import type { Leg } from './legs.js';
import { relayInfo } from './relay-info.js';
import { relayReinvite } from './relay.js';
import { hasSdp } from './sdp.js';
import type { Dialog } from './srf-surface.js';
import { onTransferNotify } from './transfer.js';

/**
 * A leg's dialog is established: from now on the far end may hang up (BYE,
 * told to the core as a normal release: it decides whether that is the
 * caller or the agent leaving), re-INVITE or UPDATE with an offer (passed
 * through to the other side), INFO (a keypress out of band, passed through),
 * or NOTIFY (transfer progress).
 */
export function attachDialog(ctx: SipContext, leg: Leg, dialog: Dialog): void {
  if (dialog.connected === false) {
    // The far end hung up before we had the dialog (a caller's BYE sent before its ACK, read in the same
    // chunk as our 200 OK's confirmation): drachtio-srf answered the BYE, and its 'destroy' reached no one.
    // Left attached, the call stayed up in the panel and the agent's phone with it until the agent hung up.
    endLeg(ctx, leg, 'normal', 'the far end hung up as the call was answered');
    return;
  }
  leg.dialog = dialog;
  leg.state = 'up';
  leg.pending = null;
  leg.waitingAck = null;
  leg.invite = null;
  if (hasSdp(dialog.remote.sdp)) leg.remoteSdp = dialog.remote.sdp;
  dialog.on('destroy', (_bye, reason) => {
    if (!ctx.legs.isLive(leg)) return;
    if (leg.transferring) {
      // The carrier hung up our side after taking the caller: the transfer is done.
      ctx.legs.remove(leg);
      leg.closing = true;
      return;
    }
    const ended = endedByServer(reason);
    if (ended) endLeg(ctx, leg, 'failed', ended);
    else endLeg(ctx, leg, 'normal');
  });
  dialog.on('modify', (req, res) => {
    relayReinvite(ctx, leg, req, res).catch((e: unknown) => {
      ctx.log(`re-INVITE on leg ${leg.id} failed: ${(e as Error)?.message ?? e}`);
      res.send(500);
    });
  });
  // An UPDATE with an offer changes the session as a re-INVITE does (a carrier moving its media, say): the
  // other side must hear of it. Left to drachtio-srf it was answered with our old description and never passed on.
  dialog.on('update', (req, res) => {
    if (!hasSdp(req.body)) {
      res.send(200); // a session refresh: nothing to pass on
      return;
    }
    relayReinvite(ctx, leg, req, res).catch((e: unknown) => {
      ctx.log(`UPDATE on leg ${leg.id} failed: ${(e as Error)?.message ?? e}`);
      res.send(500);
    });
  });
  dialog.on('info', (req, res) => {
    relayInfo(ctx, leg, req, res).catch((e: unknown) => {
      ctx.log(`INFO on leg ${leg.id} failed: ${(e as Error)?.message ?? e}`);
      res.send(500);
    });
  });
  dialog.on('notify', (req, res) => onTransferNotify(ctx, leg, req, res));
  keepPhoneAlive(ctx, leg, dialog);
  for (const then of leg.whenUp.splice(0)) then();
}

/**
 * drachtio-srf names the far end's BYE "normal release". Any other reason is
 * the drachtio server's own BYE, sent when it gave up on the dialog: "ACK
 * timeout" when the far end never confirmed our 200 OK (a caller whose network
 * went while they waited in the queue). That is no hang-up: the agent talked
 * to nobody for 32 s, and the log and the call should say why.
 */
function endedByServer(reason: string | undefined): string | null {
  if (!reason || reason === 'normal release') return null;
  if (/^ACK timeout$/i.test(reason.trim())) return 'the far end never confirmed our answer (no ACK within 32 s), so the SIP server ended the call';
  return `the SIP server ended the call: ${reason}`;
}
