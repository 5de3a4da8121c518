import type { ReleaseCause } from '../../core/protocol/model.js';
import type { SipContext } from './context.js';
import { statusForRelease } from './failure.js';
import type { Leg } from './legs.js';

/**
 * Let go of a leg, whatever state it is in: a caller we never answered gets a
 * final response (404 for a number that is no queue, see statusForRelease),
 * a ringing INVITE of ours is CANCELled, an answer still owed its ACK is
 * ACKed and hung up, an established dialog gets a BYE. Nothing is reported:
 * the core asked for it (or is told separately).
 */
export function letGo(ctx: SipContext, leg: Leg, cause: ReleaseCause): void {
  leg.closing = true;
  ctx.legs.remove(leg);
  const failed = (what: string) => (e: unknown) => ctx.log(`${what} on leg ${leg.id} failed: ${(e as Error)?.message ?? String(e)}`);
  if (leg.dialog) {
    void leg.dialog.destroy().catch(failed('BYE'));
    return;
  }
  if (leg.waitingAck) {
    void leg.waitingAck.destroy().catch(failed('ACK and BYE'));
    return;
  }
  if (leg.invite) {
    const { res } = leg.invite;
    if (!res.finalResponseSent) {
      const { status, reason } = statusForRelease(cause);
      try {
        res.send(status, reason);
      } catch (e) {
        failed(`${status} response`)(e);
      }
    }
    return;
  }
  if (leg.pending) {
    try {
      leg.pending.cancel();
    } catch (e) {
      failed('CANCEL')(e);
    }
  }
  // Otherwise our INVITE is not out yet: whoever sends it checks `closing`
  // and cancels as soon as the request exists.
}

/** The core's release(): unknown legs are ones that already ended on their own. */
export function release(ctx: SipContext, legId: string, cause: ReleaseCause): void {
  const leg = ctx.legs.get(legId);
  if (leg) letGo(ctx, leg, cause);
}

/** We end a leg ourselves (a timeout, a failure on the other side): let it go and tell the core why. */
export function giveUp(ctx: SipContext, leg: Leg, cause: ReleaseCause, detail: string): void {
  if (!ctx.legs.isLive(leg)) return;
  ctx.log(`leg ${leg.id}: ${detail}`);
  letGo(ctx, leg, cause);
  ctx.report.legReleased(leg.id, cause, detail);
}
