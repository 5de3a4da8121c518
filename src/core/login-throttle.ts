import { CoreError } from './errors.js';
import type { Clock } from './clock.js';
import { setNewest } from './bounded-map.js';

export interface ThrottleSettings {
  maxFailedLogins: number;
  failedLoginWindowSeconds: number;
  lockoutSeconds: number;
}

interface Strikes {
  failures: number[];
  lockedUntil: number;
  /** Lockouts in a row: with back-off each lasts twice the one before, up to MAX_BACKOFF. */
  lockouts: number;
}

/** How many records a FailureCounts keeps unless told: an attacker inventing names or addresses cannot grow it further. */
const MAX_RECORDS = 10_000;
/** A lock that doubles stops growing here. */
const MAX_BACKOFF = 16;
/** A place an agent logged in from is known for this long. */
const KNOWN_PLACE_MS = 30 * 24 * 3600_000;
/** What a record keeps of an address (an agent number is at most 32 characters by its schema). */
const MAX_KEY = 64;

/**
 * Failures per key (an agent, an address, a SIP username) within the window:
 * `maxFailedLogins` of them lock the key out for `lockoutSeconds`, and with
 * `backOff` each lockout of the same key lasts twice the one before. At most
 * `maxKeys` are kept, the least recently failed dropped first.
 */
export class FailureCounts {
  private readonly records = new Map<string, Strikes>();

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly maxKeys = MAX_RECORDS,
    private readonly backOff = false,
  ) {}

  /** When the key's lockout ends, or 0 when it is not locked out at `now`. */
  lockedUntil(key: string, now: number): number {
    const until = this.records.get(key)?.lockedUntil ?? 0;
    return until > now ? until : 0;
  }

  fail(key: string, now: number): void {
    const windowMs = this.settings.failedLoginWindowSeconds * 1000;
    const record = this.records.get(key) ?? { failures: [], lockedUntil: 0, lockouts: 0 };
    record.failures = record.failures.filter((t) => now - t < windowMs);
    record.failures.push(now);
    if (record.failures.length >= this.settings.maxFailedLogins) {
      const factor = this.backOff ? Math.min(MAX_BACKOFF, 2 ** record.lockouts) : 1;
      record.lockedUntil = now + this.settings.lockoutSeconds * 1000 * factor;
      record.lockouts++;
      record.failures = [];
    }
    setNewest(this.records, key, record, this.maxKeys);
  }

  clear(key: string): void {
    this.records.delete(key);
  }

  get size(): number {
    return this.records.size;
  }
}

/**
 * Failed logins, so that a PIN cannot be guessed, without handing an attacker
 * a way to lock agents out.
 *
 * - **The pair** (agent, address): failures there lock that agent at that
 *   address, for longer each time it happens again (back-off). This is where a
 *   guesser is, so it always applies.
 * - **The agent** from anywhere (a guess spread over many addresses) and **the
 *   address** for any agent (one place trying many agents): these lock only
 *   *unknown* places. An agent logging in from a place they logged in from
 *   before is not stopped by an attack from elsewhere, nor by someone else
 *   behind the same NAT; the address lock never grows past lockoutSeconds.
 *
 * Kept in memory and bounded: a restart forgets the counts, which can only
 * shorten a lockout.
 */
export class LoginThrottle {
  private readonly pairs: FailureCounts;
  private readonly agents: FailureCounts;
  private readonly addresses: FailureCounts;
  /** "agent address" -> last successful login there, least recent first. */
  private readonly known = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    settings: ThrottleSettings,
  ) {
    this.pairs = new FailureCounts(settings, MAX_RECORDS, true);
    this.agents = new FailureCounts(settings, MAX_RECORDS, true);
    this.addresses = new FailureCounts(settings, MAX_RECORDS, false);
  }

  /** Throws LOGIN_RATE_LIMITED while this agent may not try from this address. */
  check(agent: string, address: string): void {
    const now = this.clock.now();
    const place = placeKey(agent, address);
    refuseIfLocked(this.pairs.lockedUntil(place, now), now, `agent ${agent} from your address`);
    if (this.isKnown(place, now)) return;
    refuseIfLocked(this.agents.lockedUntil(clip(agent), now), now, `agent ${agent}`);
    refuseIfLocked(this.addresses.lockedUntil(clip(address), now), now, 'your address');
  }

  failed(agent: string, address: string): void {
    const now = this.clock.now();
    this.pairs.fail(placeKey(agent, address), now);
    this.agents.fail(clip(agent), now);
    this.addresses.fail(clip(address), now);
  }

  /** A good login clears the agent's counts there and makes the place known; the address keeps its history. */
  succeeded(agent: string, address: string): void {
    const place = placeKey(agent, address);
    this.pairs.clear(place);
    this.agents.clear(clip(agent));
    setNewest(this.known, place, this.clock.now(), MAX_RECORDS);
  }

  /** Records kept, all kinds together (bounded whatever is tried). */
  recordCount(): number {
    return this.pairs.size + this.agents.size + this.addresses.size + this.known.size;
  }

  private isKnown(place: string, now: number): boolean {
    const at = this.known.get(place);
    return at !== undefined && now - at < KNOWN_PLACE_MS;
  }
}

function refuseIfLocked(lockedUntil: number, now: number, who: string): void {
  if (!lockedUntil) return;
  const minutes = Math.ceil((lockedUntil - now) / 60000);
  throw new CoreError('LOGIN_RATE_LIMITED', `Too many failed logins for ${who}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
    retryAfterSeconds: Math.ceil((lockedUntil - now) / 1000),
  });
}

function clip(text: string): string {
  return text.length > MAX_KEY ? text.slice(0, MAX_KEY) : text;
}

function placeKey(agent: string, address: string): string {
  return `${clip(agent)} ${clip(address)}`;
}
