import type { Clock } from '../../core/clock.js';

/**
 * One carrier's OPTIONS shared by every caller waiting from it: a carrier asks
 * for a ping no more often than every 10 to 15 s (Twilio's trunks, for one),
 * and fifty callers waiting from one trunk must not send fifty OPTIONS an
 * interval. A probe already in flight is joined; a carrier that answered less
 * than an interval ago is not asked again.
 */
export class CarrierProbes {
  /** Per carrier URI: what the OPTIONS in flight will say (null: it answered; else why it is gone). */
  private readonly inFlight = new Map<string, Promise<string | null>>();
  /** Per carrier URI: when it last answered (pruned past an interval, so a flood of addresses leaves nothing). */
  private readonly answeredAt = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  probe(uri: string, interval: number, send: () => Promise<string | null>): Promise<string | null> {
    const now = this.clock.now();
    const answered = this.answeredAt.get(uri);
    if (answered !== undefined && now - answered < interval) return Promise.resolve(null);
    const pending = this.inFlight.get(uri);
    if (pending) return pending;
    const asked = send().then((gone) => {
      this.inFlight.delete(uri);
      if (gone === null) this.answered(uri, interval);
      return gone;
    });
    this.inFlight.set(uri, asked);
    return asked;
  }

  private answered(uri: string, interval: number): void {
    const now = this.clock.now();
    for (const [other, at] of this.answeredAt) if (now - at >= interval) this.answeredAt.delete(other);
    this.answeredAt.set(uri, now);
  }
}
