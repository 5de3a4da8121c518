import type { EntityKind, EntityTypes } from './protocol/model.js';
import type { NewEvent } from './ports/store.js';
import { mergeAudience, type Audience } from './protocol/audience.js';
import { audienceOf, ENTITIES, STREAM_KINDS, type UpdateEventOf } from './protocol/entities.js';
import type { EntityChange } from './protocol/events.js';
import type { State } from './state/state.js';

/**
 * One unit of work of the single writer. Changes apply to the state at once so
 * later steps of the same command see them; if the command fails or the commit
 * fails, `rollback` puts every entity back as it was.
 */
export class Transaction {
  private readonly slots: Array<NewEvent | null> = [];
  readonly changes: EntityChange[] = [];
  private readonly undo: EntityChange[] = [];
  /** Every entity change with its value before, for derived data (queue statistics). */
  readonly touched: Array<{ kind: EntityKind; prev: unknown; next: unknown }> = [];
  /** The kinds touched so far: which follow-ups are due. */
  readonly touchedKinds = new Set<EntityKind>();
  private readonly effects: Array<() => void> = [];
  /** The update event already made for an entity in this transaction, by kind and id. */
  private readonly updateEvent = new Map<string, number>();

  constructor(
    private readonly state: State,
    readonly at: number,
  ) {}

  /**
   * Insert or replace an entity and emit the event that carries it. A stream
   * (queue figures, metrics: the entity table's `conflated`) makes no event:
   * the gateway sends its latest value to those who follow it.
   */
  put<K extends EntityKind>(kind: K, entity: EntityTypes[K], reason?: string, audienceOverride?: Audience, eventName?: UpdateEventOf<K>): EntityTypes[K] {
    const change: EntityChange = { kind, key: (entity as { id: string }).id, value: entity };
    const previous = this.record(change) as EntityTypes[K] | null;
    if (STREAM_KINDS.has(kind)) return entity;
    const data: Record<string, unknown> = { [ENTITIES[kind].field]: entity };
    if (reason) data.reason = reason;
    // Whoever could see the entity before the change must learn of it too
    // (an agent whose offer timed out must see the call leave them).
    let audience =
      audienceOverride ?? (previous ? mergeAudience(audienceOf(kind, previous), audienceOf(kind, entity)) : audienceOf(kind, entity));
    let ev: string = eventName ?? ENTITIES[kind].update;
    // One event per entity per transaction: a second change replaces the first
    // event (each carries the whole entity), reaching everyone either reached.
    const key = `${kind}:${change.key}`;
    const earlier = this.updateEvent.get(key);
    if (earlier !== undefined) {
      const first = this.slots[earlier]!;
      audience = mergeAudience(first.audience, audience);
      if (first.ev.endsWith('.created')) ev = first.ev;
      this.slots[earlier] = null;
    }
    this.updateEvent.set(key, this.slots.length);
    this.slots.push({ ev, at: this.at, data, audience });
    return entity;
  }

  /** Remove an entity; `audience` is who saw it (they must learn it is gone). */
  remove(kind: EntityKind, id: string, audience: Audience, reason?: string): void {
    const ev = ENTITIES[kind].remove;
    if (!ev) throw new Error(`entities of kind ${kind} cannot be removed`);
    this.record({ kind, key: id, value: null });
    // The entity's last update stays: a client may want to show how it ended before it goes.
    this.updateEvent.delete(`${kind}:${id}`);
    const data: Record<string, unknown> = { id };
    if (reason) data.reason = reason;
    this.slots.push({ ev, at: this.at, data, audience });
  }

  /** An event that changes no entity (a notice, an alert). */
  notice(ev: string, data: Record<string, unknown>, audience: Audience): void {
    this.slots.push({ ev, at: this.at, data, audience });
  }

  /** The events to commit, in order. */
  get events(): NewEvent[] {
    return this.slots.filter((e): e is NewEvent => e !== null);
  }

  /** Work to do only once the transaction is committed (telephony, timers). */
  afterCommit(effect: () => void): void {
    this.effects.push(effect);
  }

  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) this.state.apply(this.undo[i]!);
  }

  runEffects(): Array<() => void> {
    return this.effects;
  }

  private record(change: EntityChange): unknown {
    const previous = this.state.apply(change) as EntityTypes[EntityKind] | null;
    this.undo.push({ kind: change.kind, key: change.key, value: previous });
    this.changes.push(change);
    this.touched.push({ kind: change.kind, prev: previous, next: change.value });
    this.touchedKinds.add(change.kind);
    return previous;
  }
}
