import { endLeg, type SipContext } from './context.js';
import type { Leg } from './legs.js';
import type { Dialog } from './srf-surface.js';

/**
 * Statuses that say the phone's end of the call is gone: 481 (the phone no
 * longer knows the dialog: it rebooted), 408 (nothing came back: the drachtio
 * server's own answer after 32 s of retransmissions), 503 (the drachtio
 * server could not send it: the phone's host refused it, ICMP port
 * unreachable, as for an offer in failure.ts) and 410 (sofia-sip's answer
 * when the TCP or TLS connection to the phone is broken). Any other answer,
 * even 405 or 501 from a phone that does not do OPTIONS, came from the phone,
 * so it is there.
 */
const GONE = new Set([408, 410, 481, 503]);

/** The same statuses for a request outside a dialog, where 481 cannot mean the far end forgot a call. */
export const UNREACHABLE = new Set([408, 410, 503]);

/**
 * A deskphone unplugged or cut off mid-call sends no BYE, and the agent stayed
 * "on call" until someone noticed. While a phone's leg is up it is asked
 * OPTIONS in its dialog every `timeouts.phoneKeepAlive` (as Kamailio's dialog
 * keep-alive does): every phone answers OPTIONS, with no setting, whereas
 * session timers (RFC 4028) work only with phones that offer them and refresh
 * by re-INVITE. A phone that is gone ends the call within one interval and
 * the drachtio server's 32 s, saying why.
 */
export function keepPhoneAlive(ctx: SipContext, leg: Leg, dialog: Dialog): void {
  const interval = ctx.timeouts.phoneKeepAlive;
  if (leg.role !== 'phone' || !(interval > 0)) return;
  const gone = (why: string) => {
    if (!ctx.legs.isLive(leg) || leg.dialog !== dialog) return;
    endLeg(ctx, leg, 'failed', `Your deskphone stopped answering during the call (${why}), so the call was ended`);
    // Our BYE lets the drachtio server forget the dialog; a phone that is gone will not answer it.
    void dialog.destroy().catch(() => {});
  };
  const ping = () => {
    if (!ctx.legs.isLive(leg) || leg.dialog !== dialog || dialog.connected === false) return;
    dialog.request({ method: 'OPTIONS' }).then(
      (res) => {
        if (GONE.has(res.status)) gone(`SIP ${res.status} ${res.reason} to a keep-alive OPTIONS`);
        else ctx.legs.after(leg, interval, ping);
      },
      (e: unknown) => gone(`a keep-alive OPTIONS could not be sent: ${(e as Error)?.message ?? e}`),
    );
  };
  ctx.legs.after(leg, interval, ping);
}
