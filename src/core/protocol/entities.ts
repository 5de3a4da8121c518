import { EVERYONE, NOBODY, type Audience } from './audience.js';
import type { Call, CallRecord, Conversation, EntityKind, EntityTypes, Lead } from './model.js';

/**
 * How one kind of entity travels. Every entity event carries the whole entity
 * after the change, so a client store and the server's projection are both
 * plain upserts; this row says under which names.
 */
export interface EntitySpec<K extends EntityKind> {
  /** The event that carries the entity after a change. */
  update: string;
  /** Other events that carry it whole, named by the writer (a message seen is message.updated). */
  also: readonly string[];
  /** The event that says it is gone (`data.id`); null: entities of this kind are never removed. */
  remove: string | null;
  /** Where in the event's `data` the entity is. */
  field: string;
  /**
   * Who is told of a change: computed from the entity when the event is made
   * (and from the entity before it, so whoever saw it learns it changed).
   */
  audience: (entity: EntityTypes[K]) => Audience;
  /**
   * How a panel gets the ones it may see: in the login `snapshot`; `paged`
   * (read a page at a time through a command, events tell of changes);
   * `events` only; or `server` (never sent to anybody).
   */
  reach: 'snapshot' | 'paged' | 'events' | 'server';
  /** The client store keeps them (ClientStore.get / list). */
  clientSlot: boolean;
  /**
   * How changes reach the panels. `false`: as an event in the log, at once,
   * to the audience (replayed on resume). `stream`: never in the log; the
   * latest value reaches the panels that follow it (their own queues' figures,
   * or a subscription) at most once per interval, in the gateway's batch, and
   * a resumed panel gets the current value. `presence`: an event at once to
   * the audience (the agent themself), and a stream to those who subscribed
   * to it (roster.subscribe: the Agents tab, dashboards, transfer dialogs).
   */
  conflated: false | 'stream' | 'presence';
  /**
   * `recent`: the server keeps only the latest changed ones of this kind in
   * memory and reads the others from the store when asked (a centre's
   * messages grow for ever; a shift reads only a few). Unset: all in memory.
   */
  held?: 'recent';
}

/** Every kind with its row: a kind without a row, or a row without a column, does not compile. */
type EntityTable = { readonly [K in EntityKind]: EntitySpec<K> };

/**
 * An assigned conversation is seen by its agent; supervisors see all.
 * Messages follow their conversation. The members of a queue learn of its
 * unassigned conversations from the queue's waiting preview (mqueueWaiting,
 * a stream): a chat waiting or being taken is not news for a hundred panels
 * at once.
 */
export function conversationAudience(c: Conversation): Audience {
  return c.agent ? { agents: [c.agent], supervisors: true } : { supervisors: true };
}

/** A call is seen by the agents it is offered to, its agent, and supervisors. */
function callAudience(call: Call): Audience {
  const agents = new Set(call.offers.map((o) => o.agent));
  if (call.agent) agents.add(call.agent);
  return { agents: [...agents], supervisors: true };
}

/**
 * A lead is seen by the agent it is with and the agent of its personal
 * callback. Not by every supervisor: no screen of theirs lists others' leads,
 * and a list of 50,000 made their login snapshot some 20 MB, more than the
 * gateway lets pile up for a socket, so they could no longer log in.
 */
function leadAudience(lead: Lead): Audience {
  const agents = new Set<string>();
  if (lead.agent) agents.add(lead.agent);
  if (lead.callback?.agent) agents.add(lead.callback.agent);
  // A callback for anyone is for every agent of the campaign (their Callbacks tab).
  const forAnyone = lead.callback !== null && lead.callback.agent === null && !lead.closed;
  return forAnyone ? { agents: [...agents], campaigns: [lead.campaign] } : { agents: [...agents] };
}

/**
 * Who may list a call record is finer (mayViewCall: supervisors of its
 * queue); its event reaches the agent and supervisors, as a closed
 * conversation's does.
 */
function callRecordAudience(record: CallRecord): Audience {
  return { agents: [record.agent], supervisors: true };
}

/** A day's figures (scope in the id): agents see their own and their queues'; supervisors all. */
export function audienceOfScope(scope: string): Audience {
  const [kind, id] = scope.split(':') as [string, string | undefined];
  if (kind === 'agent') return { agents: [id!], supervisors: true };
  if (kind === 'queue') return { queues: [id!], supervisors: true };
  if (kind === 'vqueue') return { all: true };
  return { supervisors: true };
}

const nobody = (): Audience => NOBODY;
const everyone = (): Audience => EVERYONE;

