/**
 * Which gateways hold a panel of which agent, and how many logged-in sockets
 * each, as the active core learns it: a login or resume through a gateway,
 * the gateway's word of its count after each change and that an agent's last
 * panel on it closed, its heartbeat. A gateway that falls silent is taken for
 * dead, and its agents with no panel on any other gateway count as
 * disconnected (their grace starts), as when a socket closes.
 *
 * A login or resume let in holds a reserved place from the moment the core
 * lets it in until the gateway's count that includes it comes back (the word
 * settles the reservation by its ticket): logins through several gateways at
 * once each see the places the others took, so together they stay within
 * the bound. A place has no clock while the core runs its command (a slow
 * store, a core just taken over: the core's own answer frees or keeps it);
 * once answered, it lasts as long as its gateway may take to settle it,
 * which the gateway says in its request (its wait on the core and its hold
 * of an answer), and is dropped after that: the answer was lost. A gateway
 * that gave up waiting for the answer says so, and its place goes at once.
 */
/**
 * How long a ticket given up is remembered: longer than a command waits in a
 * busy core's queue, short enough that the tickets of a storm of timeouts do not pile up.
 */
const GIVEN_UP_KEPT_MS = 120_000;

export class PanelHolders {
  /** agent -> the gateways holding a panel of theirs -> how many sockets (the gateway's last word). */
  private readonly holders = new Map<string, Map<string, number>>();
  /** gateway -> when it was last heard from. */
  private readonly heard = new Map<string, number>();
  /** ticket of a login or resume let in -> the socket it will be, until its gateway's count includes it. */
  private readonly reserved = new Map<string, { gateway: string; agent: string; until: number }>();
  /**
   * ticket -> when to forget it: logins and resumes their gateway gave up on.
   * Its word may reach the core before the command does (a resume reserves
   * only once its token is proven), so the ticket is kept to take no place then.
   */
  private readonly givenUp = new Map<string, number>();

  /** `own`: the core's own listener, counted as a gateway that never falls silent. */
  constructor(
    private readonly silentMs: number,
    private readonly own: string | null = null,
  ) {}

  /** A place for the socket a login or resume (its ticket) will be, on that gateway: held until the core answers. */
  reserve(ticket: string, gateway: string, agent: string): void {
    if (!this.givenUp.has(ticket)) this.reserved.set(ticket, { gateway, agent, until: Infinity });
  }

  /** The core let the login or resume in: its gateway settles the place by `until`, or it is dropped then. */
  answered(ticket: string, until: number): void {
    const place = this.reserved.get(ticket);
    if (place) place.until = until;
  }

  isReserved(ticket: string): boolean {
    return this.reserved.has(ticket);
  }

  /** The gateway counts the socket now (or it never came: refused, closed meanwhile): its place is free. */
  settle(ticket: string): void {
    this.reserved.delete(ticket);
  }

  /** The gateway gave up on the login or resume: no socket there will hold its place, now or when the core answers. */
  giveUp(ticket: string, now: number): void {
    this.reserved.delete(ticket);
    this.givenUp.set(ticket, now + GIVEN_UP_KEPT_MS);
  }

  wasGivenUp(ticket: string): boolean {
    return this.givenUp.has(ticket);
  }

  heardFrom(gateway: string, now: number): void {
    this.heard.set(gateway, now);
  }

  /**
   * A panel of the agent logged in or resumed through the gateway: at least
   * one socket there until the gateway's own count comes (just after).
   */
  holds(gateway: string, agent: string, now: number): void {
    const counts = this.gatewaysOf(agent);
    counts.set(gateway, Math.max(1, counts.get(gateway) ?? 0));
    if (!this.heard.has(gateway)) this.heard.set(gateway, now);
  }

  /**
   * A socket of the agent more on the gateway, which never settles a place
   * (a gateway older than the reservations): counted on top of its last word
   * until its next word, which includes it, says how many.
   */
  joins(gateway: string, agent: string, now: number): void {
    const counts = this.gatewaysOf(agent);
    counts.set(gateway, (counts.get(gateway) ?? 0) + 1);
    if (!this.heard.has(gateway)) this.heard.set(gateway, now);
  }

  /** The gateway's word: it holds `sockets` logged-in sockets of the agent now (0: none; its word that they are gone follows). */
  counts(gateway: string, agent: string, sockets: number): void {
    if (sockets > 0) this.gatewaysOf(agent).set(gateway, sockets);
    else this.holders.get(agent)?.delete(gateway);
  }

  /** The agent's logged-in sockets over every gateway, as they last said, and the places reserved (but `except`'s). */
  socketsOf(agent: string, except?: string): number {
    let sum = 0;
    for (const n of this.holders.get(agent)?.values() ?? []) sum += n;
    for (const [ticket, place] of this.reserved) if (place.agent === agent && ticket !== except) sum++;
    return sum;
  }

  /** The agent's last panel on the gateway closed; true when no gateway holds one any more. */
  letGo(gateway: string, agent: string): boolean {
    const counts = this.holders.get(agent);
    counts?.delete(gateway);
    if (counts && counts.size > 0) return false;
    this.holders.delete(agent);
    return true;
  }

  /** Forget gateways silent for silentMs, and places not settled in time; the agents they leave with no panel anywhere. */
  silent(now: number): { gateways: string[]; agents: string[] } {
    // A gateway that never settles a place (its answer lost with the connection) does not keep it for ever.
    for (const [ticket, place] of this.reserved) if (now >= place.until) this.reserved.delete(ticket);
    for (const [ticket, forgetAt] of this.givenUp) if (now >= forgetAt) this.givenUp.delete(ticket);
    const dead = [...this.heard].filter(([g, at]) => g !== this.own && now - at >= this.silentMs).map(([g]) => g);
    if (dead.length === 0) return { gateways: [], agents: [] };
    for (const g of dead) this.heard.delete(g);
    for (const [ticket, place] of this.reserved) if (dead.includes(place.gateway)) this.reserved.delete(ticket);
    const agents: string[] = [];
    for (const [agent, counts] of this.holders) {
      for (const g of dead) counts.delete(g);
      if (counts.size === 0) {
        this.holders.delete(agent);
        agents.push(agent);
      }
    }
    return { gateways: dead, agents };
  }

  private gatewaysOf(agent: string): Map<string, number> {
    let counts = this.holders.get(agent);
    if (!counts) this.holders.set(agent, (counts = new Map()));
    return counts;
  }
}
