import { CoreError } from './errors.js';
import type { Clock } from './clock.js';

export interface ThrottleSettings {
  maxFailedLogins: number;
  failedLoginWindowSeconds: number;
  lockoutSeconds: number;
}

interface Record {
  failures: number[];
  lockedUntil: number;
}

/**
 * Failures per key (an agent, an address, a SIP username) within the window:
 * `maxFailedLogins` of them lock the key out for `lockoutSeconds`. At most
 * `maxKeys` are kept, the least recently failed dropped first (a flood from
 * many addresses cannot grow it without end).
 */
export class FailureCounts {
  private readonly records = new Map<string, Record>();

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly maxKeys = Number.POSITIVE_INFINITY,
  ) {}

  /** When the key's lockout ends, or 0 when it is not locked out at `now`. */
  lockedUntil(key: string, now: number): number {
    const until = this.records.get(key)?.lockedUntil ?? 0;
    return until > now ? until : 0;
  }

  fail(key: string, now: number): void {
    const windowMs = this.settings.failedLoginWindowSeconds * 1000;
    const record = this.records.get(key) ?? { failures: [], lockedUntil: 0 };
    record.failures = record.failures.filter((t) => now - t < windowMs);
    record.failures.push(now);
    if (record.failures.length >= this.settings.maxFailedLogins) {
      record.lockedUntil = now + this.settings.lockoutSeconds * 1000;
      record.failures = [];
    }
    this.records.delete(key);
    this.records.set(key, record);
    while (this.records.size > this.maxKeys) this.records.delete(this.records.keys().next().value!);
  }

  clear(key: string): void {
    this.records.delete(key);
  }
}

/**
 * Failed logins are limited per agent number and per client address, so that a
 * PIN cannot be guessed by trying many, nor many agents tried from one place.
 * Kept in memory: a restart forgets the counts, which only helps a lockout end.
 */
export class LoginThrottle {
  private readonly counts: FailureCounts;

  constructor(
    private readonly clock: Clock,
    settings: ThrottleSettings,
  ) {
    this.counts = new FailureCounts(settings);
  }

  /** Throws LOGIN_RATE_LIMITED while any of the keys is locked out. */
  check(agent: string, address: string): void {
    const now = this.clock.now();
    for (const [key, who] of [
      [`agent:${agent}`, `agent ${agent}`],
      [`addr:${address}`, 'your address'],
    ] as const) {
      const lockedUntil = this.counts.lockedUntil(key, now);
      if (lockedUntil) {
        const minutes = Math.ceil((lockedUntil - now) / 60000);
        throw new CoreError(
          'LOGIN_RATE_LIMITED',
          `Too many failed logins for ${who}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
          { retryAfterSeconds: Math.ceil((lockedUntil - now) / 1000) },
        );
      }
    }
  }

  failed(agent: string, address: string): void {
    const now = this.clock.now();
    for (const key of [`agent:${agent}`, `addr:${address}`]) this.counts.fail(key, now);
  }

  /** A good login clears the agent's count; the address keeps its history. */
  succeeded(agent: string): void {
    this.counts.clear(`agent:${agent}`);
  }
}
