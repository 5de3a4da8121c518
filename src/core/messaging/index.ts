import type { Config } from '../config/schema.js';
import type { Conversation, Message } from '../protocol/model.js';
import type { State } from '../state/state.js';
import { UnassignedByChannel } from './unassigned-by-channel.js';
import { UnassignedOrder } from './unassigned-order.js';
import { messageOrderAt } from '../protocol/message-order.js';

const ACTIVE = new Set(['open', 'waiting', 'solved']);

/**
 * Indexes the assignment needs on every change, kept in step with the state:
 * each agent's active conversations per channel (workload), the unassigned
 * conversations of each queue in the order they came, and each conversation's
 * messages.
 */
export class ConversationIndex {
  private readonly active = new Map<string, Map<string, Set<string>>>();
  private readonly unassigned = new Map<string, UnassignedOrder>();
  /** The same, per channel: the desks' waiting previews (Chats, Email). */
  private readonly unassignedOn = new UnassignedByChannel();
  private readonly messages = new Map<string, string[]>();
  private readonly lastAssigned = new Map<string, number>();
  private readonly activeByQueue = new Map<string, Set<string>>();
  /** Each agent's conversations on My Chats: going on, or closed by someone else and not hidden by them. */
  private readonly myChats = new Map<string, Set<string>>();
  /** `<channel>:<provider id>` of messages in and out -> message id: provider callbacks name messages so. */
  private readonly byExternalId = new Map<string, string>();
  /** Each conversation's messages' messageOrderAt, beside their ids in `messages`: where a late one goes. */
  private readonly orderAt = new Map<string, number[]>();
  /** A conversation's thread outside (an email thread, a provider's conversation) -> its latest conversation. */
  private readonly byExternalRef = new Map<string, string>();
  /*
   * What needs all of a conversation's messages, kept here because messages
   * are not all in memory (State): the files they carry, the bytes of those
   * files per conversation, and the messages nobody has marked seen yet.
   */
  /** File id -> `<conversation>\u0000<message>` of the messages that carry it. */
  private readonly carriers = new Map<string, Set<string>>();
  private readonly bytesCarried = new Map<string, number>();
  /** Conversation -> its customer's and agents' messages not yet seen, in the order they came. */
  private readonly unseen = new Map<string, Set<string>>();

  constructor(state: State, config: Config) {
    for (const q of config.messagingQueues) this.unassigned.set(q.id, new UnassignedOrder());
    state.observe((kind, prev, next) => {
      if (kind === 'conversation') this.index(prev as Conversation | null, next as Conversation | null);
      else if (kind === 'message' && !prev && next) {
        const m = next as Message;
        this.placeMessage(m);
        this.indexMessage(null, m);
      } else if (kind === 'message' && prev && !next) {
        // A rolled-back message.
        const m = prev as Message;
        const list = this.messages.get(m.conversation) ?? [];
        const at = list.indexOf(m.id);
        if (at >= 0) {
          list.splice(at, 1);
          this.orderAt.get(m.conversation)?.splice(at, 1);
        }
        this.indexMessage(m, null);
      } else if (kind === 'message') this.indexMessage(prev as Message, next as Message);
    });
  }

  /** Active conversations of an agent on a channel. */
  activeOn(agent: string, channel: string): number {
    return this.active.get(agent)?.get(channel)?.size ?? 0;
  }

  activeOf(agent: string): Map<string, Set<string>> {
    return this.active.get(agent) ?? new Map();
  }

  /** Unassigned conversation ids of a queue, oldest first (assigning while reading is safe). */
  unassignedIn(queue: string): Iterable<string> {
    return this.unassigned.get(queue)?.ids() ?? [];
  }

  /** The oldest `n` unassigned conversation ids of a queue on each channel with any waiting (its waiting preview). */
  firstUnassignedPerChannel(queue: string, n: number): Map<string, string[]> {
    return this.unassignedOn.first(queue, n);
  }

  /** How many conversations wait unassigned in a queue on each channel with any waiting. */
  unassignedCountPerChannel(queue: string): Record<string, number> {
    return this.unassignedOn.counts(queue);
  }

  /** How many conversations wait unassigned in a queue. */
  unassignedCount(queue: string): number {
    return this.unassigned.get(queue)?.size ?? 0;
  }

  /** Assigned, not yet closed conversations of a queue. */
  activeInQueue(queue: string): number {
    return this.activeByQueue.get(queue)?.size ?? 0;
  }

