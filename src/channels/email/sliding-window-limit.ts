import { setNewest } from '../../core/bounded-map.js';

/**
 * At most `limit` events per key in a sliding `windowMs` (mails per client
 * address). Returns how long the caller must wait, 0 when the event is
 * taken. At most 10,000 keys are remembered: the oldest go first, which can
 * only let a forgotten sender through sooner.
 */
export class SlidingWindowLimit {
  private readonly times = new Map<string, number[]>();
  private static readonly MAX_KEYS = 10_000;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): number {
    const now = this.now();
    const recent = (this.times.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.times.set(key, recent);
      return recent[0]! + this.windowMs - now;
    }
    recent.push(now);
    setNewest(this.times, key, recent, SlidingWindowLimit.MAX_KEYS);
    return 0;
  }
}
