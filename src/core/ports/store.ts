import type { Audience } from '../protocol/audience.js';
import type { EntityChange } from '../protocol/events.js';
import type { EntityKind } from '../protocol/model.js';

/** An event as kept in the log, numbered by the store in commit order. */
export interface StoredEvent {
  seq: number;
  ev: string;
  at: number;
  data: Record<string, unknown>;
  audience: Audience;
}

export type NewEvent = Omit<StoredEvent, 'seq'>;

/**
 * The first answer to a command id, kept so a retried id gets it again. Only
 * commands of a logged-in agent are kept, and only that agent (`actor`) is
 * given the answer again, for the same command with the same arguments (`cmd`).
 */
export interface CommandRecord {
  id: string;
  actor: string;
  /** The command's name and a digest of its arguments (command-signature.ts); older records hold the name alone, or ''. */
  cmd: string;
  response: unknown;
  at: number;
}

/** One transaction's share of a commit: its events, the entity changes it made and the command's answer. */
export interface CommitUnit {
  events: NewEvent[];
  changes: EntityChange[];
  command?: CommandRecord;
}

/** Stored entities read by id: the state's recent kinds that are no longer in memory (State). */
export interface StoredEntities {
  /** The committed entity, or undefined. */
  entity(kind: EntityKind, key: string): unknown;
  /** Every committed entity of a kind, [key, value] (for comparing states in tests). */
  entities(kind: EntityKind): Iterable<[string, unknown]>;
}

/**
 * Persistence port. `commit` is atomic: every unit's events, entity changes
 * and command answer are all stored, in one durable transaction (one fsync
 * for transactions that arrived together), or none is.
 */
export interface EventStore extends StoredEntities {
  loadEntities(): Iterable<EntityChange>;
  lastSeq(): number;
  /** Oldest seq still in the log (older events were pruned), or lastSeq + 1 when empty. */
  firstSeq(): number;
  /** The units' events numbered in order; throws (and stores nothing) when the commit fails. */
  commit(units: CommitUnit[]): StoredEvent[];
  eventsAfter(seq: number, limit: number): StoredEvent[];
  findCommand(id: string): CommandRecord | undefined;
  /** Every event in order, for rebuilding state from the log alone. */
  allEvents(): Iterable<StoredEvent>;
  close(): void;
}
