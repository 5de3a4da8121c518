import { endLeg, type SipContext } from './context.js';
import { attachDialog } from './dialog-events.js';
import type { Leg } from './legs.js';
import { giveUp } from './release.js';
import { hasSdp } from './sdp.js';
import { reinvite } from './reinvite.js';

/**
 * Connect two legs' media once the one that was sent an offer (the
 * answerer) has answered it: the answer goes back to the leg the offer came
 * from (the source), by the only means its state allows.
 *
 *  source state        how it gets the answer
 *  caller, ringing     200 OK to its INVITE (the caller is answered now)
 *  answered            the ACK we owed its 200 OK (third-party call control)
 *  up                  a re-INVITE (the caller came back from a transfer)
 */
export function join(ctx: SipContext, source: Leg, answerer: Leg): void {
  if (!ctx.legs.isLive(source) || !ctx.legs.isLive(answerer)) return;
  if (answerer.state !== 'up' || !hasSdp(answerer.remoteSdp)) return;
  source.joinWanted = false;
  source.peer = answerer.id;
  answerer.peer = source.id;
  const sdp = source.sent.next(answerer.remoteSdp);
  const failed = (what: string) => (e: unknown) => {
    if (!ctx.legs.isLive(source)) return;
    const status = (e as { status?: number }).status;
    // A caller who hung up while we answered has already been reported by its CANCEL.
    endLeg(ctx, source, status === 487 ? 'normal' : 'failed', `${what}: ${(e as Error)?.message ?? e}`);
  };

  if (source.state === 'ringing' && source.invite) {
    const { req, res } = source.invite;
    const srf = ctx.srf();
    if (!srf) return;
    srf.createUAS(req, res, { localSdp: sdp }).then((dialog) => {
      if (!ctx.legs.isLive(source)) {
        void dialog.destroy().catch(() => {});
        return;
      }
      attachDialog(ctx, source, dialog);
    }, failed('could not answer the caller'));
    return;
  }
  if (source.state === 'answered' && source.waitingAck) {
    // Taken at once, so a second answerer cannot ACK the same 200 OK again.
    const owed = source.waitingAck;
    source.waitingAck = null;
    owed.ack(sdp).then((dialog) => {
      if (!ctx.legs.isLive(source)) {
        void dialog.destroy().catch(() => {});
        return;
      }
      attachDialog(ctx, source, dialog);
    }, failed('could not complete the call'));
    return;
  }
  if (source.state === 'up' && source.dialog) {
    reinvite(source.dialog, sdp).then((theirs) => {
      if (hasSdp(theirs)) source.remoteSdp = theirs;
    }, failed('could not reconnect the caller'));
  }
}

/**
 * The core's bridge(): connect the customer leg with the agent leg. When the
 * agent's phone has answered, at once; when it still rings (the agent
 * answered in the panel), as soon as it picks up. A power call's far end has
 * been joined already when the phone answered (its ACK could not wait).
 */
export function bridge(ctx: SipContext, customerId: string, agentId: string): void {
  const customer = ctx.legs.get(customerId);
  const agent = ctx.legs.get(agentId);
  if (!customer || !agent) return;
  if (customer.peer === agent.id && agent.peer === customer.id && customer.state === 'up') return;
  customer.peer = agent.id;
  agent.peer = customer.id;
  if (agent.state === 'up') {
    join(ctx, customer, agent);
    return;
  }
  customer.joinWanted = true;
  // "Answer" in the panel cannot make a ringing deskphone go off-hook (no NOTIFY
  // before a dialog exists): the agent picks up, or auto-answer does it.
  ctx.legs.after(agent, ctx.timeouts.pickUp, () => {
    if (agent.state === 'up' || !ctx.legs.isLive(agent)) return;
    giveUp(ctx, agent, 'no-answer', 'The deskphone was not picked up; lift the handset or turn on auto-answer');
  });
}
