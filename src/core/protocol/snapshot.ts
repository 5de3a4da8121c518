import type { Catalog } from './catalog.js';
import type { SnapshotKind } from './entities.js';
import type { EntityTypes } from './model.js';

/**
 * What a panel gets at login (and on a resume too far behind): the catalog,
 * and every entity of the snapshot kinds (the entity table's `reach`) it may
 * see. Closed conversations and call records are read by page instead.
 */
export interface Snapshot {
  seq: number;
  serverTime: number;
  me: string;
  catalog: Catalog;
  entities: { [K in SnapshotKind]: EntityTypes[K][] };
}
