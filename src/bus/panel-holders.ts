/**
 * Which gateways hold a panel of which agent, and how many logged-in sockets
 * each, as the active core learns it: a login or resume through a gateway,
 * the gateway's word of its count after each change and that an agent's last
 * panel on it closed, its heartbeat. A gateway that falls silent is taken for
 * dead, and its agents with no panel on any other gateway count as
 * disconnected (their grace starts), as when a socket closes.
 */
export class PanelHolders {
  /** agent -> the gateways holding a panel of theirs -> how many sockets (the gateway's last word). */
  private readonly holders = new Map<string, Map<string, number>>();
  /** gateway -> when it was last heard from. */
  private readonly heard = new Map<string, number>();

  constructor(private readonly silentMs: number) {}

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

  /** The gateway's word: it holds `sockets` logged-in sockets of the agent now (0: none; its word that they are gone follows). */
  counts(gateway: string, agent: string, sockets: number): void {
    if (sockets > 0) this.gatewaysOf(agent).set(gateway, sockets);
    else this.holders.get(agent)?.delete(gateway);
  }

  /** The agent's logged-in sockets over every gateway, as they last said. */
  socketsOf(agent: string): number {
    let sum = 0;
    for (const n of this.holders.get(agent)?.values() ?? []) sum += n;
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

  /** Forget gateways silent for silentMs; the agents they leave with no panel anywhere. */
  silent(now: number): { gateways: string[]; agents: string[] } {
    const dead = [...this.heard].filter(([, at]) => now - at >= this.silentMs).map(([g]) => g);
    if (dead.length === 0) return { gateways: [], agents: [] };
    for (const g of dead) this.heard.delete(g);
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
