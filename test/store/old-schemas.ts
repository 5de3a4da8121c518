/** The tables as schemas 2 and 3 made them (they differ only in what rows mean): a store to upgrade in tests. */
export const SCHEMA_2_AND_3_TABLES = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, ev TEXT NOT NULL, at INTEGER NOT NULL, data TEXT NOT NULL, audience TEXT NOT NULL);
  CREATE TABLE entities (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID;
  CREATE TABLE commands (id TEXT PRIMARY KEY, actor TEXT, cmd TEXT, response TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;
`;
