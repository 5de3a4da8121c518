import type { Agent, Call, EntityKind, EntityTypes, QueueStats, TokenRecord } from '../protocol/model.js';
import { ENTITY_KINDS } from '../protocol/entities.js';
import type { EntityChange } from '../protocol/events.js';

/**
 * The core's in-memory state: the latest version of every entity, by kind and
 * id. It changes only by applying entity changes, which is also how a restart
 * rebuilds it, so live and restored state cannot differ.
 */
export type StateObserver = (kind: EntityKind, prev: unknown, next: unknown) => void;

export class State {
  private readonly maps = new Map<EntityKind, Map<string, unknown>>(ENTITY_KINDS.map((k) => [k, new Map()]));
  private readonly observers: StateObserver[] = [];

  /** Indexes follow every change (including rollbacks and the load at start). */
  observe(observer: StateObserver): void {
    this.observers.push(observer);
  }

  get<K extends EntityKind>(kind: K, id: string): EntityTypes[K] | undefined {
    return this.maps.get(kind)!.get(id) as EntityTypes[K] | undefined;
  }

  all<K extends EntityKind>(kind: K): IterableIterator<EntityTypes[K]> {
    return this.maps.get(kind)!.values() as IterableIterator<EntityTypes[K]>;
  }

  count(kind: EntityKind): number {
    return this.maps.get(kind)!.size;
  }

  /** Apply a change and return what it replaced, for rollback. */
  apply(change: EntityChange): unknown {
    const map = this.maps.get(change.kind)!;
    const previous = map.get(change.key) ?? null;
    if (change.value === null) map.delete(change.key);
    else map.set(change.key, change.value);
    for (const observer of this.observers) observer(change.kind, previous, change.value);
    return previous;
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

  /** A plain, ordered copy for comparing states (restart tests). */
  dump(): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [kind, map] of this.maps) {
      out[kind] = Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));
    }
    return out;
  }
}
