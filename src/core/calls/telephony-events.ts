import type { HandlerContext } from '../context.js';
import type { ReleaseCause } from '../protocol/model.js';
import { offerUnreachable } from './device-unreachable.js';
import { answerOffer, declineOffer, endCall, missOffer } from './lifecycle.js';
import { leadAnswered, leadNotReached } from '../dialer/outcomes.js';

/** Progress text a telephony side reports when a machine, not a person, answers. */
export const MACHINE_PROGRESS = 'answering machine';

const FAILURES: Partial<Record<ReleaseCause, string>> = {
  busy: 'The line is busy.',
  'no-answer': 'Nobody answered.',
  rejected: 'The call was rejected.',
  failed: 'The call could not be placed.',
};

/** A leg answered: an agent's phone went off-hook, or the far end of an outbound call picked up. */
export function onLegAnswered(ctx: HandlerContext, legId: string): void {
  const call = ctx.calls.callOfLeg(legId);
  if (!call || call.state === 'ended') return;
  const offer = call.offers.find((o) => o.leg === legId);
  if (offer && call.state === 'ringing') {
    answerOffer(ctx, call, offer.agent);
    return;
  }
  if (legId === call.customerLeg && call.state === 'ringing' && call.direction === 'outbound') {
    if (call.lead) {
      leadAnswered(ctx, call, call.progress === MACHINE_PROGRESS);
      return;
    }
    ctx.tx.put('call', { ...call, state: 'on-call', answeredAt: ctx.clock.now(), progress: null }, 'answered');
  }
}

/**
 * A leg went away. Which leg and in what state decides what it means: a
 * waiting caller who hung up abandoned (one whose leg failed did not); a ringing phone declined; a talking party hung up;
 * an outbound call failed (with the reason shown to the agent).
 */
export function onLegReleased(ctx: HandlerContext, legId: string, cause: ReleaseCause, detail?: string): void {
  const call = ctx.calls.callOfLeg(legId);
  if (!call || call.state === 'ended') return;
  // An answered call that ended for a reason other than a hang-up keeps the reason (a lost connection, say).
  const why = (c: typeof call) => (cause !== 'normal' && detail ? { ...c, progress: detail } : c);
  const endedAs: ReleaseCause = cause === 'normal' ? 'normal' : cause;
  const offer = call.offers.find((o) => o.leg === legId);
  if (offer) {
    // A phone that was not there is not a missed offer; one that answered busy or reject declined it, as x in
    // the panel does; one that gave up ringing (408, 480, 487) or failed otherwise missed it.
    if (cause === 'unreachable') offerUnreachable(ctx, call, offer.agent, detail);
    else if (cause === 'rejected' || cause === 'busy') declineOffer(ctx, call, offer.agent);
    else missOffer(ctx, call, offer.agent);
    return;
  }
  if (legId === call.customerLeg) {
    if (call.state === 'waiting' || (call.state === 'ringing' && call.direction === 'inbound')) {
      // Only the caller's own hang-up is an abandon, which counts against the queue's abandon rate. A leg lost
      // another way (the carrier gone, the SIP server lost) failed, and the call keeps why for whoever reads it.
      if (cause === 'normal') endCall(ctx, call, 'abandoned', { releaseCustomer: false, releaseAgent: false });
      else endCall(ctx, { ...call, progress: detail ?? FAILURES[cause] ?? 'The call ended.' }, 'failed', { releaseCustomer: false, releaseAgent: false });
      return;
    }
    if (call.state === 'ringing') {
      const why = detail ?? FAILURES[cause] ?? 'The call ended.';
      const ended = endCall(ctx, { ...call, progress: why }, cause === 'normal' ? 'failed' : cause, { releaseCustomer: false, releaseAgent: true });
      if (call.lead) leadNotReached(ctx, ended, ended.endCause ?? 'failed');
      return;
    }
    endCall(ctx, why(call), endedAs, { releaseCustomer: false, releaseAgent: true });
    return;
  }
  if (legId === call.agentLeg) endCall(ctx, why(call), endedAs, { releaseCustomer: true, releaseAgent: false });
}

export function onLegHeld(ctx: HandlerContext, legId: string, held: boolean): void {
  const call = ctx.calls.callOfLeg(legId);
  if (!call) return;
  const now = ctx.clock.now();
  if (held && call.state === 'on-call') ctx.tx.put('call', { ...call, state: 'on-hold', holdStartedAt: now }, 'held');
  if (!held && call.state === 'on-hold')
    ctx.tx.put('call', { ...call, state: 'on-call', holdMs: call.holdMs + (call.holdStartedAt ? now - call.holdStartedAt : 0), holdStartedAt: null }, 'resumed');
}

export function onLegProgress(ctx: HandlerContext, legId: string, text: string): void {
  const call = ctx.calls.callOfLeg(legId);
  const live = call && (call.state !== 'ended' || call.transfer?.kind === 'number');
  if (call && live && call.progress !== text) ctx.tx.put('call', { ...call, progress: text }, 'progress');
}
