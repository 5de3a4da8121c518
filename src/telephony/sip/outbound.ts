import type { DialContext } from '../../core/ports/telephony.js';
import { endLeg, NOT_READY, type LegOwner, type SipContext } from './context.js';
import { attachDialog } from './dialog-events.js';
import type { InviteOutcome } from './invite.js';
import { sendInvite } from './invite.js';
import { join } from './join.js';
import { newLeg, type Leg } from './legs.js';
import { offerArrived, whenOffer } from './offer-source.js';
import { originatePhone } from './originate.js';
import { giveUp, letGo } from './release.js';
import { hasSdp } from './sdp.js';
import { isWaitingForAck } from './srf-surface.js';

export const VOICE_MESSAGING_NEEDS_MEDIA = 'Voice messaging needs a media server to play the message; it runs on the simulator only';
export const NO_FAR_SDP = 'The called party answered without SDP, so there is no audio to connect';

export type SipDialContext = DialContext;

/**
 * The core's dial(). With an agent on the call from the start (click-to-dial,
 * preview, progressive, callbacks) the agent's phone is rung first and the
 * number is called with the phone's offer (third-party call control: the
 * agent hears the call being placed). With no agent yet (power dialing) the
 * number is called first with no offer; when a person answers, the core
 * picks an idle agent and asks for their phone (offerAgentLeg + bridge), and
 * the phone's answer goes back in our ACK. Either way failures say why.
 */
export function dial(ctx: SipContext, legId: string, to: string, callerId: string | null, context: SipDialContext = {}): void {
  const refuse = (detail: string) => {
    ctx.log(`leg ${legId} refused: ${detail}`);
    ctx.defer(() => ctx.report.legReleased(legId, 'failed', detail));
  };
  if (!ctx.srf()) return refuse(`${NOT_READY} (no connection to the SIP server)`);
  if (context.strategy === 'voice-messaging') return refuse(VOICE_MESSAGING_NEEDS_MEDIA);
  if (!ctx.trunk) return refuse('No SIP trunk for outbound calls: start the server with --sip-trunk host:port');
  const uri = `sip:${to}@${ctx.trunk}`;
  const far = ctx.legs.add(newLeg(legId, 'far', { carrier: ctx.trunk }));
  const owner: LegOwner | null = context.agent ? { agentLeg: context.agent.legId, device: context.agent.device } : null;
  if (owner && owner.agentLeg !== legId) phoneFirst(ctx, far, owner, uri, to, callerId);
  else numberFirst(ctx, far, uri, callerId);
}

function ringing(ctx: SipContext, far: Leg): InviteOutcome['ringing'] {
  return (res) => {
    if (res.status === 180 || res.status === 183) ctx.report.legProgress(far.id, res.status === 180 ? 'Ringing' : 'Ringing (early media)');
  };
}

function ringFor(ctx: SipContext, far: Leg): void {
  const seconds = Math.round(ctx.timeouts.dialRing / 1000);
  ctx.legs.after(far, ctx.timeouts.dialRing, () => {
    if (far.state === 'ringing') giveUp(ctx, far, 'no-answer', `No answer within ${seconds} s`);
  });
}

function phoneFirst(ctx: SipContext, far: Leg, owner: LegOwner, uri: string, to: string, callerId: string | null): void {
  const phone = originatePhone(ctx, owner.agentLeg, owner.device, { number: to }, (f) => giveUp(ctx, far, 'failed', f.detail));
  if (!phone) return;
  far.source = phone.id;
  ctx.defer(() => ctx.legs.isLive(far) && far.state === 'ringing' && ctx.report.legProgress(far.id, 'Calling your deskphone'));
  whenOffer(phone, (offer) => {
    if (!ctx.legs.isLive(far)) return;
    ringFor(ctx, far);
    sendInvite(ctx, far, uri, { offer, from: callerId ? { number: callerId } : undefined }, {
      ringing: ringing(ctx, far),
      answered: (result) => {
        if (isWaitingForAck(result) || !hasSdp(result.remote.sdp)) {
          void result.destroy().catch(() => {});
          letGo(ctx, phone, 'failed');
          endLeg(ctx, far, 'failed', NO_FAR_SDP);
          return;
        }
        attachDialog(ctx, far, result);
        join(ctx, phone, far);
        ctx.report.legAnswered(far.id);
      },
      failed: (f) => {
        // The agent's phone is off-hook waiting: hang it up with the call.
        letGo(ctx, phone, f.cause);
        endLeg(ctx, far, f.cause, f.detail);
      },
    });
  });
}

function numberFirst(ctx: SipContext, far: Leg, uri: string, callerId: string | null): void {
  ringFor(ctx, far);
  sendInvite(ctx, far, uri, { offer: null, from: callerId ? { number: callerId } : undefined }, {
    ringing: ringing(ctx, far),
    answered: (result) => {
      if (!isWaitingForAck(result) || !hasSdp(result.sdp)) {
        void result.destroy().catch(() => {});
        endLeg(ctx, far, 'failed', NO_FAR_SDP);
        return;
      }
      far.state = 'answered';
      far.waitingAck = result;
      far.remoteSdp = result.sdp;
      // Our ACK carries the agent phone's answer: it cannot be owed for long.
      const seconds = Math.round(ctx.timeouts.ackWait / 1000);
      ctx.legs.after(far, ctx.timeouts.ackWait, () => {
        if (far.state === 'answered') giveUp(ctx, far, 'failed', `No agent's phone answered within ${seconds} s of the call being answered`);
      });
      offerArrived(far);
      ctx.report.legAnswered(far.id);
    },
    failed: (f) => endLeg(ctx, far, f.cause, f.detail),
  });
}
