import type { SipContext } from './context.js';
import { failureOf, type Failure } from './failure.js';
import { LEG_HEADER } from './headers.js';
import { quoteDisplayName } from './name-addr.js';
import type { Leg } from './legs.js';
import { letGo } from './release.js';
import type { Dialog, OfferWaitingForAck, ReceivedResponse } from './srf-surface.js';

export interface InviteOptions {
  /** Our offer; none for third-party call control (the far end then offers in its 200 OK). */
  offer: string | null;
  headers?: Record<string, string>;
  from?: { number: string; name?: string | null };
  /** Where to send it when not to the URI's host (registrar.ts's route for a phone behind NAT). */
  route?: string | null;
}

export interface InviteOutcome {
  /** The drachtio server has sent the INVITE on the network (not only been asked to). */
  sent?(): void;
  ringing?(res: ReceivedResponse): void;
  answered(result: Dialog | OfferWaitingForAck): void;
  failed(failure: Failure): void;
}

/**
 * Send an INVITE for a leg and report only what still matters: if the core
 * released the leg meanwhile, a late request is CANCELled and a late answer
 * hung up, and nothing is reported (the core already moved on).
 */
export function sendInvite(ctx: SipContext, leg: Leg, uri: string, opts: InviteOptions, outcome: InviteOutcome): void {
  const srf = ctx.srf();
  if (!srf) {
    ctx.defer(() => ctx.legs.isLive(leg) && outcome.failed({ cause: 'failed', detail: 'no connection to the SIP server' }));
    return;
  }
  leg.state = 'ringing';
  // drachtio-srf would write callingName into From unescaped: a name is quoted here instead.
  // drachtio puts its own address in place of "localhost".
  const from: Record<string, string> = opts.from?.name ? { From: `${quoteDisplayName(opts.from.name)} <sip:${sipUser(opts.from.number)}@localhost>` } : {};
  const headers = { [LEG_HEADER]: leg.id, ...from, ...opts.headers };
  const localSdp = opts.offer === null ? undefined : leg.sent.next(opts.offer);
  srf
    .createUAC(
      uri,
      {
        localSdp,
        headers,
        noAck: opts.offer === null,
        // In-dialog requests then follow by themselves: the drachtio server sends them where the 200 OK came from
        // when its Contact names another address.
        ...(opts.route ? { proxy: opts.route } : {}),
        ...(opts.from ? { callingNumber: sipUser(opts.from.number) } : {}),
      },
      {
        cbRequest: (err, req) => {
          if (err || !req) return;
          leg.pending = req;
          if (leg.closing) letGo(ctx, leg, 'normal');
          else outcome.sent?.();
        },
        cbProvisional: (res) => {
          if (ctx.legs.isLive(leg)) outcome.ringing?.(res);
        },
      },
    )
    .then(
      (result) => {
        leg.pending = null;
        if (!ctx.legs.isLive(leg)) {
          void result.destroy().catch(() => {});
          return;
        }
        outcome.answered(result);
      },
      (err: unknown) => {
        leg.pending = null;
        if (ctx.legs.isLive(leg)) outcome.failed(failureOf(err));
      },
    );
}

/** A number as the user part of a SIP URI: characters RFC 3261 does not allow there are %-escaped. */
function sipUser(number: string): string {
  return number.replace(/[^A-Za-z0-9\-_.!~*'()&=+$,;?/]/g, (c) => [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}