  /** Whether a queue has a conversation waiting for an agent (no list made, no sort). */
  anyUnassignedIn(queue: string): boolean {
    return (this.unassigned.get(queue)?.size ?? 0) > 0;
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

  /** The message a provider knows by this id on this channel. */
  messageByExternalId(channel: string, externalId: string): string | undefined {
    return this.byExternalId.get(`${channel}:${externalId}`);
  }

  /** The latest conversation of a thread outside (see Conversation.externalRef). */
  conversationByRef(ref: string): string | undefined {
    return this.byExternalRef.get(ref);
  }

  /** Conversations whose messages carry the file. */
  conversationsCarrying(fileId: string): string[] {
    const out = new Set<string>();
    for (const key of this.carriers.get(fileId) ?? []) out.add(key.slice(0, key.indexOf('\u0000')));
    return [...out];
  }

  /** Whether any message carries the file (one never sent is swept: sweepUnattached). */
  isAttached(fileId: string): boolean {
    return (this.carriers.get(fileId)?.size ?? 0) > 0;
  }

  /** Bytes of the files a conversation's messages carry. */
  bytesCarriedIn(conversation: string): number {
    return this.bytesCarried.get(conversation) ?? 0;
  }

  /** A conversation's messages (the customer's and agents') nobody has marked seen yet, oldest first. */
  unseenIn(conversation: string): string[] {
    return [...(this.unseen.get(conversation) ?? [])];
  }

  /**
   * A new message goes after every message it was not sent before
   * (messageOrderAt): at the end, but for a customer's older message that
   * came late. Ties keep the order they came in.
   */
  private placeMessage(m: Message): void {
    const list = this.messages.get(m.conversation) ?? [];
    const keys = this.orderAt.get(m.conversation) ?? [];
    const key = messageOrderAt(m);
    let i = list.length;
    while (i > 0 && keys[i - 1]! > key) i--;
    list.splice(i, 0, m.id);
    keys.splice(i, 0, key);
    this.messages.set(m.conversation, list);
    this.orderAt.set(m.conversation, keys);
  }

  private indexMessage(prev: Message | null, next: Message | null): void {
    this.indexExternal(prev, next);
    this.indexFiles(prev, next);
    this.indexUnseen(prev, next);
  }

  private indexUnseen(prev: Message | null, next: Message | null): void {
    const waits = (m: Message | null): m is Message => m !== null && m.seenAt === null && (m.author === 'customer' || m.author === 'agent');
    if (waits(prev) && !(waits(next) && next.conversation === prev.conversation)) {
      const set = this.unseen.get(prev.conversation);
      set?.delete(prev.id);
      if (set?.size === 0) this.unseen.delete(prev.conversation);
    }
    if (waits(next)) {
      const set = this.unseen.get(next.conversation) ?? new Set<string>();
      set.add(next.id);
      this.unseen.set(next.conversation, set);
    }
  }

  private indexFiles(prev: Message | null, next: Message | null): void {
    const carried = (m: Message, sign: number) => {
      const bytes = m.attachments.reduce((sum, a) => sum + a.size, 0);
      if (bytes > 0) this.bytesCarried.set(m.conversation, (this.bytesCarried.get(m.conversation) ?? 0) + sign * bytes);
    };
    if (prev) carried(prev, -1);
    if (next) carried(next, 1);
    for (const a of prev?.attachments ?? []) {
      const set = this.carriers.get(a.id);
      set?.delete(`${prev!.conversation}\u0000${prev!.id}`);
      if (set?.size === 0) this.carriers.delete(a.id);
    }
    for (const a of next?.attachments ?? []) {
      const set = this.carriers.get(a.id) ?? new Set<string>();
      set.add(`${next!.conversation}\u0000${next!.id}`);
      this.carriers.set(a.id, set);
    }
  }

  private indexExternal(prev: Message | null, next: Message | null): void {
    const channelOf = (m: Message) => this.channels.get(m.conversation);
    if (prev?.externalId && prev.externalId !== next?.externalId) this.byExternalId.delete(`${channelOf(prev)}:${prev.externalId}`);
    if (next?.externalId) this.byExternalId.set(`${channelOf(next)}:${next.externalId}`, next.id);
  }

  /** Each conversation's channel, so a message's provider id is read per channel, and when it began. */
  private readonly channels = new Map<string, string>();
  private readonly createdAt = new Map<string, number>();

  private index(prev: Conversation | null, next: Conversation | null): void {
    if (next) this.channels.set(next.id, next.channel);
    if (prev?.externalRef && prev.externalRef !== next?.externalRef && this.byExternalRef.get(prev.externalRef) === prev.id) this.byExternalRef.delete(prev.externalRef);
    if (next?.externalRef) {
      const current = this.byExternalRef.get(next.externalRef);
      // The newest conversation of a thread is the one a reply continues (an older closed one keeps its history).
      if (!current || current === next.id || next.createdAt >= (this.createdAt.get(current) ?? 0)) this.byExternalRef.set(next.externalRef, next.id);
    }
    if (next) this.createdAt.set(next.id, next.createdAt);
    if (prev) {
      this.active.get(prev.agent ?? '')?.get(prev.channel)?.delete(prev.id);
      this.unassigned.get(prev.queue)?.delete(prev.id);
      this.unassignedOn.delete(prev.queue, prev.channel, prev.id);
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
      const order = this.unassigned.get(next.queue);
      // Only configured queues are indexed, so both views hold the same conversations.
      if (order) {
        order.add(next.id, next.createdAt);
        this.unassignedOn.add(next.queue, next.channel, next.id, next.createdAt);
      }
    }
  }
}
