import { endLeg, type SipContext } from './context.js';
import { UNREACHABLE } from './keepalive.js';
import type { ProbeAnswer } from './carrier-probes.js';
import type { Leg } from './legs.js';
import type { OutgoingResponse, Srf } from './srf-surface.js';

/** The sentence the call keeps (the supervisor sees it) when a waiting caller's carrier is gone. */
export const CARRIER_GONE = "The caller's carrier stopped answering while the call waited";

/**
 * A caller waiting in a queue has no dialog yet (their INVITE has no final
 * answer), so nothing would notice a carrier that vanished without a CANCEL:
 * the call would wait, be offered, and be answered into silence. While the
 * caller waits, their carrier (where the INVITE came from) is asked OPTIONS
 * outside any dialog every `timeouts.phoneKeepAlive`, as Asterisk's qualify and
 * Kamailio's dispatcher ping a trunk. Any answer, even 403 or 405, says it is
 * there; a 408, 410 or 503 (nothing came back, or it could not be sent) ends
 * the wait: the INVITE is answered 480 and the leg fails, saying why. Callers
 * waiting from one carrier share its OPTIONS, and a carrier that never answers
 * OPTIONS is not judged by them (carrier-probes.ts).
 */
export function keepCarrierAlive(ctx: SipContext, leg: Leg, res: OutgoingResponse): void {
  const interval = ctx.timeouts.phoneKeepAlive;
  if (leg.role !== 'caller' || !leg.carrier || !(interval > 0)) return;
  const uri = `sip:${carrierHostPort(leg.carrier)}`;
  const waiting = () => ctx.legs.isLive(leg) && !res.finalResponseSent;
  const gone = (why: string) => {
    if (!waiting()) return;
    res.send(480, 'Temporarily Unavailable');
    endLeg(ctx, leg, 'failed', `${CARRIER_GONE} (${why})`);
  };
  const ask = (srf: Srf) => () =>
    new Promise<ProbeAnswer>((settle) => {
      srf.request(uri, { method: 'OPTIONS' }).then(
        (sent) =>
          sent.on('response', (answer) =>
            settle(
              UNREACHABLE.has(answer.status)
                ? { gone: `SIP ${answer.status} ${answer.reason} to a keep-alive OPTIONS`, noAnswer: answer.status === 408 }
                : { gone: null },
            ),
          ),
        (e: unknown) => settle({ gone: `a keep-alive OPTIONS could not be sent: ${(e as Error)?.message ?? e}`, noAnswer: false }),
      );
    });
  const ping = () => {
    const srf = ctx.srf();
    if (!waiting() || !srf || ctx.carrierProbes.answersNoOptions(uri)) return;
    void ctx.carrierProbes.probe(uri, interval, ask(srf)).then((why) => {
      if (why !== null) gone(why);
      else if (waiting() && !ctx.carrierProbes.answersNoOptions(uri)) ctx.legs.after(leg, interval, ping);
    });
  };
  ctx.legs.after(leg, interval, ping);
}

/** leg.carrier is address:port as the INVITE came; an IPv6 address goes in brackets in a URI. */
function carrierHostPort(carrier: string): string {
  const at = carrier.lastIndexOf(':');
  const host = carrier.slice(0, at);
  return host.includes(':') && !host.startsWith('[') ? `[${host}]${carrier.slice(at)}` : carrier;
}
