import type { Clock } from '../../core/clock.js';
import { setNewest } from '../../core/bounded-map.js';

/** Customers whose look-up is kept, the most recently seen: a busy page's conversations of the day. */
export const NAMES_KEPT = 10_000;
/** A look-up is kept this long: a customer who renames themselves is seen by the next day. */
export const NAME_KEPT_MS = 24 * 3600_000;

/** What the User Profile API said of a customer: their name, or that the page may not see it (null). */
export type LookedUp = { name: string | null };

/**
 * Names looked up from the User Profile API, so a conversation's every
 * message does not ask again. Only answers are kept: a look-up that failed
 * (Facebook down, slow or rate limiting) is asked again with the next message.
 */
export class CustomerNames {
  private readonly kept = new Map<string, { name: string | null; until: number }>();

  constructor(private readonly clock: Clock) {}

  /** The answer kept for this customer, or undefined when there is none still fresh. */
  get(psid: string): LookedUp | undefined {
    const held = this.kept.get(psid);
    if (!held) return undefined;
    if (held.until <= this.clock.now()) {
      this.kept.delete(psid);
      return undefined;
    }
    return { name: held.name };
  }

  keep(psid: string, answer: LookedUp): void {
    setNewest(this.kept, psid, { name: answer.name, until: this.clock.now() + NAME_KEPT_MS }, NAMES_KEPT);
  }
}
