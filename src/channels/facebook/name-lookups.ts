import type { CustomerNames, LookedUp } from './customer-names.js';

/**
 * Profile look-ups asked of Facebook at once, across every webhook: a burst
 * of new customers would otherwise open a connection to Graph each.
 */
export const NAME_LOOKUPS_AT_ONCE = 4;
/**
 * How long a look-up waits for its turn before it is given up: the webhook
 * waits on it, and a name not known yet is asked again with the customer's
 * next message (the open conversation then takes it).
 */
export const NAME_LOOKUP_WAIT_MS = 5_000;

type Ask = (pageId: string, psid: string) => Promise<LookedUp | undefined>;

/**
 * Customers' names asked of the User Profile API a few at a time, each
 * customer once however many of their messages come together; answers are
 * kept in CustomerNames.
 */
export class NameLookups {
  /** Look-ups asked or waiting for their turn, by page-scoped id: a second message of the customer waits on the same one. */
  private readonly pending = new Map<string, Promise<void>>();
  private asking = 0;
  private readonly queue: Array<() => void> = [];

  constructor(
    private readonly ask: Ask,
    private readonly names: CustomerNames,
    private readonly atOnce = NAME_LOOKUPS_AT_ONCE,
    private readonly waitMs = NAME_LOOKUP_WAIT_MS,
  ) {}

  /** Look the customer's name up unless it is being looked up already; settles once it is kept, or given up. */
  lookUp(pageId: string, psid: string): Promise<void> {
    const going = this.pending.get(psid);
    if (going) return going;
    const done = this.askInTurn(pageId, psid).finally(() => this.pending.delete(psid));
    this.pending.set(psid, done);
    return done;
  }

  private async askInTurn(pageId: string, psid: string): Promise<void> {
    if (!(await this.turn())) return;
    try {
      const answer = await this.ask(pageId, psid);
      if (answer) this.names.keep(psid, answer);
    } finally {
      this.asking--;
      this.queue.shift()?.();
    }
  }

  /** Whether a turn came within waitMs (false: given up). A turn is taken as it is given, so no later look-up takes it first. */
  private turn(): Promise<boolean> {
    if (this.asking < this.atOnce && this.queue.length === 0) {
      this.asking++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const go = () => {
        clearTimeout(timer);
        this.asking++;
        resolve(true);
      };
      const timer = setTimeout(() => {
        const at = this.queue.indexOf(go);
        if (at >= 0) this.queue.splice(at, 1);
        resolve(false);
      }, this.waitMs);
      timer.unref?.();
      this.queue.push(go);
    });
  }
}
