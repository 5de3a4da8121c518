import type { Clock } from '../../core/clock.js';
import type { AgentConfig, PhoneMake } from '../../core/config/schema.js';
import { DEFAULT_MAX_CONTACTS } from '../../core/config/sip.js';
import type { ThrottleSettings } from '../../core/login-throttle.js';
import { Bindings, type Binding } from './bindings.js';
import { DigestAuth, parseAuthorization } from './digest.js';
import { allowedEvents } from './headers.js';
import { parseContacts, parseNameAddr } from './name-addr.js';
import { natRoute } from './nat.js';
import { RegisterThrottle, type FloodLimits } from './register-throttle.js';
import { RefusalLog } from './refusal-log.js';
import type { IncomingRequest, OutgoingResponse } from './srf-surface.js';

/** Phones re-register well before this; shorter asks are refused with 423 (RFC 3261 10.3). */
export const MIN_EXPIRES = 60;
/** Longer asks are shortened, so a phone that vanished is noticed within the hour. */
export const MAX_EXPIRES = 3600;
const DEFAULT_EXPIRES = 3600;

export interface DeviceTarget {
  uri: string;
  /** The phone's make (sip.phone), for the auto-answer header it reads. */
  make: PhoneMake;
  /** What the phone said it accepts (Allow-Events), from its REGISTER. */
  events: Set<string>;
  registered: boolean;
  /** Where to send requests when that is not the URI's host: a phone behind NAT, reached where it registered from (nat.ts). */
  route: string | null;
}

export type DeviceReport = (agent: string, registered: boolean, detail: string) => void;

export interface RegistrarOptions {
  /** Digest realm the phones authenticate in. */
  realm: string;
  /** Failed-registration limits: the configuration's `security`, as for PINs. */
  security: ThrottleSettings;
  flood?: FloodLimits;
  /** Addresses one agent may have registered at once (the configuration's `sip.maxContactsPerAgent`). */
  maxContacts?: number;
  log?: (line: string) => void;
}

/**
 * Where each agent's deskphone is: registered with us (REGISTER, digest
 * authenticated against the agent's sip.username / sip.password, kept until
 * it expires or unregisters), or a static sip.uri from the configuration.
 * REGISTER floods and wrong passwords are throttled per address and per
 * username (register-throttle.ts) before any digest work is done.
 */
export class Registrar {
  private readonly bindings: Bindings;
  private readonly auth: DigestAuth;
  private readonly throttle: RegisterThrottle;
  /** REGISTERs refused by the flood limits: the first per address logged, the rest summed up. */
  private readonly floodRefusals: RefusalLog;
  /** Wrong passwords and unknown usernames: the first per address and username logged, the rest summed up. */
  private readonly wrongCredentials: RefusalLog;

  private readonly log: (line: string) => void;
  private readonly maxContacts: number;

  constructor(
    private readonly agents: readonly AgentConfig[],
    private readonly clock: Clock,
    private readonly report: DeviceReport,
    options: RegistrarOptions,
  ) {
    this.log = options.log ?? (() => {});
    this.maxContacts = options.maxContacts ?? DEFAULT_MAX_CONTACTS;
    this.bindings = new Bindings(clock, (agent, lapsed, wasCurrent) => {
      if (wasCurrent) this.changed(agent, lapsed, 'registration expired');
    });
    this.auth = new DigestAuth(options.realm, () => clock.now());
    this.throttle = new RegisterThrottle(clock, options.security, options.flood);
    this.floodRefusals = new RefusalLog(clock, this.log, 'REGISTER');
    this.wrongCredentials = new RefusalLog(clock, this.log, { one: 'REGISTER with wrong credentials', many: 'REGISTERs with wrong credentials' });
  }

  /** Static URIs count as reachable from the start: say so once. */
  announceStatic(): void {
    for (const agent of this.agents) {
      if (agent.sip?.uri && !this.bindings.has(agent.number)) this.report(agent.number, true, `static URI ${agent.sip.uri}`);
    }
  }

  /** Where to send an INVITE for this agent, or null when nothing is known. */
  target(agent: string): DeviceTarget | null {
    const b = this.bindings.current(agent);
    const sip = this.agents.find((a) => a.number === agent)?.sip;
    const make = sip?.phone ?? 'standard';
    if (b) return { uri: b.uri, make, events: b.events, registered: true, route: b.route };
    return sip?.uri ? { uri: sip.uri, make, events: new Set(), registered: false, route: null } : null;
  }

