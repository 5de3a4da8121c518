import type { Catalog, CatalogAgent } from '../core/protocol/catalog.js';
import { CLIENT_KINDS, type ClientKind } from '../core/protocol/entities.js';
import { entityChangeOf, ENTITY_EVENTS, type EventFrame } from '../core/protocol/events.js';
import type { LiveUpdate } from '../core/protocol/live.js';
import type { Agent, EntityTypes, Message, WaitingPreview } from '../core/protocol/model.js';
import type { RosterAnswer, StatsAnswer } from '../core/protocol/results.js';
import type { Snapshot } from '../core/protocol/snapshot.js';

type Kinds = { [K in ClientKind]: EntityTypes[K] };

/**
 * What the client knows: the catalog from the login snapshot and the latest
 * version of every entity it may see. Events are plain upserts (each carries
 * the whole entity), applied once each by sequence number.
 */
export class ClientStore {
  /**
   * The server's catalog as this panel has it: its own directory row, and the
   * rows of the colleagues it has learned (followed or named on screen).
   */
  catalog: Catalog | null = null;
  /** Colleagues' directory rows learned this session; they outlive a new snapshot (names do not change live). */
  private readonly directory = new Map<string, CatalogAgent>();
  me: string | null = null;
  lastSeq = 0;
  /** Server clock minus local clock, so timers agree with the server. */
  clockOffsetMs = 0;
  version = 0;
  /** One map per kind the entity table gives a client slot. */
  private readonly maps = Object.fromEntries(CLIENT_KINDS.map((k) => [k, new Map()])) as { [K in ClientKind]: Map<string, Kinds[K]> };
  private readonly listeners = new Set<() => void>();
  private notifyQueued = false;

  /**
   * The agents each view follows (roster.subscribe). The store keeps the
   * state of me and of agents some view follows; an agent no view follows any
   * more is dropped, so nothing on screen can show a state that is no longer
   * kept up to date.
   */
  private readonly rosterViews = new Map<string, Set<string>>();

