import type { Catalog } from '../core/protocol/catalog.js';
import { CLIENT_KINDS, type ClientKind } from '../core/protocol/entities.js';
import { ENTITY_EVENTS, type EventFrame } from '../core/protocol/events.js';
import type { Agent, EntityTypes, Message } from '../core/protocol/model.js';
import type { Snapshot } from '../core/protocol/snapshot.js';

type Kinds = { [K in ClientKind]: EntityTypes[K] };

/**
 * What the client knows: the catalog from the login snapshot and the latest
 * version of every entity it may see. Events are plain upserts (each carries
 * the whole entity), applied once each by sequence number.
 */
export class ClientStore {
  catalog: Catalog | null = null;
  me: string | null = null;
  lastSeq = 0;
  /** Server clock minus local clock, so timers agree with the server. */
  clockOffsetMs = 0;
  version = 0;
  /** One map per kind the entity table gives a client slot. */
  private readonly maps = Object.fromEntries(CLIENT_KINDS.map((k) => [k, new Map()])) as { [K in ClientKind]: Map<string, Kinds[K]> };
  private readonly listeners = new Set<() => void>();
  private notifyQueued = false;

  loadSnapshot(snapshot: Snapshot, localNow = Date.now()): void {
    this.catalog = snapshot.catalog;
    this.me = snapshot.me;
    this.lastSeq = snapshot.seq;
    this.clockOffsetMs = snapshot.serverTime - localNow;
    for (const kind of CLIENT_KINDS) {
      this.maps[kind].clear();
      const entities = (snapshot.entities as Partial<Record<ClientKind, Array<{ id: string }>>>)[kind] ?? [];
      for (const entity of entities) this.maps[kind].set(entity.id, entity as never);
    }
    this.changed();
  }

  /** Apply one event; returns false when it was already applied. */
  applyEvent(frame: EventFrame): boolean {
    if (frame.seq <= this.lastSeq) return false;
    this.lastSeq = frame.seq;
    const spec = ENTITY_EVENTS.get(frame.ev);
    if (frame.ev === 'message.created' && (frame.data.message as { author?: string }).author === 'customer') {
      // The customer sent what they were typing: the sneak peek is over.
      this.typing.delete(String((frame.data.message as { conversation: string }).conversation));
    }
    // A colleague's message arrived: they are done typing it.
    if (frame.ev === 'agentChat.updated') {
      const last = (frame.data.chat as { messages?: Array<{ from: string }> }).messages?.at(-1);
      if (last) this.agentsTyping.delete(last.from);
    }
    // The server's configuration changed while it runs (agents' queues, campaigns, capacity).
    if (frame.ev === 'catalog.updated') this.catalog = frame.data.catalog as Catalog;
    if (spec && spec.kind in this.maps) {
      const map = this.maps[spec.kind as ClientKind] as Map<string, unknown>;
      if (spec.removed) map.delete(String(frame.data[spec.field]));
      else {
        const entity = frame.data[spec.field] as { id: string };
        map.set(entity.id, entity);
      }
    }
    this.changed();
    return true;
  }

  /** The customer's live draft per conversation (sneak peek), and whether the agent side is typing. */
  readonly typing = new Map<string, { text: string; at: number }>();

  /** Colleagues writing to this agent now (agentchat.typing), by agent number: when they last said so. */
  readonly agentsTyping = new Map<string, number>();

  applyPassing(frame: { ev: string; data: Record<string, unknown> }): void {
    if (frame.ev === 'agentChat.typing') {
      const from = String(frame.data.from);
      if (frame.data.typing === true) this.agentsTyping.set(from, Date.now());
      else this.agentsTyping.delete(from);
      this.changed();
      return;
    }
    if (frame.ev !== 'conversation.typing' || frame.data.who !== 'customer') return;
    const id = String(frame.data.conversation);
    const text = String(frame.data.text ?? '');
    if (text) this.typing.set(id, { text, at: Date.now() });
    else this.typing.delete(id);
    this.changed();
  }

  get<K extends ClientKind>(kind: K, id: string): Kinds[K] | undefined {
    return this.maps[kind].get(id);
  }

  list<K extends ClientKind>(kind: K): Kinds[K][] {
    return [...this.maps[kind].values()];
  }

  /** Messages by conversation, in arrival order: built again only after the store changed, not once per lookup. */
  messagesByConversation(): ReadonlyMap<string, Message[]> {
    if (this.messageIndex?.version !== this.version) {
      const map = new Map<string, Message[]>();
      for (const m of this.maps.message.values()) {
        const list = map.get(m.conversation);
        if (list) list.push(m);
        else map.set(m.conversation, [m]);
      }
      this.messageIndex = { version: this.version, map };
    }
    return this.messageIndex.map;
  }
  private messageIndex: { version: number; map: Map<string, Message[]> } | null = null;

  myAgent(): Agent | undefined {
    return this.me ? this.maps.agent.get(this.me) : undefined;
  }

  /** Now, on the server's clock. */
  serverNow(localNow = Date.now()): number {
    return localNow + this.clockOffsetMs;
  }

  clear(): void {
    this.catalog = null;
    this.me = null;
    this.lastSeq = 0;
    for (const map of Object.values(this.maps)) map.clear();
    this.changed();
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    this.version++;
    // A burst of events makes one notification, not one per event.
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      for (const fn of this.listeners) fn();
    });
  }
}
