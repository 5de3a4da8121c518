import type { SipContext } from './context.js';
import type { Leg } from './legs.js';
import { reinvite } from './reinvite.js';

/**
 * Our re-INVITE answered 491 Request Pending: the far end sent its own
 * re-INVITE at the same moment (glare), and each side refused the other's.
 * RFC 3261 14.1: wait a random time and try again, longer if we created
 * the dialog (we own its Call-ID: 2.1 to 4 s) than if the far end did (0 to
 * 2 s), so that the two sides do not collide again. Without it a hold or a
 * resume that met the phone's or the carrier's own re-INVITE was simply
 * lost: the call stayed held, or the agent was told the resume failed.
 */

/** Tries after the first; a far end still answering 491 after that is reported like any refusal. */
export const GLARE_RETRIES = 2;

/** How long to wait before trying again, in milliseconds (RFC 3261 14.1). */
export function glareDelayMs(leg: Leg, random: () => number): number {
  // A caller's leg is the carrier's dialog (its INVITE); phone and far legs are ours (we INVITEd them).
  const weOwnCallId = leg.role !== 'caller';
  return weOwnCallId ? 2100 + Math.floor(random() * 1901) : Math.floor(random() * 2001);
}

/**
 * Send `sdp` as a re-INVITE in the leg's dialog, trying again after 491.
 * Resolves with the far end's answer; rejects with the last failure; resolves
 * null when, by the time a retry is due, `stillWanted()` says a newer request
 * took this one's place (the agent pressed Resume before a glared Hold was
 * retried), so the old one is not sent over the new.
 */
export function reinviteOnGlare(ctx: SipContext, leg: Leg, sdp: string, stillWanted: () => boolean = () => true): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const attempt = (triesLeft: number) => {
      if (!leg.dialog) return reject(new Error('the dialog ended'));
      reinvite(leg.dialog, sdp).then(resolve, (e: unknown) => {
        if ((e as { status?: number })?.status !== 491 || triesLeft === 0 || !ctx.legs.isLive(leg)) return reject(e);
        const wait = glareDelayMs(leg, () => ctx.random.next());
        ctx.log(`leg ${leg.id}: re-INVITE met the other side's (491 Request Pending); trying again in ${(wait / 1000).toFixed(1)} s`);
        // A leg timer: it stops with the leg, whose callers check isLive() anyway.
        ctx.legs.after(leg, wait, () => {
          if (!stillWanted()) return resolve(null);
          attempt(triesLeft - 1);
        });
      });
    };
    attempt(GLARE_RETRIES);
  });
}
