/**
 * Which gateways hold a panel of which agent, as the active core learns it:
 * a login or resume through a gateway, the gateway's word that an agent's
 * last panel on it closed, its heartbeat. A gateway that falls silent is
 * taken for dead, and its agents with no panel on any other gateway count
 * as disconnected (their grace starts), as when a socket closes.
 */
export class PanelHolders {
  /** agent -> the gateways holding a panel of theirs. */
  private readonly holders = new Map<string, Set<string>>();
  /** gateway -> when it was last heard from. */
  private readonly heard = new Map<string, number>();

  constructor(private readonly silentMs: number) {}

  heardFrom(gateway: string, now: number): void {
    this.heard.set(gateway, now);
  }

  /** A panel of the agent logged in or resumed through the gateway. */
  holds(gateway: string, agent: string, now: number): void {
    let set = this.holders.get(agent);
    if (!set) this.holders.set(agent, (set = new Set()));
    set.add(gateway);
    if (!this.heard.has(gateway)) this.heard.set(gateway, now);
  }

  /** The agent's last panel on the gateway closed; true when no gateway holds one any more. */
  letGo(gateway: string, agent: string): boolean {
    const set = this.holders.get(agent);
    set?.delete(gateway);
    if (set && set.size > 0) return false;
    this.holders.delete(agent);
    return true;
  }

  /** Forget gateways silent for silentMs; the agents they leave with no panel anywhere. */
  silent(now: number): { gateways: string[]; agents: string[] } {
    const dead = [...this.heard].filter(([, at]) => now - at >= this.silentMs).map(([g]) => g);
    if (dead.length === 0) return { gateways: [], agents: [] };
    for (const g of dead) this.heard.delete(g);
    const agents: string[] = [];
    for (const [agent, set] of this.holders) {
      for (const g of dead) set.delete(g);
      if (set.size === 0) {
        this.holders.delete(agent);
        agents.push(agent);
      }
    }
    return { gateways: dead, agents };
  }
}
