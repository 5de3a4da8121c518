import type { Clock } from './clock.js';
import type { Principal } from './context.js';
import { dayKey } from './dialer/local-time.js';
import type { ConversationIndex } from './messaging/index.js';
import type { EventStore, StoredEvent } from './ports/store.js';
import { canSee } from './protocol/audience.js';
import type { Catalog } from './protocol/catalog.js';
import { audienceOf, SNAPSHOT_KINDS, STREAM_KINDS, type SnapshotKind } from './protocol/entities.js';
import type { Config } from './config/schema.js';
import { currentOf, defaultTopics } from './live.js';
import type { EntityTypes, Message } from './protocol/model.js';
import type { Snapshot } from './protocol/snapshot.js';
import type { State } from './state/state.js';

/** A client further behind than this gets a fresh snapshot instead of a replay. */
const MAX_REPLAY = 5_000;

/** What a snapshot is read from: the engine's state and log, as they are now. */
export interface SnapshotSource {
  state: State;
  store: EventStore;
  clock: Clock;
  catalog: Catalog;
  conversations: ConversationIndex;
  config: Config;
}

/**
 * The login snapshot for one principal: what the first screen needs, and
 * small however large the centre (docs/architecture.md, "Small snapshots").
 * Every entity of a snapshot kind (the entity table's reach) they may see,
 * but for the kinds whose rule is their own. Streams (queue figures and
 * waiting previews, metrics) are those the panel follows by default
 * (live.ts), today's metrics only. Conversations are the agent's own, live
 * ones and the closed ones still on My Chats (a supervisor's too: others'
 * are read by page, conversations.list), each with its last message only: a
 * conversation's log is read when it is opened (conversation.messages).
 */
export function snapshotFor(source: SnapshotSource, principal: Principal): Snapshot {
  const { state } = source;
  const today = dayKey(source.config.center.timeZone, source.clock.now());
  const followed = new Map<string, unknown[]>();
  for (const topic of defaultTopics(source.config, state, principal)) {
    const current = currentOf(state, topic, today);
    if (current) followed.set(current.kind, [...(followed.get(current.kind) ?? []), current.value]);
  }
  const visible = <K extends SnapshotKind>(kind: K): EntityTypes[K][] =>
    STREAM_KINDS.has(kind) ? ((followed.get(kind) ?? []) as EntityTypes[K][]) : [...state.all(kind)].filter((e) => canSee(audienceOf(kind, e), principal));
  const conversations = source.conversations.onMyChats(principal.agent).map((id) => state.get('conversation', id)!);
  const messages: Message[] = [];
  for (const c of conversations) {
    if (c.status === 'closed') continue;
    const last = source.conversations.messageIds(c.id).at(-1);
    if (last) messages.push(state.get('message', last)!);
  }
  const chosen: { [K in SnapshotKind]?: EntityTypes[K][] } = {
    conversation: conversations,
    message: messages,
  };
  const entities = {} as Snapshot['entities'];
  for (const kind of SNAPSHOT_KINDS) (entities as Record<SnapshotKind, unknown[]>)[kind] = chosen[kind] ?? visible(kind);
  return {
    seq: source.store.lastSeq(),
    serverTime: source.clock.now(),
    me: principal.agent,
    catalog: source.catalog,
    entities,
  };
}

/** Events after `lastSeq` this principal may see, or null when a snapshot is due instead. */
export function replayFor(store: EventStore, principal: Principal, lastSeq: number): StoredEvent[] | null {
  const last = store.lastSeq();
  // 0 means a client that has nothing yet; ahead of us means a different data set.
  if (lastSeq === 0 || lastSeq > last) return null;
  if (last - lastSeq > MAX_REPLAY || lastSeq + 1 < store.firstSeq()) return null;
  return store.eventsAfter(lastSeq, MAX_REPLAY).filter((e) => canSee(e.audience, principal));
}
