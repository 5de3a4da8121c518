import { ENTITIES, ENTITY_KINDS } from './entities.js';
import type { EntityKind, EntityTypes } from './model.js';

/** An event as it travels on the wire: `{v, seq, ev, at, data}`. */
export interface EventFrame {
  v: 1;
  seq: number;
  ev: string;
  at: string;
  data: Record<string, unknown>;
}

/** Which entity an event carries and under which field of `data` (`id` for a removal). */
export interface EntityEventSpec {
  kind: EntityKind;
  field: string;
  removed?: true;
}

/**
 * Every event that carries or removes an entity, from the entity table. Events
 * not in it are notices that change no entity.
 */
export const ENTITY_EVENTS: ReadonlyMap<string, EntityEventSpec> = new Map(
  ENTITY_KINDS.flatMap((kind) => {
    const row = ENTITIES[kind];
    const carried = [row.update, ...row.also].map((ev): [string, EntityEventSpec] => [ev, { kind, field: row.field }]);
    return row.remove ? [...carried, [row.remove, { kind, field: 'id', removed: true }] as [string, EntityEventSpec]] : carried;
  }),
);

export interface EntityChange {
  kind: EntityKind;
  key: string;
  value: EntityTypes[EntityKind] | null;
}

/** The entity an event inserts, replaces or removes, if any. */
export function entityChangeOf(ev: string, data: Record<string, unknown>): EntityChange | null {
  const spec = ENTITY_EVENTS.get(ev);
  if (!spec) return null;
  if (spec.removed) return { kind: spec.kind, key: String(data[spec.field]), value: null };
  const value = data[spec.field] as EntityTypes[EntityKind];
  return { kind: spec.kind, key: (value as { id: string }).id, value };
}
