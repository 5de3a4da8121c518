import type { Clock } from '../../core/clock.js';
import { SIP_DEFAULTS, type SipConfig } from '../../core/config/sip.js';
import { TokenBuckets } from '../../core/token-buckets.js';
import { CarrierAddresses, type Carrier, type ResolveHost } from './carrier-addresses.js';

/**
 * New calls per source address (the configuration's `sip`): every INVITE
 * that would start a call takes a token from its address's bucket, and an
 * empty bucket is answered 503 with Retry-After before any call exists. One
 * address flooding INVITEs otherwise put a caller in a queue for each, rang
 * the agents' phones for them and pushed real callers down the queue.
 * Carriers' trunk addresses (addresses, ranges, host names: carrier-addresses.ts)
 * are listed in the configuration: not limited, or with a limit of their own,
 * shared by every address of the entry.
 *
 * Kept in memory and bounded, so a flood from many addresses cannot grow it without end.
 */

export type InviteGate = { ok: true } | { ok: false; retryAfterSeconds: number; why: string };

const MAX_ADDRESSES = 25_000;

export class InviteThrottle {
  private readonly addresses: TokenBuckets;
  readonly carriers: CarrierAddresses;
  /** Carriers with a limit of their own: one bucket set each, with one key (the entry as configured). */
  private readonly carrierLimits = new Map<Carrier, TokenBuckets>();

  constructor(
    private readonly clock: Clock,
    config: SipConfig = SIP_DEFAULTS,
    log: (line: string) => void = () => {},
    resolveHost?: ResolveHost,
  ) {
    this.addresses = new TokenBuckets(config.invitesPerAddress, MAX_ADDRESSES);
    this.carriers = new CarrierAddresses(config.carriers, clock, log, resolveHost);
    for (const c of config.carriers) if (c.limit) this.carrierLimits.set(c, new TokenBuckets(c.limit, 1));
  }

  /** Whether an INVITE from `address` may start a call; counts it. */
  admit(address: string): InviteGate {
    const carrier = this.carriers.match(address);
    if (carrier && !carrier.limit) return { ok: true };
    const buckets = carrier ? this.carrierLimits.get(carrier)! : this.addresses;
    const key = carrier ? carrier.address : address;
    const now = this.clock.now();
    if (buckets.take(key, now)) return { ok: true };
    const seconds = Math.max(1, Math.ceil(buckets.secondsUntilToken(key, now)));
    return { ok: false, retryAfterSeconds: seconds, why: `too many INVITE requests from ${address}` };
  }
}