/**
 * The entity kinds: the one place that says how each travels. An agent's
 * state goes to the agent at once and to those who subscribed to it (the
 * Agents tab, the dashboards, transfer dialogs); queues' and campaigns'
 * figures are streams anyone may follow, the panel's own queues' by default;
 * a call is seen by the agent on it and by supervisors; tokens are never sent
 * to anybody. Adding a kind is its type (model.ts EntityTypes), its row here,
 * and the handlers that write it.
 */
export const ENTITIES = {
  agent: { update: 'agent.updated', also: [], remove: null, field: 'agent', audience: (a) => ({ agents: [a.id] }), reach: 'snapshot', clientSlot: true, conflated: 'presence' },
  call: { update: 'call.updated', also: [], remove: 'call.removed', field: 'call', audience: callAudience, reach: 'snapshot', clientSlot: true, conflated: false },
  // Not in the snapshot: Conversations > Closed reads it page by page (conversations.list).
  callRecord: { update: 'callRecord.updated', also: [], remove: null, field: 'record', audience: callRecordAudience, reach: 'paged', clientSlot: false, conflated: false },
  queueStats: { update: 'queue.stats', also: [], remove: null, field: 'stats', audience: everyone, reach: 'snapshot', clientSlot: true, conflated: 'stream' },
  token: { update: 'token.updated', also: [], remove: 'token.removed', field: 'token', audience: nobody, reach: 'server', clientSlot: false, conflated: false },
  alerts: { update: 'alerts.updated', also: [], remove: null, field: 'alerts', audience: (a) => ({ agents: [a.id] }), reach: 'snapshot', clientSlot: true, conflated: false },
  lead: { update: 'lead.updated', also: [], remove: null, field: 'lead', audience: leadAudience, reach: 'snapshot', clientSlot: true, conflated: false },
  dnc: { update: 'dnc.updated', also: [], remove: null, field: 'dnc', audience: () => ({ supervisors: true }), reach: 'events', clientSlot: false, conflated: false },
  campaignStats: { update: 'campaign.stats', also: [], remove: null, field: 'stats', audience: everyone, reach: 'snapshot', clientSlot: true, conflated: 'stream' },
  // The snapshot has the live ones and the closed ones still in My Chats; the rest are read by page.
  conversation: { update: 'conversation.updated', also: [], remove: null, field: 'conversation', audience: conversationAudience, reach: 'snapshot', clientSlot: true, conflated: false },
  // A message's audience is its conversation's: the writer names it. The snapshot has those of live conversations.
  message: { update: 'message.created', also: ['message.updated'], remove: null, field: 'message', audience: nobody, reach: 'snapshot', clientSlot: true, conflated: false, held: 'recent' },
  ban: { update: 'ban.updated', also: [], remove: 'ban.removed', field: 'ban', audience: everyone, reach: 'snapshot', clientSlot: true, conflated: false },
  canned: { update: 'canned.updated', also: [], remove: 'canned.removed', field: 'canned', audience: everyone, reach: 'snapshot', clientSlot: true, conflated: false },
  // What is remembered of a customer for routing returning customers back to their agent.
  customer: { update: 'customer.updated', also: [], remove: null, field: 'customer', audience: nobody, reach: 'server', clientSlot: false, conflated: false },
  // The Contacts directory is read by page (contacts.search); a change reaches only the panels that have the
  // contact on screen (contacts.watch): the writer names them (core/contacts/watchers.ts).
  contact: { update: 'contact.updated', also: [], remove: 'contact.removed', field: 'contact', audience: nobody, reach: 'paged', clientSlot: true, conflated: false },
  file: { update: 'file.updated', also: [], remove: 'file.removed', field: 'file', audience: nobody, reach: 'server', clientSlot: false, conflated: false },
  // The snapshot has today's (in the center's time zone) of the panel's own scopes.
  metrics: { update: 'metrics.updated', also: [], remove: null, field: 'metrics', audience: (m) => audienceOfScope(m.scope), reach: 'snapshot', clientSlot: true, conflated: 'stream' },
  // Counts only: anyone may follow any queue's (the chat transfer dialog lists every queue).
  mqueueStats: { update: 'mqueue.stats', also: [], remove: null, field: 'stats', audience: everyone, reach: 'snapshot', clientSlot: true, conflated: 'stream' },
  // The next few waiting conversations of a queue, for its members and supervisors (Unassigned Chats).
  mqueueWaiting: { update: 'mqueue.waiting', also: [], remove: null, field: 'waiting', audience: (w) => ({ queues: [w.id], supervisors: true }), reach: 'snapshot', clientSlot: true, conflated: 'stream' },
  service: { update: 'service.updated', also: [], remove: null, field: 'service', audience: everyone, reach: 'snapshot', clientSlot: true, conflated: false },
  // The snapshot carries the catalog on its own (Snapshot.catalog); the event brings a changed one.
  catalog: { update: 'catalog.updated', also: [], remove: null, field: 'catalog', audience: everyone, reach: 'events', clientSlot: false, conflated: false },
  agentChat: { update: 'agentChat.updated', also: [], remove: null, field: 'chat', audience: (c) => ({ agents: [...c.members] }), reach: 'snapshot', clientSlot: true, conflated: false },
  // The durable outbox and the provider ids already taken in: the server's own book-keeping. A message shows its delivery.
  outbox: { update: 'outbox.updated', also: [], remove: 'outbox.removed', field: 'item', audience: nobody, reach: 'server', clientSlot: false, conflated: false },
  inboundKey: { update: 'inboundKey.updated', also: [], remove: 'inboundKey.removed', field: 'key', audience: nobody, reach: 'server', clientSlot: false, conflated: false },
  earlyStatus: { update: 'earlyStatus.updated', also: [], remove: 'earlyStatus.removed', field: 'status', audience: nobody, reach: 'server', clientSlot: false, conflated: false },
  // An agent's own email signatures: theirs alone (Settings > Email signatures, the email composer).
  signature: { update: 'signature.updated', also: [], remove: 'signature.removed', field: 'signature', audience: (s) => ({ agents: [s.agent] }), reach: 'snapshot', clientSlot: true, conflated: false },
} as const satisfies EntityTable;

