import type { Audience } from '../protocol/audience.js';
import { CountByKey } from '../limits/count-by-key.js';

/** Most contacts one panel may have on screen at once (a page of the list, a card, a merge). */
export const MAX_WATCHED = 100;

/**
 * Which agents have which contacts on screen. A panel says so
 * (contacts.watch) whenever what it shows changes; a change to a contact is
 * then sent to those agents only, never to every panel: the directory may
 * hold 100,000 contacts. Kept in memory per panel (its session token's
 * digest), like a subscription: after a server restart panels say it again
 * when they reconnect.
 */
export class ContactWatchers {
  private readonly byPanel = new Map<string, { agent: string; ids: Set<string> }>();
  /** The agents that have each contact on screen, each with how many of their panels do. */
  private readonly byContact = new Map<string, CountByKey<string>>();

  /** What this panel shows now, in place of what it showed before. */
  watch(panel: string, agent: string, ids: string[]): number {
    this.forget(panel);
    const unique = new Set(ids.slice(0, MAX_WATCHED));
    if (unique.size === 0) return 0;
    this.byPanel.set(panel, { agent, ids: unique });
    for (const id of unique) {
      const agents = this.byContact.get(id) ?? new CountByKey<string>();
      agents.add(agent);
      this.byContact.set(id, agents);
    }
    return unique.size;
  }

  /** A panel that is gone (its session ended). */
  forget(panel: string): void {
    const before = this.byPanel.get(panel);
    if (!before) return;
    this.byPanel.delete(panel);
    for (const id of before.ids) {
      const agents = this.byContact.get(id);
      if (!agents) continue;
      agents.remove(before.agent);
      if (agents.size === 0) this.byContact.delete(id);
    }
  }

  /** Panels (by key) whose owner is no longer there, so `forget` can drop them. */
  panels(): string[] {
    return [...this.byPanel.keys()];
  }

  /** Who is told of a change to these contacts: the agents that have any of them on screen. */
  audience(...ids: string[]): Audience {
    const agents = new Set<string>();
    for (const id of ids) for (const agent of this.byContact.get(id)?.keys() ?? []) agents.add(agent);
    return agents.size > 0 ? { agents: [...agents] } : {};
  }
}
