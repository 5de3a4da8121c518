import type { SipContext } from './context.js';
import { failureOf } from './failure.js';
import { reinviteOnGlare } from './glare.js';
import type { Leg } from './legs.js';
import { hasSdp, withDirection } from './sdp.js';

/**
 * The core's hold() / resume() on the customer leg of a connected call.
 *
 * When the agent's phone accepts remote control (Allow-Events: hold / talk)
 * we ask it with a NOTIFY in its dialog: it then holds or resumes itself,
 * shows it on its screen, and re-INVITEs us, which relay.ts passes on to
 * the customer. Otherwise we re-INVITE both sides ourselves, the customer
 * first and the phone once the customer agreed: each is sent the other's
 * description as sendonly (hold) or sendrecv (resume). The core marked the
 * call held (or resumed) already. If the customer's side refuses to be held,
 * the agent is told why, the call is resumed and the phone is left as it
 * was. If it refuses to be resumed, the phone is taken off hold anyway and
 * the agent is told: the panel says the call goes on, so the agent's own
 * phone must not stay held; the customer's side, still held as it agreed,
 * goes on receiving, so the caller hears the agent, who can explain or hang
 * up (hanging up for them would lose a caller whose side may yet recover).
 * A re-INVITE that meets the other side's (491) is tried again (glare.ts)
 * before any of this is decided.
 */
export function setHold(ctx: SipContext, legId: string, hold: boolean): void {
  const customer = ctx.legs.get(legId);
  if (!customer) return;
  if (customer.state !== 'up' || !customer.dialog) {
    // Pressed while the caller was still being answered: hold once they are.
    customer.whenUp.push(() => setHold(ctx, legId, hold));
    return;
  }
  const phone = ctx.legs.get(customer.peer);
  if (phone && phone.state === 'up' && phone.dialog && phone.events.has(hold ? 'hold' : 'talk')) {
    phone.dialog.request({ method: 'NOTIFY', headers: { Event: hold ? 'hold' : 'talk', 'Subscription-State': 'active' } }).then(
      (res) => {
        if (res.status < 300) {
          customer.held = hold;
          return;
        }
        ctx.log(`leg ${phone.id}: NOTIFY Event: ${hold ? 'hold' : 'talk'} refused (${res.status}); re-INVITE instead`);
        refused(phone);
        reinviteBoth(ctx, customer, phone, hold);
      },
      () => {
        refused(phone);
        reinviteBoth(ctx, customer, phone, hold);
      },
    );
    return;
  }
  reinviteBoth(ctx, customer, phone, hold);
}

/** What the agent reads when the caller's side refused the resume: one line of the call widget at 80 columns. */
export function resumeRefused(why: string): string {
  return `Resume failed: ${why}; caller may still be held`;
}

/**
 * What the agent last asked of each customer leg (true: hold). A re-INVITE
 * that met the other side's (491) is tried again seconds later; by then the
 * agent may have asked the opposite, and the old request must not be sent
 * over the new one.
 */
const wanted = new WeakMap<Leg, boolean>();

/** A phone that refused remote control once will again: use re-INVITEs from now on. */
function refused(phone: Leg): void {
  phone.events.delete('hold');
  phone.events.delete('talk');
}

/**
 * The customer first, then the phone: a customer who refuses must not leave
 * the phone re-INVITEd sendonly (one-way audio while the panel says the call
 * goes on), and RFC 3261 14.1 forbids a second re-INVITE to the phone to undo
 * it while the first is still pending.
 */
function reinviteBoth(ctx: SipContext, customer: Leg, phone: Leg | undefined, hold: boolean): void {
  if (!ctx.legs.isLive(customer) || !customer.dialog) return;
  const dir = hold ? 'sendonly' : 'sendrecv';
  const base = phone && hasSdp(phone.remoteSdp) ? phone.remoteSdp : customer.sent.current();
  if (!base) return;
  wanted.set(customer, hold);
  const current = () => wanted.get(customer) === hold;
  reinviteOnGlare(ctx, customer, customer.sent.next(withDirection(base, dir)), current).then(
    (theirs) => {
      if (theirs === null || !ctx.legs.isLive(customer)) return;
      if (hasSdp(theirs)) customer.remoteSdp = theirs;
      customer.held = hold;
      if (hold) ctx.report.legHeld(customer.id);
      else ctx.report.legResumed(customer.id);
      reinvitePhone(ctx, customer, phone, hold);
    },
    (e: unknown) => {
      if (!ctx.legs.isLive(customer)) return;
      const why = failureOf(e).detail;
      if (hold) {
        ctx.report.legProgress(customer.id, `Hold failed: ${why}`);
        ctx.report.legResumed(customer.id);
        return;
      }
      ctx.report.legProgress(customer.id, resumeRefused(why));
      reinvitePhone(ctx, customer, phone, false);
    },
  );
}

/** The phone is sent the customer's description in the direction the customer agreed to. */
function reinvitePhone(ctx: SipContext, customer: Leg, phone: Leg | undefined, hold: boolean): void {
  if (!phone || !ctx.legs.isLive(phone) || phone.state !== 'up' || !phone.dialog || !hasSdp(customer.remoteSdp)) return;
  const current = () => wanted.get(customer) === hold;
  reinviteOnGlare(ctx, phone, phone.sent.next(withDirection(customer.remoteSdp, hold ? 'sendonly' : 'sendrecv')), current).then(
    (theirs) => {
      if (theirs !== null && hasSdp(theirs)) phone.remoteSdp = withDirection(theirs, 'sendrecv');
    },
    (e: unknown) => ctx.log(`leg ${phone.id}: ${hold ? 'hold' : 'resume'} re-INVITE failed: ${failureOf(e).detail}`),
  );
}