type Row<K extends EntityKind> = (typeof ENTITIES)[K];

/** Every kind, in the table's order. */
export const ENTITY_KINDS = Object.keys(ENTITIES) as EntityKind[];

/** Kinds the login snapshot carries. */
export type SnapshotKind = { [K in EntityKind]: Row<K>['reach'] extends 'snapshot' ? K : never }[EntityKind];
export const SNAPSHOT_KINDS = ENTITY_KINDS.filter((k): k is SnapshotKind => ENTITIES[k].reach === 'snapshot');

/** Kinds the client store keeps. */
export type ClientKind = { [K in EntityKind]: Row<K>['clientSlot'] extends true ? K : never }[EntityKind];
export const CLIENT_KINDS = ENTITY_KINDS.filter((k): k is ClientKind => ENTITIES[k].clientSlot);

// What the snapshot carries must have a place in the client store.
const snapshotKindsHaveSlots: Exclude<SnapshotKind, ClientKind> extends never ? true : false = true;
void snapshotKindsHaveSlots;

/** The events that may carry an entity of this kind whole (the writer may name one of the others). */
export type UpdateEventOf<K extends EntityKind> = Row<K>['update'] | Row<K>['also'][number];

/** The name of every event that carries or removes an entity. */
export type EntityEventName = { [K in EntityKind]: UpdateEventOf<K> | Exclude<Row<K>['remove'], null> }[EntityKind];

/** Kinds whose changes never enter the log: streams, conflated and resumed as their current value. */
export const STREAM_KINDS: ReadonlySet<EntityKind> = new Set(ENTITY_KINDS.filter((k) => ENTITIES[k].conflated === 'stream'));
/** Kinds the server keeps in memory only while recent (see EntitySpec.held). */
export const RECENT_KINDS: ReadonlySet<EntityKind> = new Set(ENTITY_KINDS.filter((k) => (ENTITIES[k] as EntitySpec<EntityKind>).held === 'recent'));
/** Kinds a panel may follow live by stream or presence (the gateway's batches). */
export const LIVE_KINDS: ReadonlySet<EntityKind> = new Set(ENTITY_KINDS.filter((k) => ENTITIES[k].conflated !== false));

/**
 * What a panel follows to get an entity of a live kind: one topic per queue's
 * or campaign's figures and per agent, and per scope for the day metrics (the
 * day is in the id; the topic carries over midnight).
 */
export function liveTopic(kind: EntityKind, entity: { id: string; scope?: string }): string {
  return kind === 'metrics' ? `metrics:${entity.scope}` : `${kind}:${entity.id}`;
}

/** Who is told of a change to this entity (unless the writer names the audience). */
export function audienceOf<K extends EntityKind>(kind: K, entity: EntityTypes[K]): Audience {
  return (ENTITIES[kind].audience as (e: EntityTypes[K]) => Audience)(entity);
}
