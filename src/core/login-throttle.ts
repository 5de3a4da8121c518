import { CoreError } from './errors.js';
import type { Clock } from './clock.js';

export interface ThrottleSettings {
  maxFailedLogins: number;
  failedLoginWindowSeconds: number;
  lockoutSeconds: number;
}

interface Strikes {
  failures: number[];
  lockedUntil: number;
  /** Lockouts in a row: each lasts twice the one before (back-off), up to MAX_BACKOFF. */
  lockouts: number;
}

/** How many records each map keeps: an attacker inventing agent numbers or addresses cannot grow them further. */
const MAX_RECORDS = 10_000;
/** A lock that doubles stops growing here. */
const MAX_BACKOFF = 16;
/** A place an agent logged in from is known for this long. */
const KNOWN_PLACE_MS = 30 * 24 * 3600_000;
/** What a record keeps of an address (an agent number is at most 32 characters by its schema). */
const MAX_KEY = 64;

/**
<<<<<<< HEAD
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
  private readonly pairs = new BoundedMap<Strikes>();
  private readonly agents = new BoundedMap<Strikes>();
  private readonly addresses = new BoundedMap<Strikes>();
  /** "agent address" -> last successful login there. */
  private readonly known = new BoundedMap<number>();
=======
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
>>>>>>> sip

  constructor(
    private readonly clock: Clock,
    settings: ThrottleSettings,
  ) {
    this.counts = new FailureCounts(settings);
  }

  /** Throws LOGIN_RATE_LIMITED while this agent may not try from this address. */
  check(agent: string, address: string): void {
    const now = this.clock.now();
<<<<<<< HEAD
    const place = placeKey(agent, address);
    refuseIfLocked(this.pairs.get(place), now, `agent ${agent} from your address`);
    if (this.isKnown(place, now)) return;
    refuseIfLocked(this.agents.get(clip(agent)), now, `agent ${agent}`);
    refuseIfLocked(this.addresses.get(clip(address)), now, 'your address');
=======
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
>>>>>>> sip
  }

  failed(agent: string, address: string): void {
    const now = this.clock.now();
<<<<<<< HEAD
    this.strike(this.pairs, placeKey(agent, address), now, true);
    this.strike(this.agents, clip(agent), now, true);
    this.strike(this.addresses, clip(address), now, false);
  }

  /** A good login clears the agent's counts there and makes the place known; the address keeps its history. */
  succeeded(agent: string, address: string): void {
    const place = placeKey(agent, address);
    this.pairs.delete(place);
    this.agents.delete(clip(agent));
    this.known.set(place, this.clock.now());
  }

  /** Records kept, all kinds together (bounded whatever is tried). */
  recordCount(): number {
    return this.pairs.size + this.agents.size + this.addresses.size + this.known.size;
  }

  private isKnown(place: string, now: number): boolean {
    const at = this.known.get(place);
    return at !== undefined && now - at < KNOWN_PLACE_MS;
  }

  private strike(map: BoundedMap<Strikes>, key: string, now: number, backOff: boolean): void {
    const windowMs = this.settings.failedLoginWindowSeconds * 1000;
    const record = map.get(key) ?? { failures: [], lockedUntil: 0, lockouts: 0 };
    record.failures = record.failures.filter((t) => now - t < windowMs);
    record.failures.push(now);
    if (record.failures.length >= this.settings.maxFailedLogins) {
      const factor = backOff ? Math.min(MAX_BACKOFF, 2 ** record.lockouts) : 1;
      record.lockedUntil = now + this.settings.lockoutSeconds * 1000 * factor;
      record.lockouts++;
      record.failures = [];
    }
    map.set(key, record);
  }
}

function refuseIfLocked(record: Strikes | undefined, now: number, who: string): void {
  if (!record || record.lockedUntil <= now) return;
  const minutes = Math.ceil((record.lockedUntil - now) / 60000);
  throw new CoreError('LOGIN_RATE_LIMITED', `Too many failed logins for ${who}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
    retryAfterSeconds: Math.ceil((record.lockedUntil - now) / 1000),
  });
}

function clip(text: string): string {
  return text.length > MAX_KEY ? text.slice(0, MAX_KEY) : text;
}

function placeKey(agent: string, address: string): string {
  return `${clip(agent)} ${clip(address)}`;
}

/** A Map that forgets its least recently written entry beyond MAX_RECORDS. */
class BoundedMap<V> {
  private readonly map = new Map<string, V>();

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > MAX_RECORDS) this.map.delete(this.map.keys().next().value!);
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
=======
    for (const key of [`agent:${agent}`, `addr:${address}`]) this.counts.fail(key, now);
  }

  /** A good login clears the agent's count; the address keeps its history. */
  succeeded(agent: string): void {
    this.counts.clear(`agent:${agent}`);
>>>>>>> sip
  }
}
