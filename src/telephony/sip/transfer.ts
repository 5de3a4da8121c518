import type { SipContext } from './context.js';
import { statusText } from './failure.js';
import { sipfragStatus } from './headers.js';
import { hostportOf } from './name-addr.js';
import type { Leg } from './legs.js';
import { letGo } from './release.js';
import type { IncomingRequest, OutgoingResponse } from './srf-surface.js';

/**
 * Blind transfer to an outside number: REFER the customer's side to it
 * (RFC 3515). The carrier reports how the new call goes in NOTIFYs whose
 * body is a SIP status line (message/sipfrag); each is shown to the agent
 * as "Transfer: 180 Ringing", "Transfer: 200 OK". When the transfer has
 * succeeded or failed for good we hang up our side of the customer's call.
 */
export function transferOut(ctx: SipContext, legId: string, to: string): void {
  const leg = ctx.legs.get(legId);
  if (!leg) {
    ctx.log(`transfer of leg ${legId} to ${to}: no such leg`);
    return;
  }
  if (leg.state !== 'up' || !leg.dialog) {
    // Asked while the caller was still being answered: REFER once they are.
    leg.whenUp.push(() => transferOut(ctx, legId, to));
    return;
  }
  const host = leg.carrier ?? ctx.trunk;
  if (!host) {
    ctx.defer(() => finish(ctx, leg, 'Transfer failed: no carrier to send the caller to (serve --sip-trunk)'));
    return;
  }
  // The agent's phone is released by the core; from now on nothing is passed to it.
  const peer = ctx.legs.get(leg.peer);
  if (peer) peer.peer = null;
  leg.peer = null;
  leg.transferring = true;
  ctx.legs.after(leg, ctx.timeouts.transfer, () => finish(ctx, leg, `Transfer: no final answer within ${Math.round(ctx.timeouts.transfer / 1000)} s`));
  const target = `sip:${to}@${host}`;
  // Referred-By names the referrer (RFC 3892): us, at the address the caller reaches us on, not the carrier.
  const self = hostportOf(leg.dialog.local.contact) ?? ctx.self();
  leg.dialog
    .request({ method: 'REFER', headers: { 'Refer-To': `<${target}>`, 'Referred-By': `<sip:switchboard@${self}>` } })
    .then((res) => {
      if (res.status >= 300) finish(ctx, leg, `Transfer failed: ${statusText(res.status, res.reason)}`);
      else progress(ctx, leg, `Transfer: ${to} (${res.status} ${res.reason || 'Accepted'})`);
    })
    .catch((e: unknown) => finish(ctx, leg, `Transfer failed: ${(e as Error)?.message ?? e}`));
}

/** A NOTIFY in the customer's dialog: the progress of the call we REFERred them to. */
export function onTransferNotify(ctx: SipContext, leg: Leg, req: IncomingRequest, res: OutgoingResponse): void {
  res.send(200);
  if (!leg.transferring || !/^refer\b/i.test(req.get('Event') ?? '')) return;
  const frag = sipfragStatus(req.body);
  if (!frag) return;
  const text = `${frag.status} ${frag.reason}`.trim();
  if (frag.status < 200) progress(ctx, leg, `Transfer: ${text}`);
  else if (frag.status < 300) finish(ctx, leg, `Transfer: ${text}`);
  else finish(ctx, leg, `Transfer failed: ${text}`);
}

function progress(ctx: SipContext, leg: Leg, text: string): void {
  if (ctx.legs.isLive(leg)) ctx.report.legProgress(leg.id, text);
}

/** The transfer is over either way: say how, and hang up our side (the caller is elsewhere or gave up). */
function finish(ctx: SipContext, leg: Leg, text: string): void {
  if (!ctx.legs.isLive(leg)) return;
  ctx.report.legProgress(leg.id, text);
  letGo(ctx, leg, 'transferred');
}
