import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { IdFilter } from './id-filter.js';
import { JsonOnce } from './json-once.js';
import { KEEP, PruneSchedule, type PruneBudget, type Retention } from './retention.js';
import { tokenDigest } from './token-digest.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import type { Statement } from 'better-sqlite3';
import type { CommandRecord, CommitUnit, EventStore, StoredEvent } from '../core/ports/store.js';
import type { EntityChange } from '../core/protocol/events.js';
import type { EntityKind } from '../core/protocol/model.js';

const SCHEMA_VERSION = 4;
/** Commands' answers in the order they came (n), found by id through the index beside them. */
const COMMANDS_COLUMNS = 'n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, actor TEXT, cmd TEXT, response TEXT NOT NULL, at INTEGER NOT NULL';

interface EventRow {
  seq: number;
  ev: string;
  at: number;
  data: string;
  audience: string;
}

/**
 * The event log and its projection in SQLite (WAL). One transaction writes a
 * command's events, the entities they change and the command's answer, with a
 * full sync, before the engine acknowledges anything.
 */
/** The most the SQLite page cache holds (KiB). */
const PAGE_CACHE_KIB = 2048;
/**
 * Pages in the log past which the commit checkpoints by itself: only when the
 * checkpoint thread cannot keep up (or failed). 64 MiB, against SQLite's 1,000.
 */
const BACKSTOP_CHECKPOINT_PAGES = 16_384;
/** Command ids the filter's first layer holds (80 KiB); each layer after it holds twice the last. */
const FIRST_COMMAND_IDS = 65_536;
/** A log grown past this by a burst is cut back to it once it starts over. */
const WAL_KEEP_BYTES = 16 << 20;

