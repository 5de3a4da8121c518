import type { Agent, Call, EntityKind, EntityTypes, QueueStats, TokenRecord } from '../protocol/model.js';
import { ENTITY_KINDS, RECENT_KINDS } from '../protocol/entities.js';
import type { EntityChange } from '../protocol/events.js';
import type { StoredEntities } from '../ports/store.js';

/**
 * The core's in-memory state: the latest version of every entity, by kind and
 * id. It changes only by applying entity changes, which is also how a restart
 * rebuilds it, so live and restored state cannot differ.
 *
 * Kinds the entity table marks `held: 'recent'` (messages) are the exception:
 * only the latest changed `keepRecent` of them stay in memory, and the others
 * are read from the store by id when asked. A centre's messages grow for
 * ever; a shift reads only its own.
 */
export type StateObserver = (kind: EntityKind, prev: unknown, next: unknown) => void;

export interface StateOptions {
  stored: StoredEntities;
  keepRecent: number;
}

/** A recent-kind entity removed in memory whose removal is not committed yet: the store still has it. */
const GONE = Symbol('removed');

export class State {
  private readonly maps = new Map<EntityKind, Map<string, unknown>>(ENTITY_KINDS.map((k) => [k, new Map()]));
  private readonly observers: StateObserver[] = [];
  /** Without a store behind it (a state rebuilt from the log), everything stays in memory. */
  private readonly recent: ReadonlySet<EntityKind>;
  /** Keys of recent kinds marked GONE since the last trim. */
  private readonly gone: Array<{ kind: EntityKind; key: string }> = [];

  constructor(private readonly options?: StateOptions) {
    this.recent = options ? RECENT_KINDS : new Set();
  }

  /** Indexes follow every change (including rollbacks and the load at start). */
  observe(observer: StateObserver): void {
    this.observers.push(observer);
  }

  get<K extends EntityKind>(kind: K, id: string): EntityTypes[K] | undefined {
    const held = this.maps.get(kind)!.get(id);
    if (held === GONE) return undefined;
    if (held !== undefined || !this.recent.has(kind)) return held as EntityTypes[K] | undefined;
    return this.options!.stored.entity(kind, id) as EntityTypes[K] | undefined;
  }

  /** Every entity of a kind held whole in memory (not a recent kind: those are read by id). */
  all<K extends EntityKind>(kind: K): IterableIterator<EntityTypes[K]> {
    this.refuseRecent(kind);
    return this.maps.get(kind)!.values() as IterableIterator<EntityTypes[K]>;
  }

  count(kind: EntityKind): number {
    this.refuseRecent(kind);
    return this.maps.get(kind)!.size;
  }

  /** How many of a kind are in memory now (recent kinds hold only the latest; see trimRecent). */
  held(kind: EntityKind): number {
    return this.maps.get(kind)!.size;
  }

  /** Apply a change and return what it replaced, for rollback. */
  apply(change: EntityChange): unknown {
    return this.put(change, this.get(change.kind, change.key) ?? null);
  }

  /**
   * Load what the store holds, at start. Nothing is read back from the store
   * meanwhile (it is being read), and recent kinds are trimmed as they come.
   */
  load(changes: Iterable<EntityChange>): void {
    for (const change of changes) {
      this.put(change, this.maps.get(change.kind)!.get(change.key) ?? null);
      if (this.recent.has(change.kind) && this.maps.get(change.kind)!.size > 2 * this.options!.keepRecent) this.trimRecent();
    }
    this.trimRecent();
  }

  /**
   * Forget all but the latest `keepRecent` of each recent kind. Call only
   * when every change applied is committed (or undone): what is forgotten is
   * then exactly what the store has.
   */
  trimRecent(): void {
    for (const { kind, key } of this.gone.splice(0)) {
      const map = this.maps.get(kind)!;
      if (map.get(key) === GONE) map.delete(key);
    }
    for (const kind of this.recent) {
      const map = this.maps.get(kind)!;
      // A Map iterates in insertion order and put() re-inserts what changes, so the first are the stalest.
      for (const key of map.keys()) {
        if (map.size <= this.options!.keepRecent) break;
        map.delete(key);
      }
    }
  }

  agent(id: string): Agent | undefined {
    return this.get('agent', id);
  }
  call(id: string): Call | undefined {
    return this.get('call', id);
  }
  stats(queue: string): QueueStats | undefined {
    return this.get('queueStats', queue);
  }
  token(id: string): TokenRecord | undefined {
    return this.get('token', id);
  }

  /** A plain, ordered copy for comparing states (restart tests); recent kinds whole, from the store and memory. */
  dump(): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [kind, map] of this.maps) {
      const all = new Map(this.recent.has(kind) ? this.options!.stored.entities(kind) : []);
      for (const [key, value] of map) {
        if (value === GONE) all.delete(key);
        else all.set(key, value);
      }
      out[kind] = Object.fromEntries([...all.entries()].sort(([a], [b]) => a.localeCompare(b)));
    }
    return out;
  }

  private put(change: EntityChange, previous: unknown): unknown {
    const map = this.maps.get(change.kind)!;
    if (this.recent.has(change.kind)) {
      // Re-inserted, so the map's order stays the order of the latest changes.
      map.delete(change.key);
      map.set(change.key, change.value ?? GONE);
      if (change.value === null) this.gone.push({ kind: change.kind, key: change.key });
    } else if (change.value === null) map.delete(change.key);
    else map.set(change.key, change.value);
    for (const observer of this.observers) observer(change.kind, previous, change.value);
    return previous;
  }

  private refuseRecent(kind: EntityKind): void {
    if (this.recent.has(kind)) throw new Error(`${kind} entities are not all held in memory: read them by id`);
  }
}
