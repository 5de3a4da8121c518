import type { SipContext } from './context.js';
import { failureOf, type Failure } from './failure.js';
import { LEG_HEADER } from './headers.js';
import type { Leg } from './legs.js';
import { letGo } from './release.js';
import type { Dialog, OfferWaitingForAck, ReceivedResponse } from './srf-surface.js';

export interface InviteOptions {
  /** Our offer; none for third-party call control (the far end then offers in its 200 OK). */
  offer: string | null;
  headers?: Record<string, string>;
  from?: { number: string; name?: string | null };
}

export interface InviteOutcome {
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
  const headers = { [LEG_HEADER]: leg.id, ...opts.headers };
  const localSdp = opts.offer === null ? undefined : leg.sent.next(opts.offer);
  srf
    .createUAC(
      uri,
      {
        localSdp,
        headers,
        noAck: opts.offer === null,
        ...(opts.from ? { callingNumber: opts.from.number, callingName: opts.from.name ?? undefined } : {}),
      },
      {
        cbRequest: (err, req) => {
          if (err || !req) return;
          leg.pending = req;
          if (leg.closing) letGo(ctx, leg, 'normal');
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