export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly insertEvent: Statement;
  private readonly upsertEntity: Statement;
  private readonly deleteEntity: Statement;
  private readonly insertCommand: Statement;
  private readonly selectCommand: Statement;
  private readonly selectAfter: Statement;
  private readonly selectEntity: Statement;
  private readonly commitTx: Database.Transaction<(units: CommitUnit[]) => StoredEvent[]>;
  private last: number;
  private readonly pruneEvents: Statement;
  private readonly pruneCommands: Statement;
  private readonly pruning = new PruneSchedule();
  /** Copies the log into the database off the event loop; none for a database in memory. */
  private readonly checkpointer: WalCheckpointer | null;
  /** Bytes of rows the commit being written holds (what the checkpointer counts). */
  private bytesInCommit = 0;
  /** Every command id in the table, and some pruned: a new id is told from a retry without reading the table. */
  private readonly commandIds: IdFilter;

  constructor(
    file: string,
    private readonly keep: Retention = KEEP,
  ) {
    if (file !== ':memory:') keepPrivate(file);
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    // better-sqlite3 builds SQLite with a 16 MB page cache, which fills as the log grows through a shift and is
    // then never given back: the server's memory would follow the database's size for hours. The operating
    // system caches the file anyway, so a small cache (SQLite's own default) costs a read from memory, not disk.
    this.db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    this.checkpointer = file === ':memory:' ? null : this.checkpointElsewhere(file);
    this.migrate();
    this.insertEvent = this.db.prepare('INSERT INTO events (ev, at, data, audience) VALUES (?, ?, ?, ?)');
    this.upsertEntity = this.db.prepare(
      'INSERT INTO entities (kind, key, value) VALUES (?, ?, ?) ON CONFLICT(kind, key) DO UPDATE SET value = excluded.value',
    );
    this.deleteEntity = this.db.prepare('DELETE FROM entities WHERE kind = ? AND key = ?');
    this.insertCommand = this.db.prepare('INSERT OR IGNORE INTO commands (id, actor, cmd, response, at) VALUES (?, ?, ?, ?, ?)');
    // Both delete from the oldest row on, in the order rows were stored, and stop at the line or the budget.
    this.pruneEvents = this.db.prepare('DELETE FROM events WHERE seq <= min(?, (SELECT min(seq) FROM events) + ? - 1)');
    this.pruneCommands = this.db.prepare(
      'DELETE FROM commands WHERE n <= (SELECT max(n) FROM commands WHERE n < (SELECT min(n) FROM commands) + ? AND at < ?)',
    );
    this.selectCommand = this.db.prepare('SELECT id, actor, cmd, response, at FROM commands WHERE id = ?');
    this.selectEntity = this.db.prepare('SELECT value FROM entities WHERE kind = ? AND key = ?').pluck();
    this.selectAfter = this.db.prepare('SELECT seq, ev, at, data, audience FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
    this.last = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM events').get() as { s: number }).s;
    this.commandIds = this.filterOfCommandIds();
    this.commitTx = this.db.transaction((units: CommitUnit[]) => {
      const stored: StoredEvent[] = [];
      const json = new JsonOnce();
      // An entity changed by several transactions of the group is written once, as it ended.
      const last = new Map<string, EntityChange>();
      let bytes = 0;
      for (const unit of units) {
        for (const e of unit.events) {
          const data = json.record(e.data);
          bytes += data.length;
          const info = this.insertEvent.run(e.ev, e.at, data, JSON.stringify(e.audience));
          stored.push({ ...e, seq: Number(info.lastInsertRowid) });
        }
        for (const c of unit.changes) {
          const key = `${c.kind}\u0000${c.key}`;
          last.delete(key);
          last.set(key, c);
        }
        const command = unit.command;
        if (command) {
          const response = JSON.stringify(command.response);
          bytes += response.length;
          this.insertCommand.run(command.id, command.actor, command.cmd, response, command.at);
        }
      }
      for (const c of last.values()) {
        if (c.value === null) {
          this.deleteEntity.run(c.kind, c.key);
          continue;
        }
        const value = json.value(c.value);
        bytes += value.length;
        this.upsertEntity.run(c.kind, c.key, value);
      }
      this.bytesInCommit = bytes;
      const due = this.pruning.committed(units);
      if (due) this.prune(due, stored.at(-1)?.seq ?? this.last);
      return stored;
    });
  }

  private migrate(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        ev TEXT NOT NULL, at INTEGER NOT NULL, data TEXT NOT NULL, audience TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS entities (
        kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS commands (${COMMANDS_COLUMNS});
    `);
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'schema'").get() as { value: string } | undefined;
    if (!row) this.db.prepare("INSERT INTO meta (key, value) VALUES ('schema', ?)").run(String(SCHEMA_VERSION));
    else if (Number(row.value) > SCHEMA_VERSION)
      throw new Error(`The data directory was written by a newer switchboard (schema ${row.value}); this one reads schema ${SCHEMA_VERSION}.`);
    else {
      if (Number(row.value) < 2) this.db.transaction(() => this.migrateTo2())();
      if (Number(row.value) < 3) this.db.transaction(() => this.migrateTo3())();
      if (Number(row.value) < 4) this.db.transaction(() => this.migrateTo4())();
    }
  }

  /**
   * Schema 3 kept commands' answers in a table keyed by the command's id, a
   * random one: every answer landed on a page of its own, split pages as it
   * grew, and pruning by age read the whole table. Schema 4 keeps them in the
   * order they came, with an index of ids beside them.
   */
  private migrateTo4(): void {
    this.db.exec(`
      CREATE TABLE commands_by_arrival (${COMMANDS_COLUMNS});
      INSERT INTO commands_by_arrival (id, actor, cmd, response, at) SELECT id, actor, cmd, response, at FROM commands ORDER BY at;
      DROP TABLE commands;
      ALTER TABLE commands_by_arrival RENAME TO commands;
    `);
    this.db.prepare("UPDATE meta SET value = ? WHERE key = 'schema'").run(String(SCHEMA_VERSION));
  }

  /**
   * Schema 2 named what is remembered of a returning customer `contact`;
   * that name is now the Contacts directory's, and the memory is `customer`
   * (entities and the events that rebuild them).
   */
  private migrateTo3(): void {
    this.db.exec("UPDATE entities SET kind = 'customer' WHERE kind = 'contact'");
    this.db.exec(
      "UPDATE events SET ev = 'customer.updated', data = json_set(json_remove(data, '$.contact'), '$.customer', json(data -> '$.contact')) WHERE ev = 'contact.updated'",
    );
    this.db.prepare("UPDATE meta SET value = '3' WHERE key = 'schema'").run();
  }

  /**
   * Schema 1 kept session tokens in clear (token entities and events, and
   * login answers among the commands) and commands without their name.
   * Tokens become their digests, so sessions survive the upgrade; token
   * events (never sent to anyone) and answers of commands without a login go.
   */
  private migrateTo2(): void {
    this.db.exec('ALTER TABLE commands ADD COLUMN cmd TEXT');
    this.db.exec('DELETE FROM commands WHERE actor IS NULL');
    this.db.exec("DELETE FROM events WHERE ev IN ('token.updated', 'token.removed')");
    const tokens = this.db.prepare("SELECT key, value FROM entities WHERE kind = 'token'").all() as Array<{ key: string; value: string }>;
    const remove = this.db.prepare("DELETE FROM entities WHERE kind = 'token' AND key = ?");
    const insert = this.db.prepare("INSERT OR REPLACE INTO entities (kind, key, value) VALUES ('token', ?, ?)");
    for (const t of tokens) {
      const id = tokenDigest(t.key);
      remove.run(t.key);
      insert.run(id, JSON.stringify({ ...JSON.parse(t.value), id }));
    }
    this.db.prepare("UPDATE meta SET value = '2' WHERE key = 'schema'").run();
  }

  *loadEntities(): Iterable<EntityChange> {
    for (const row of this.db.prepare('SELECT kind, key, value FROM entities ORDER BY kind, key').iterate() as Iterable<{
      kind: EntityKind;
      key: string;
      value: string;
    }>) {
      yield { kind: row.kind, key: row.key, value: JSON.parse(row.value) };
    }
  }

  entity(kind: EntityKind, key: string): unknown {
    const value = this.selectEntity.get(kind, key) as string | undefined;
    return value === undefined ? undefined : JSON.parse(value);
  }

  *entities(kind: EntityKind): Iterable<[string, unknown]> {
    const rows = this.db.prepare('SELECT key, value FROM entities WHERE kind = ?').all(kind) as Array<{ key: string; value: string }>;
    for (const row of rows) yield [row.key, JSON.parse(row.value)];
  }

  lastSeq(): number {
    return this.last;
  }

  firstSeq(): number {
    const row = this.db.prepare('SELECT MIN(seq) AS s FROM events').get() as { s: number | null };
    return row.s ?? this.last + 1;
  }

  commit(units: CommitUnit[]): StoredEvent[] {
    const stored = this.commitTx.immediate(units);
    this.checkpointer?.committed(this.bytesInCommit);
    for (const unit of units) if (unit.command) this.commandIds.add(unit.command.id);
    if (stored.length > 0) this.last = stored[stored.length - 1]!.seq;
    return stored;
  }

  eventsAfter(seq: number, limit: number): StoredEvent[] {
    return (this.selectAfter.all(seq, limit) as EventRow[]).map(toStored);
  }

  *allEvents(): Iterable<StoredEvent> {
    for (const row of this.db.prepare('SELECT seq, ev, at, data, audience FROM events ORDER BY seq').iterate() as Iterable<EventRow>)
      yield toStored(row);
  }

  findCommand(id: string): CommandRecord | undefined {
    if (!this.commandIds.mayHave(id)) return undefined;
    const row = this.selectCommand.get(id) as { id: string; actor: string; cmd: string | null; response: string; at: number } | undefined;
    // A command kept by schema 1 has no name: it is answered for whatever command its agent retries with its id.
    return row ? { ...row, cmd: row.cmd ?? '', response: JSON.parse(row.response) } : undefined;
  }

  close(): void {
    this.db.close();
    this.checkpointer?.close();
  }

  /** The checkpoint thread: whether a round runs and what the last one reported (for tests). */
  get checkpoints(): WalCheckpointer | null {
    return this.checkpointer;
  }

  /**
   * SQLite's own checkpoint becomes a backstop, for a log the thread cannot
   * keep up with; if the thread fails, the commit checkpoints as before.
   */
  private checkpointElsewhere(file: string): WalCheckpointer {
    this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    this.db.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`);
    return new WalCheckpointer(file, {
      finish: () => this.db.pragma('wal_checkpoint(PASSIVE)'),
      failed: () => this.db.pragma('wal_autocheckpoint = 1000'),
    });
  }

  /** A filter of the ids in the table, read once at open; it grows as commands are kept. */
  private filterOfCommandIds(): IdFilter {
    const filter = new IdFilter(FIRST_COMMAND_IDS);
    for (const id of this.db.prepare('SELECT id FROM commands').pluck().iterate() as Iterable<string>) filter.add(id);
    return filter;
  }

  /** In the commit's own transaction: no sync of its own. */
  private prune(due: PruneBudget, lastSeq: number): void {
    this.pruneEvents.run(lastSeq - this.keep.events, due.events);
    if (due.now > 0) this.pruneCommands.run(due.commands, due.now - this.keep.commandsMs);
  }
}

/**
 * The database holds the centre's conversations and its sessions: readable by
 * this user only. SQLite gives its -wal and -shm files the database file's
 * mode, so creating the file 0600 first covers all three.
 */
function keepPrivate(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

function toStored(row: EventRow): StoredEvent {
  return { seq: row.seq, ev: row.ev, at: row.at, data: JSON.parse(row.data), audience: JSON.parse(row.audience) };
}
