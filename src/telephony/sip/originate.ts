import type { AgentDevice } from '../../core/ports/telephony.js';
import type { SipContext } from './context.js';
import { attachDialog } from './dialog-events.js';
import type { Failure } from './failure.js';
import { allowedEvents, autoAnswerHeaders } from './headers.js';
import { sendInvite } from './invite.js';
import { newLeg, type Leg } from './legs.js';
import { offerArrived } from './offer-source.js';
import { letGo } from './release.js';
import { hasSdp, inactiveAnswer } from './sdp.js';
import { isWaitingForAck } from './srf-surface.js';

export const NO_OFFER =
  'The deskphone answered without SDP, so there is no audio to connect; check that the phone accepts calls without an offer (late offer)';

/**
 * Third-party call control, first party: ring the agent's own phone with an
 * INVITE that carries no offer and asks it to answer by itself (the agent
 * started this call). Its 200 OK carries its offer; we ACK at once with an
 * inactive answer (RFC 3725 flow IV) so the phone waits quietly, off-hook,
 * however long the other party rings. The leg then offers the phone's
 * description to whoever is called next, and is re-INVITEd with their
 * answer once they pick up (join()).
 */
export function originatePhone(
  ctx: SipContext,
  legId: string,
  device: AgentDevice,
  display: { number: string; name?: string | null },
  onFail: (failure: Failure) => void,
): Leg | null {
  const target = ctx.registrar.target(device.agent);
  if (!target) {
    const why = ctx.registrar.whyUnreachable(device.agent) ?? 'no deskphone';
    ctx.defer(() => onFail({ cause: 'failed', detail: `Your deskphone cannot be reached: ${why}` }));
    return null;
  }
  const phone = ctx.legs.add(newLeg(legId, 'phone', { agent: device.agent, purpose: 'originate', events: new Set(target.events) }));
  const fail = (f: Failure) => {
    if (!ctx.legs.isLive(phone)) return;
    letGo(ctx, phone, f.cause);
    onFail(f);
  };
  const seconds = Math.round(ctx.timeouts.phoneAnswer / 1000);
  ctx.legs.after(phone, ctx.timeouts.phoneAnswer, () => {
    if (phone.state === 'ringing') fail({ cause: 'no-answer', detail: `Your deskphone did not answer within ${seconds} s` });
  });
  sendInvite(ctx, phone, target.uri, { offer: null, route: target.route, headers: autoAnswerHeaders(target.make, ctx.self()), from: display }, {
    answered: (result) => {
      if (!isWaitingForAck(result) || !hasSdp(result.sdp)) {
        void result.destroy().catch(() => {});
        fail({ cause: 'failed', detail: NO_OFFER });
        return;
      }
      const allow = result.res.get('Allow-Events');
      if (allow !== undefined) phone.events = allowedEvents(allow);
      phone.state = 'answered';
      phone.remoteSdp = result.sdp;
      result.ack(phone.sent.next(inactiveAnswer(result.sdp, String(ctx.random.next()).slice(2, 12) || '1'))).then(
        (dialog) => {
          if (!ctx.legs.isLive(phone)) {
            void dialog.destroy().catch(() => {});
            return;
          }
          attachDialog(ctx, phone, dialog);
          phone.remoteSdp = result.sdp;
          offerArrived(phone);
        },
        (e: unknown) => fail({ cause: 'failed', detail: `Your deskphone's answer could not be acknowledged: ${(e as Error)?.message ?? e}` }),
      );
    },
    failed: (f) => fail({ ...f, detail: `Your deskphone did not answer: ${f.detail}` }),
  });
  return phone;
}