  /** Why a deskphone cannot be reached, in words the agent can act on. */
  whyUnreachable(agent: string): string | null {
    if (this.target(agent)) return null;
    const username = this.agents.find((a) => a.number === agent)?.sip?.username;
    return username
      ? `no deskphone is registered for SIP user ${username}; register the phone with switchboard and log in again.`
      : `agent ${agent} has no SIP account (sip.username) or static SIP URI (sip.uri) in the configuration.`;
  }

  handle(req: IncomingRequest, res: OutgoingResponse): void {
    const address = req.source_address ?? 'unknown address';
    const claimed = parseAuthorization(req.get('Authorization'))?.username ?? parseNameAddr(req.get('To'))?.user ?? null;
    const gate = this.throttle.admit(address, claimed);
    if (!gate.ok) {
      this.floodRefusals.refused(address, `REGISTER refused from ${address}: ${gate.why}`);
      res.send(gate.status, gate.reason, { headers: { 'Retry-After': String(gate.retryAfterSeconds), Warning: `399 switchboard "${gate.why}"` } });
      return;
    }
    const verdict = this.auth.verify({ method: 'REGISTER', uri: req.uri }, req.get('Authorization'), address, (username) => this.passwordOf(username));
    if (!verdict.ok) {
      if ('badRequest' in verdict) {
        this.log(`REGISTER refused from ${address}: ${verdict.reason}`);
        res.send(400, 'Bad Request', { headers: { Warning: `399 switchboard "${verdict.warning}"` } });
      } else if (verdict.challenge) {
        if (verdict.why) this.log(`REGISTER from ${address} challenged again: ${verdict.why}`);
        res.send(401, { headers: { 'WWW-Authenticate': this.auth.challenge(address, verdict.stale) } });
      } else {
        this.throttle.failed(address, verdict.username);
        this.wrongCredentials.refused(`SIP user ${verdict.username} at ${address}`, `REGISTER refused from ${address}: ${verdict.reason}`);
        res.send(403, 'Forbidden');
      }
      return;
    }
    this.throttle.succeeded(verdict.username);
    const agent = this.agents.find((a) => a.sip?.username === verdict.username)!;
    const aor = parseNameAddr(req.get('To'))?.user ?? null;
    if (aor !== null && aor !== verdict.username && aor !== agent.number) {
      this.log(`REGISTER refused: ${verdict.username} may not register ${aor}`);
      res.send(403, 'Forbidden');
      return;
    }
    const contactHeader = req.get('Contact');
    const contacts = parseContacts(contactHeader);
    if (contactHeader && starWithOthers(contactHeader)) {
      // It asks to remove every binding and to add some: RFC 3261 10.3 says 400, and a 200 would tell the phone
      // that whichever it meant was done.
      this.log(`REGISTER for ${verdict.username} refused: Contact * given with addresses`);
      res.send(400, 'Invalid Request', { headers: { Warning: '399 switchboard "Contact * must be the only contact"' } });
      return;
    }
    if (contacts.length === 0) {
      // No Contact: a query for the current binding (RFC 3261 10.2.3).
      res.send(200, { headers: this.bindingHeaders(agent.number) });
      return;
    }
    const headerExpires = headerNumber(req.get('Expires'));
    if (contacts[0]!.uri === '*') {
      if (headerExpires !== 0) {
        // RFC 3261 10.3: * removes every binding only with Expires: 0. Without it the request asks for a
        // registration of an hour with no address; the drachtio server refuses one with another Expires itself.
        this.log(`REGISTER for ${verdict.username} refused: Contact * without Expires: 0`);
        res.send(400, 'Invalid Request', { headers: { Warning: '399 switchboard "Contact * needs Expires: 0"' } });
        return;
      }
      const before = this.bindings.current(agent.number);
      this.bindings.removeAll(agent.number);
      this.changed(agent.number, before, 'unregistered');
      res.send(200);
      return;
    }
    // Each Contact asks for its own binding (RFC 3261 10.2.1-10.2.2): a phone that moved sends
    // `<old>;expires=0, <new>`, and only the old address goes.
    const asks = contacts.map((c) => ({ uri: c.uri, expires: headerNumber(c.params.expires) ?? headerExpires ?? DEFAULT_EXPIRES }));
    if (asks.some((a) => a.expires > 0 && a.expires < MIN_EXPIRES)) {
      res.send(423, 'Interval Too Brief', { headers: { 'Min-Expires': String(MIN_EXPIRES) } });
      return;
    }
    const adds = asks.filter((a) => a.expires > 0).length;
    if (adds > this.maxContacts) {
      // RFC 3261 10.3 names no answer for this. Not 400: the request is well formed; not 423, which is about
      // expiries; not 503, which tells the phone to try again as it is. 403 is what it is: this account may not
      // do that, and sending it again will not help (as Asterisk answers past max_contacts). Nothing is bound:
      // half of what the phone asked for is not what it asked for, and the bindings it had are kept.
      const why = `${adds} addresses in one REGISTER; at most ${this.maxContacts} may be registered per agent (sip.maxContactsPerAgent)`;
      this.log(`REGISTER for ${verdict.username} refused: ${why}`);
      res.send(403, 'Too Many Contacts', { headers: { Warning: `399 switchboard "${why}"` } });
      return;
    }
    const from = req.source_address ? { address: req.source_address, port: req.source_port ?? 5060, protocol: req.protocol ?? null } : null;
    const events = allowedEvents(req.get('Allow-Events'));
    const before = this.bindings.current(agent.number);
    // Every address asked for is kept with its own expiry, and the last one added is the one rung (bindings.ts).
    for (const ask of asks) {
      if (ask.expires === 0) this.bindings.remove(agent.number, ask.uri);
      else this.bindings.set(agent.number, { uri: ask.uri, route: natRoute(ask.uri, from), events }, Math.min(ask.expires, MAX_EXPIRES));
    }
    // Past the bound the oldest go, as Asterisk's remove_existing does: RFC 3261 10.3 lets a registrar keep less
    // than asked, and the 200 below lists only what is kept, which is how the phones learn of it.
    const dropped = this.bindings.keepNewest(agent.number, this.maxContacts);
    if (dropped.length > 0) {
      this.log(
        `deskphone of agent ${agent.number}: ${dropped.length === 1 ? 'oldest address' : `${dropped.length} oldest addresses`} removed ` +
          `(${dropped.map((b) => b.uri).join(', ')}) to keep ${this.maxContacts} (sip.maxContactsPerAgent)`,
      );
    }
    this.changed(agent.number, before, 'unregistered', asks.some((a) => a.expires > 0));
    res.send(200, { headers: this.bindingHeaders(agent.number) });
  }

