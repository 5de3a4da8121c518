import type { AgentDevice } from '../../core/ports/telephony.js';
import { endLeg, NOT_READY, type SipContext } from './context.js';
import { attachDialog } from './dialog-events.js';
import { allowedEvents, autoAnswerHeaders } from './headers.js';
import { sendInvite } from './invite.js';
import { join } from './join.js';
import { newLeg, type Leg } from './legs.js';
import { whenOffer } from './offer-source.js';
import { originatePhone } from './originate.js';
import { phoneFailure } from './failure.js';
import { giveUp, letGo } from './release.js';
import { hasSdp } from './sdp.js';
import { isWaitingForAck, type Dialog, type OfferWaitingForAck } from './srf-surface.js';

export const NO_ANSWER_SDP = 'The deskphone answered without SDP or with one that has no media, so there is no audio to connect; check its codec settings';

/**
 * The core's offerAgentLeg(): ring an agent's phone for a call. The phone is
 * sent the customer's offer (the caller's INVITE, a far end's 200 OK, or an
 * established caller's description) with the caller's number and name in
 * From, and the auto-answer headers when the agent has auto-answer. When it
 * answers we tell the core (legAnswered) and the customer is connected when
 * the core says so (bridge) — or at once when the customer's 200 OK is
 * waiting for our ACK (a power call), since that cannot wait.
 */
export function offerAgentLeg(
  ctx: SipContext,
  legId: string,
  customerLeg: string,
  device: AgentDevice,
  caller: { number: string; name: string | null; device?: AgentDevice },
): void {
  const refuse = (detail: string) => {
    ctx.log(`leg ${legId} refused: ${detail}`);
    ctx.defer(() => ctx.report.legReleased(legId, 'failed', detail));
  };
  if (!ctx.srf()) return refuse(`${NOT_READY} (no connection to the SIP server)`);
  const target = ctx.registrar.target(device.agent);
  if (!target) {
    const why = `No deskphone to ring: ${ctx.registrar.whyUnreachable(device.agent)}`;
    ctx.log(`leg ${legId} refused: ${why}`);
    ctx.defer(() => ctx.report.legReleased(legId, 'unreachable', why));
    return;
  }
  const source = ctx.legs.get(customerLeg) ?? callingAgentsPhone(ctx, customerLeg, legId, device, caller.device);
  if (!source) return refuse('switchboard does not know the call this deskphone should ring for');
  const phone = ctx.legs.add(newLeg(legId, 'phone', { agent: device.agent, purpose: 'offer', source: source.id, events: new Set(target.events) }));
  whenOffer(source, (offer) => {
    if (!ctx.legs.isLive(phone)) return;
    // A phone behind NAT is named with where it was sent, the address the person fixing it must check.
    const where = target.route ? `${target.uri} (sent to ${target.route}, where it registered from)` : target.uri;
    const silence = watchSilence(ctx, phone, where);
    sendInvite(ctx, phone, target.uri, { offer, route: target.route, headers: device.autoAnswer ? autoAnswerHeaders(target.make, ctx.self()) : {}, from: caller }, {
      sent: silence.sent,
      ringing: silence.heard,
      answered: (result) => phoneAnswered(ctx, phone, result),
      failed: (f) => {
        const told = phoneFailure(f, silence.heardFrom(), where);
        endLeg(ctx, phone, told.cause, told.detail);
      },
    });
  });
}

/**
 * Whether anything came back from the phone: one that rang and then failed
 * missed the call; one that sent nothing within `phoneReach` of the INVITE
 * leaving the drachtio server (time queued in a busy drachtio or in our own
 * process does not count) is not there, and is given up as unreachable.
 */
function watchSilence(ctx: SipContext, phone: Leg, uri: string) {
  let heard = false;
  const seconds = Math.round(ctx.timeouts.phoneReach / 100) / 10;
  return {
    heardFrom: () => heard,
    heard: () => void (heard = true),
    sent: () =>
      ctx.legs.after(phone, ctx.timeouts.phoneReach, () =>
        // Decided after the I/O already waiting is read: a busy server must not take a 180 it has not read yet for silence.
        ctx.defer(() => {
          if (!heard && ctx.legs.isLive(phone) && phone.state === 'ringing') giveUp(ctx, phone, 'unreachable', `the phone at ${uri} did not respond within ${seconds} s`);
        }),
      ),
  };
}

function phoneAnswered(ctx: SipContext, phone: Leg, result: Dialog | OfferWaitingForAck): void {
  if (isWaitingForAck(result) || !hasSdp(result.remote.sdp)) {
    void result.destroy().catch(() => {});
    endLeg(ctx, phone, 'failed', NO_ANSWER_SDP);
    return;
  }
  attachDialog(ctx, phone, result);
  // What the phone says in its answer is about this call; its REGISTER's Allow-Events is the fallback.
  const allow = result.res?.get('Allow-Events');
  if (allow !== undefined) phone.events = allowedEvents(allow);
  const source = ctx.legs.get(phone.source);
  if (source && (source.state === 'answered' || (source.peer === phone.id && source.joinWanted))) join(ctx, source, phone);
  ctx.report.legAnswered(phone.id);
}

/**
 * A call between two agents: the core offers the callee's phone for a
 * "customer" leg that is the calling agent's own phone (named in `caller`).
 * Ring it first (third-party call control) and offer its description to the
 * callee.
 */
function callingAgentsPhone(ctx: SipContext, legId: string, calleeLeg: string, callee: AgentDevice, callerPhone: AgentDevice | undefined): Leg | null {
  if (!callerPhone) return null;
  return originatePhone(ctx, legId, callerPhone, { number: callee.agent }, (f) => {
    // The caller's own phone failed: the callee's phone stops ringing (not the
    // callee's doing, so not reported as their missed offer) and the core hears why.
    const callee = ctx.legs.get(calleeLeg);
    if (callee) letGo(ctx, callee, 'failed');
    ctx.report.legReleased(legId, f.cause, f.detail);
  });
}