  loadSnapshot(snapshot: Snapshot, localNow = Date.now()): void {
    if (snapshot.me !== this.me) this.directory.clear();
    this.setCatalog(snapshot.catalog);
    this.rosterViews.clear();
    this.me = snapshot.me;
    this.lastSeq = snapshot.seq;
    this.clockOffsetMs = snapshot.serverTime - localNow;
    for (const kind of CLIENT_KINDS) {
      this.maps[kind].clear();
      const entities = (snapshot.entities as Partial<Record<ClientKind, Array<{ id: string }>>>)[kind] ?? [];
      for (const entity of entities) this.maps[kind].set(entity.id, entity as never);
    }
    for (const preview of this.maps.mqueueWaiting.values()) this.showWaiting(preview);
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
    // The server's configuration changed while it runs (agents' queues, campaigns, capacity); the
    // panel follows its views again for the colleagues' rows (AgentClient).
    if (frame.ev === 'catalog.updated') this.setCatalog(frame.data.catalog as Catalog);
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

  /**
   * A live batch: the latest figures and colleagues' states the panel follows
   * (no sequence number: never replayed). An agent no view follows any more
   * is left out (a batch may cross an unsubscribe on the wire).
   */
  applyLive(updates: readonly LiveUpdate[]): void {
    for (const u of updates) {
      const change = entityChangeOf(u.ev, u.data);
      if (!change || !change.value || !(change.kind in this.maps)) continue;
      if (change.kind === 'agent' && change.key !== this.me && !this.followed(change.key)) continue;
      (this.maps[change.kind as ClientKind] as Map<string, unknown>).set(change.key, change.value);
      if (change.kind === 'mqueueWaiting') this.showWaiting(change.value as WaitingPreview);
    }
    if (updates.length > 0) this.changed();
  }

  /** A roster view's answer: the agents it follows now, as they are, and their directory rows (merged into the catalog). */
  follow(view: string, answer: RosterAnswer): void {
    this.rosterViews.set(view, new Set(answer.agents.map((a) => a.id)));
    for (const a of answer.agents) this.maps.agent.set(a.id, a);
    this.addDirectory(answer.directory);
    this.dropUnfollowed();
    this.changed();
  }

  /** Whether the server has answered this roster view: until then the colleagues it lists are not known (not "nobody"). */
  rosterAnswered(view: string): boolean {
    return this.rosterViews.has(view);
  }

  /** A roster view is gone: agents no other view follows leave the store. */
  unfollow(view: string): void {
    if (!this.rosterViews.delete(view)) return;
    this.dropUnfollowed();
    this.changed();
  }

  /**
   * A queue's waiting preview stands for its unassigned conversations in the
   * store (Unassigned Chats and Emails, opening one; it lists the next few of
   * each channel, and how many wait on each is its countByChannel, read by
   * the desks' counts): those it no longer lists leave
   * (taken by someone, or no longer among the next), those it lists come in,
   * unless the store has heard since that one is assigned (to me).
   */
  private showWaiting(preview: WaitingPreview): void {
    const listed = new Set(preview.conversations.map((c) => c.id));
    for (const [id, c] of this.maps.conversation) {
      if (c.queue === preview.id && c.agent === null && (c.status === 'open' || c.status === 'waiting') && !listed.has(id)) this.maps.conversation.delete(id);
    }
    for (const c of preview.conversations) {
      const known = this.maps.conversation.get(c.id);
      if (!known || known.agent === null) this.maps.conversation.set(c.id, c);
    }
  }

  /** A stats view's answer: the figures as they are now (later changes come in live batches). */
  applyStats(answer: StatsAnswer): void {
    for (const s of answer.queueStats) this.maps.queueStats.set(s.id, s);
    for (const s of answer.mqueueStats) this.maps.mqueueStats.set(s.id, s);
    for (const s of answer.campaignStats) this.maps.campaignStats.set(s.id, s);
    this.changed();
  }

  private followed(id: string): boolean {
    for (const ids of this.rosterViews.values()) if (ids.has(id)) return true;
    return false;
  }

  private dropUnfollowed(): void {
    for (const id of [...this.maps.agent.keys()]) if (id !== this.me && !this.followed(id)) this.maps.agent.delete(id);
  }

  /** An agent's name, from their state or their directory row; undefined while the panel knows neither. */
  agentName(id: string): string | undefined {
    return this.maps.agent.get(id)?.name ?? this.directoryRow(id)?.name;
  }

  /** An agent's directory row (name, configured queues and capacity), when the panel has it. */
  directoryRow(id: string): CatalogAgent | undefined {
    return id === this.me ? this.catalog?.agents.find((a) => a.number === id) : this.directory.get(id);
  }

  /** Colleagues' directory rows join the catalog's agents (a new catalog object, so indexes built on the old one are rebuilt). */
  addDirectory(rows: readonly CatalogAgent[]): void {
    if (rows.length === 0) return;
    for (const row of rows) this.directory.set(row.number, row);
    if (this.catalog) this.setCatalog(this.catalog);
    this.changed();
  }

  /** The colleagues whose directory rows this panel has learned. */
  learnedAgents(): string[] {
    return [...this.directory.keys()];
  }

  /**
   * The rows a new configuration gives: those asked for (`asked`; every row
   * when not given) and not among `rows` are gone from the configuration.
   */
  replaceDirectory(rows: readonly CatalogAgent[], asked?: readonly string[]): void {
    for (const id of asked ?? [...this.directory.keys()]) this.directory.delete(id);
    for (const row of rows) this.directory.set(row.number, row);
    if (this.catalog) this.setCatalog(this.catalog);
    this.changed();
  }

  /** The server's catalog (which has this panel's own row) with the colleagues' rows learned. */
  private setCatalog(catalog: Catalog): void {
    const own = catalog.agents.filter((a) => !this.directory.has(a.number) || a.number === this.me);
    const ownNumbers = new Set(own.map((a) => a.number));
    this.catalog = { ...catalog, agents: [...own, ...[...this.directory.values()].filter((a) => !ownNumbers.has(a.number))] };
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
    this.directory.clear();
    this.rosterViews.clear();
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