  stop(): void {
    this.bindings.clear();
    this.floodRefusals.close();
    this.wrongCredentials.close();
  }

  /**
   * Say what a change of bindings did to the phone calls go to: registered (again, or at another address), or
   * gone, `why`, falling back to the static URI if there is one. `refreshed`: a REGISTER renewed or added an
   * address, which the agent's phone state hears of even when the address rung is the same.
   */
  private changed(agent: string, before: Binding | null, why: string, refreshed = false): void {
    const now = this.bindings.current(agent);
    if (now) {
      if (!before || before.uri !== now.uri || before.route !== now.route) {
        const where = now.route ? `${now.uri}, reached at ${now.route} where it registered from (behind NAT)` : now.uri;
        const seconds = Math.round((now.expiresAt - this.clock.now()) / 1000);
        this.log(`deskphone of agent ${agent} registered at ${where} for ${seconds} s`);
      }
      if (refreshed || before !== now) this.report(agent, true, now.uri);
      return;
    }
    if (!before) return;
    this.log(`deskphone of agent ${agent}: ${why}`);
    const fallback = this.agents.find((a) => a.number === agent)?.sip?.uri;
    if (fallback) this.report(agent, true, `static URI ${fallback}`);
    else this.report(agent, false, why);
  }

  /** The 200 OK lists every current binding with the seconds it has left (RFC 3261 10.3 step 8). */
  private bindingHeaders(agent: string): Record<string, string> {
    const live = this.bindings.live(agent);
    const current = live.at(-1);
    if (!current) return {};
    const left = (b: Binding) => Math.max(0, Math.round((b.expiresAt - this.clock.now()) / 1000));
    return { Contact: live.map((b) => `<${b.uri}>;expires=${left(b)}`).join(', '), Expires: String(left(current)) };
  }

  private passwordOf(username: string): string | null {
    const agent = this.agents.find((a) => a.sip?.username === username);
    return agent?.sip?.password ?? null;
  }
}

/** `*` (remove every binding) among addresses in one Contact header. */
function starWithOthers(header: string): boolean {
  const entries = header.split(',').map((e) => e.trim());
  return entries.length > 1 && entries.includes('*');
}

function headerNumber(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value);
}
