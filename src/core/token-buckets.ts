import { setNewest } from './bounded-map.js';

/** A token bucket's numbers: up to `burst` at once, then `perSecond` sustained. */
export interface TokenBucketRate {
  burst: number;
  perSecond: number;
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last worked out: the refill since then is added lazily, so no timer runs per key. */
  at: number;
}

/** How many keys are kept unless told: someone inventing keys cannot grow the map further. */
const MAX_KEYS = 10_000;

/**
 * A token bucket per key (a visitor's chat or address, a phone's address or
 * SIP username): up to `burst` at once, then
 * `perSecond` sustained. A key not seen is a full bucket, so the least
 * recently used is the one dropped when the map is full: it loses nothing but
 * the memory of what it spent.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: TokenBucketRate,
    private readonly maxKeys = MAX_KEYS,
  ) {}

  /** Whether one token is there to take now (taking nothing). */
  has(key: string, now: number): boolean {
    return this.tokensOf(key, now) >= 1;
  }

  /** Take one token if there is one; false when the key is over its rate. */
  take(key: string, now: number): boolean {
    const tokens = this.tokensOf(key, now);
    if (tokens < 1) return false;
    setNewest(this.buckets, key, { tokens: tokens - 1, at: now }, this.maxKeys);
    return true;
  }

  /** Seconds until the key has a token again (0 or less when it has one now): what a Retry-After says. */
  secondsUntilToken(key: string, now: number): number {
    return (1 - this.tokensOf(key, now)) / this.limit.perSecond;
  }

  get size(): number {
    return this.buckets.size;
  }

  private tokensOf(key: string, now: number): number {
    const b = this.buckets.get(key);
    if (!b) return this.limit.burst;
    // A clock that went back refills nothing rather than taking tokens away.
    const refilled = (Math.max(0, now - b.at) / 1000) * this.limit.perSecond;
    return Math.min(this.limit.burst, b.tokens + refilled);
  }
}
