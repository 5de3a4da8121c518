import type { Clock } from '../../core/clock.js';
import { FailureCounts, type ThrottleSettings } from '../../core/login-throttle.js';
import { TokenBuckets } from '../../core/token-buckets.js';

/**
 * Limits on REGISTER, per source address and per SIP username, so that a
 * password cannot be guessed by trying many, nor the registrar flooded:
 *
 * - Wrong passwords (and unknown usernames), like PINs on the WebSocket:
 *   `maxFailedLogins` within `failedLoginWindowSeconds` lock the address or
 *   the username out for `lockoutSeconds` (the configuration's `security`).
 *   A locked-out REGISTER is answered 403 without a challenge.
 * - Floods: every REGISTER takes a token from its address's bucket and its
 *   username's; an empty bucket is answered 503 with Retry-After, before any
 *   nonce is made. The rates leave room for a site of phones behind one NAT.
 *
 * Kept in memory (a restart forgets the counts, which only shortens a lockout)
 * and pruned as it goes, so a flood from many addresses cannot grow it without end.
 */

export interface FloodLimits {
  /** REGISTERs one address may send in a burst, and per second after it. */
  addressBurst: number;
  addressPerSecond: number;
  /** The same for one username (from the Authorization header, else the To user). */
  usernameBurst: number;
  usernamePerSecond: number;
}

export const DEFAULT_FLOOD: FloodLimits = { addressBurst: 200, addressPerSecond: 50, usernameBurst: 20, usernamePerSecond: 1 };

export type Gate =
  | { ok: true }
  | { ok: false; status: 403 | 503; reason: string; retryAfterSeconds: number; why: string };

/** Keys remembered, failures and flood buckets alike (the buckets share it: half for addresses, half for usernames). */
const MAX_KEYS = 50_000;

export class RegisterThrottle {
  private readonly failures: FailureCounts;
  private readonly addresses: TokenBuckets;
  private readonly usernames: TokenBuckets;

  constructor(
    private readonly clock: Clock,
    settings: ThrottleSettings,
    flood: FloodLimits = DEFAULT_FLOOD,
  ) {
    this.failures = new FailureCounts(settings, MAX_KEYS);
    this.addresses = new TokenBuckets({ burst: flood.addressBurst, perSecond: flood.addressPerSecond }, MAX_KEYS / 2);
    this.usernames = new TokenBuckets({ burst: flood.usernameBurst, perSecond: flood.usernamePerSecond }, MAX_KEYS / 2);
  }

  /** Whether a REGISTER from `address` (for `username`, when known) may be looked at; counts it against the flood limits. */
  admit(address: string, username: string | null): Gate {
    const now = this.clock.now();
    for (const [key, who] of keys(address, username)) {
      const lockedUntil = this.failures.lockedUntil(key, now);
      if (lockedUntil) {
        const seconds = Math.ceil((lockedUntil - now) / 1000);
        return { ok: false, status: 403, reason: 'Forbidden', retryAfterSeconds: seconds, why: `too many failed registrations for ${who}; try again in ${minutes(seconds)}` };
      }
    }
    for (const [key, who] of keys(address, username)) {
      const buckets = key.startsWith('addr:') ? this.addresses : this.usernames;
      if (!buckets.take(key, now)) {
        const seconds = Math.max(1, Math.ceil(buckets.secondsUntilToken(key, now)));
        return { ok: false, status: 503, reason: 'Service Unavailable', retryAfterSeconds: seconds, why: `too many REGISTER requests for ${who}` };
      }
    }
    return { ok: true };
  }

  /** A wrong password or an unknown username: counted against both keys. */
  failed(address: string, username: string | null): void {
    const now = this.clock.now();
    for (const [key] of keys(address, username)) this.failures.fail(key, now);
  }

  /** A good registration clears its username's count; the address keeps its history. */
  succeeded(username: string): void {
    this.failures.clear(`user:${username}`);
  }
}

function keys(address: string, username: string | null): Array<[string, string]> {
  const out: Array<[string, string]> = [[`addr:${address}`, `address ${address}`]];
  if (username) out.push([`user:${username}`, `SIP user ${username}`]);
  return out;
}

function minutes(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.ceil(seconds / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}
