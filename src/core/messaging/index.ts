import type { Config } from '../config/schema.js';
import type { Conversation } from '../protocol/model.js';
import type { State } from '../state/state.js';

const ACTIVE = new Set(['open', 'waiting', 'solved']);

/**
 * Indexes the assignment needs on every change, kept in step with the state:
 * each agent's active conversations per channel (workload), the unassigned
 * conversations of each queue in the order they came, and each conversation's
 * messages.
 */
export class ConversationIndex {
  private readonly active = new Map<string, Map<string, Set<string>>>();
  private readonly unassigned = new Map<string, Map<string, number>>();
  /** Each queue's unassigned ids in order, kept until the queue's unassigned set changes. */
  private readonly unassignedOrder = new Map<string, string[]>();
  private readonly messages = new Map<string, string[]>();
  private readonly lastAssigned = new Map<string, number>();
  private readonly activeByQueue = new Map<string, Set<string>>();
  /** Each agent's conversations on My Chats: going on, or closed by someone else and not hidden by them. */
  private readonly myChats = new Map<string, Set<string>>();

  constructor(state: State, config: Config) {
    for (const q of config.messagingQueues) this.unassigned.set(q.id, new Map());
    state.observe((kind, prev, next) => {
      if (kind === 'conversation') this.index(prev as Conversation | null, next as Conversation | null);
      else if (kind === 'message' && !prev && next) {
        const m = next as { id: string; conversation: string };
        const list = this.messages.get(m.conversation) ?? [];
        list.push(m.id);
        this.messages.set(m.conversation, list);
      } else if (kind === 'message' && prev && !next) {
        // A rolled-back message.
        const m = prev as { id: string; conversation: string };
        this.messages.set(m.conversation, (this.messages.get(m.conversation) ?? []).filter((id) => id !== m.id));
      }
    });
  }

  /** Active conversations of an agent on a channel. */
  activeOn(agent: string, channel: string): number {
    return this.active.get(agent)?.get(channel)?.size ?? 0;
  }

  activeOf(agent: string): Map<string, Set<string>> {
    return this.active.get(agent) ?? new Map();
  }

  /** Unassigned conversation ids of a queue, oldest first (sorted again only after the queue's set changed). */
  unassignedIn(queue: string): readonly string[] {
    let order = this.unassignedOrder.get(queue);
    if (!order) {
      order = [...(this.unassigned.get(queue)?.entries() ?? [])].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
      this.unassignedOrder.set(queue, order);
    }
    return order;
  }

  /** How many conversations wait unassigned in a queue. */
  unassignedCount(queue: string): number {
    return this.unassigned.get(queue)?.size ?? 0;
  }

  /** Assigned, not yet closed conversations of a queue. */
  activeInQueue(queue: string): number {
    return this.activeByQueue.get(queue)?.size ?? 0;
  }

  anyUnassigned(): boolean {
    for (const m of this.unassigned.values()) if (m.size > 0) return true;
    return false;
  }

  /** When the agent was last given a conversation (ties in assignment go to the one idle longest). */
  lastAssignedAt(agent: string): number {
    return this.lastAssigned.get(agent) ?? -Infinity;
  }

  /** The agent's conversations on My Chats (the login snapshot's). */
  onMyChats(agent: string): string[] {
    return [...(this.myChats.get(agent) ?? [])];
  }

  messageIds(conversation: string): string[] {
    return this.messages.get(conversation) ?? [];
  }

  private index(prev: Conversation | null, next: Conversation | null): void {
    if (prev) {
      this.active.get(prev.agent ?? '')?.get(prev.channel)?.delete(prev.id);
      if (this.unassigned.get(prev.queue)?.delete(prev.id)) this.unassignedOrder.delete(prev.queue);
      this.activeByQueue.get(prev.queue)?.delete(prev.id);
      this.myChats.get(prev.agent ?? '')?.delete(prev.id);
    }
    if (!next) return;
    if (next.agent && (next.status !== 'closed' || (next.closedBy?.kind !== 'agent' && !next.hiddenBy.includes(next.agent)))) {
      const mine = this.myChats.get(next.agent) ?? new Set<string>();
      mine.add(next.id);
      this.myChats.set(next.agent, mine);
    }
    if (next.agent && next.assignedAt !== null && next.assignedAt > (this.lastAssigned.get(next.agent) ?? -Infinity))
      this.lastAssigned.set(next.agent, next.assignedAt);
    if (next.agent && ACTIVE.has(next.status)) {
      const byChannel = this.active.get(next.agent) ?? new Map<string, Set<string>>();
      const set = byChannel.get(next.channel) ?? new Set<string>();
      set.add(next.id);
      byChannel.set(next.channel, set);
      this.active.set(next.agent, byChannel);
      const inQueue = this.activeByQueue.get(next.queue) ?? new Set<string>();
      inQueue.add(next.id);
      this.activeByQueue.set(next.queue, inQueue);
    }
    if (!next.agent && (next.status === 'open' || next.status === 'waiting')) {
      this.unassigned.get(next.queue)?.set(next.id, next.createdAt);
      this.unassignedOrder.delete(next.queue);
    }
  }
}
