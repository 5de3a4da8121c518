import type { Clock } from '../../core/clock.js';
import { SIP_DEFAULTS, type SipConfig } from '../../core/config/sip.js';
import { TokenBuckets } from '../../core/token-buckets.js';

/**
 * New calls per source address (the configuration's `sip`): every INVITE
 * that would start a call takes a token from its address's bucket, and an
 * empty bucket is answered 503 with Retry-After before any call exists. One
 * address flooding INVITEs otherwise put a caller in a queue for each, rang
 * the agents' phones for them and pushed real callers down the queue.
 * Carriers' trunk addresses are listed in the configuration: not limited, or
 * with a limit of their own.
 *
 * Kept in memory and bounded, so a flood from many addresses cannot grow it without end.
 */

export type InviteGate = { ok: true } | { ok: false; retryAfterSeconds: number; why: string };

const MAX_ADDRESSES = 25_000;

export class InviteThrottle {
  private readonly addresses: TokenBuckets;
  /** Carriers with a limit of their own: one bucket set each (one key in it). */
  private readonly carriers = new Map<string, TokenBuckets | 'unlimited'>();

  constructor(
    private readonly clock: Clock,
    config: SipConfig = SIP_DEFAULTS,
  ) {
    this.addresses = new TokenBuckets(config.invitesPerAddress, MAX_ADDRESSES);
    for (const c of config.carriers) this.carriers.set(c.address.toLowerCase(), c.limit ? new TokenBuckets(c.limit, 1) : 'unlimited');
  }

  /** Whether an INVITE from `address` may start a call; counts it. */
  admit(address: string): InviteGate {
    const carrier = this.carriers.get(address.toLowerCase());
    if (carrier === 'unlimited') return { ok: true };
    const buckets = carrier ?? this.addresses;
    const now = this.clock.now();
    if (buckets.take(address, now)) return { ok: true };
    const seconds = Math.max(1, Math.ceil(buckets.secondsUntilToken(address, now)));
    return { ok: false, retryAfterSeconds: seconds, why: `too many INVITE requests from ${address}` };
  }
}
