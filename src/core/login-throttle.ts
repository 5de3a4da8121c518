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
 * Failed logins are limited per agent number and per client address, so that a
 * PIN cannot be guessed by trying many, nor many agents tried from one place.
 * Kept in memory: a restart forgets the counts, which only helps a lockout end.
 */
export class LoginThrottle {
  private readonly records = new Map<string, Record>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: ThrottleSettings,
  ) {}

  /** Throws LOGIN_RATE_LIMITED while any of the keys is locked out. */
  check(agent: string, address: string): void {
    const now = this.clock.now();
    for (const [key, who] of [
      [`agent:${agent}`, `agent ${agent}`],
      [`addr:${address}`, 'your address'],
    ] as const) {
      const record = this.records.get(key);
      if (record && record.lockedUntil > now) {
        const minutes = Math.ceil((record.lockedUntil - now) / 60000);
        throw new CoreError(
          'LOGIN_RATE_LIMITED',
          `Too many failed logins for ${who}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
          { retryAfterSeconds: Math.ceil((record.lockedUntil - now) / 1000) },
        );
      }
    }
  }

  failed(agent: string, address: string): void {
    const now = this.clock.now();
    const windowMs = this.settings.failedLoginWindowSeconds * 1000;
    for (const key of [`agent:${agent}`, `addr:${address}`]) {
      const record = this.records.get(key) ?? { failures: [], lockedUntil: 0 };
      record.failures = record.failures.filter((t) => now - t < windowMs);
      record.failures.push(now);
      if (record.failures.length >= this.settings.maxFailedLogins) {
        record.lockedUntil = now + this.settings.lockoutSeconds * 1000;
        record.failures = [];
      }
      this.records.set(key, record);
    }
  }

  /** A good login clears the agent's count; the address keeps its history. */
  succeeded(agent: string): void {
    this.records.delete(`agent:${agent}`);
  }
}
