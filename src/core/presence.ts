/**
 * Which logged-in agents have no panel connected, and since when: the
 * gateway says when an agent's last connection closes (and, at start, that
 * nobody is connected); a login or resume of the session says they are back.
 * Kept in memory, not in the agent entity: a panel dropping and resuming is
 * common and must not cost an event to everybody, and after a restart the
 * server tells again who is not there.
 */
export class Presence {
  private readonly lost = new Map<string, number>();

  /** When the agent's last panel went, or null while one is connected. */
  lostSince(agent: string): number | null {
    return this.lost.get(agent) ?? null;
  }

  /** The agent's last panel went at `at` (kept if they were already gone). */
  lose(agent: string, at: number): number {
    const since = this.lost.get(agent) ?? at;
    this.lost.set(agent, since);
    return since;
  }

  /** A panel of the agent is connected again. */
  back(agent: string): void {
    this.lost.delete(agent);
  }
}
