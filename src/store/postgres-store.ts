import { randomBytes } from 'node:crypto';
import type Client from 'pg-native';
import { JsonOnce } from './json-once.js';
import { KEEP, PruneSchedule, type PruneBudget, type Retention } from './retention.js';
import { connectPg, finish, firstLine } from './pg-native.js';
import { pgArray, pgTextArray, redactUrl } from './postgres-text.js';
import type { CommandRecord, CommitUnit, EventStore, StoredEvent } from '../core/ports/store.js';
import type { EntityChange } from '../core/protocol/events.js';
import type { EntityKind } from '../core/protocol/model.js';

/** The schema this code writes; a store written by a newer switchboard is refused. */
const SCHEMA_VERSION = 1;
/** Rows read per FETCH when the whole log or every entity is read (start, rebuild). */
const FETCH_ROWS = 2_000;
/** libpq's PQTRANS_UNKNOWN: the connection is gone. */
const CONNECTION_BAD = 4;
/** The fencing error's text, raised by switchboard_commit when another core has claimed the store since this one did. */
const FENCED = 'switchboard: another core has taken over this store';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS switchboard_schema (version integer NOT NULL);
  CREATE TABLE IF NOT EXISTS switchboard_head (id integer PRIMARY KEY CHECK (id = 1), commits bigint NOT NULL, last_seq bigint NOT NULL);
  INSERT INTO switchboard_head VALUES (1, 0, 0) ON CONFLICT DO NOTHING;
  CREATE TABLE IF NOT EXISTS events (seq bigint PRIMARY KEY, ev text NOT NULL, at bigint NOT NULL, data text NOT NULL, audience text NOT NULL);
  CREATE TABLE IF NOT EXISTS entities (kind text NOT NULL, key text NOT NULL, value text NOT NULL, PRIMARY KEY (kind, key));
  CREATE TABLE IF NOT EXISTS commands (id text PRIMARY KEY, actor text, cmd text, response text NOT NULL, at bigint NOT NULL);
  CREATE INDEX IF NOT EXISTS commands_at ON commands (at);
  CREATE TABLE IF NOT EXISTS switchboard_secrets (name text PRIMARY KEY, value text NOT NULL);
  CREATE OR REPLACE FUNCTION switchboard_commit(expected bigint, head bigint,
      e_seq bigint[], e_ev text[], e_at bigint[], e_data text[], e_audience text[],
      u_kind text[], u_key text[], u_value text[], d_kind text[], d_key text[],
      c_id text[], c_actor text[], c_cmd text[], c_response text[], c_at bigint[]) RETURNS void AS $$
  BEGIN
    UPDATE switchboard_head SET commits = commits + 1, last_seq = head WHERE id = 1 AND commits = expected;
    IF NOT FOUND THEN RAISE EXCEPTION '${FENCED}'; END IF;
    INSERT INTO events (seq, ev, at, data, audience) SELECT * FROM unnest(e_seq, e_ev, e_at, e_data, e_audience);
    INSERT INTO entities (kind, key, value) SELECT * FROM unnest(u_kind, u_key, u_value)
      ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value;
    DELETE FROM entities e USING unnest(d_kind, d_key) AS d(kind, key) WHERE e.kind = d.kind AND e.key = d.key;
    INSERT INTO commands (id, actor, cmd, response, at) SELECT * FROM unnest(c_id, c_actor, c_cmd, c_response, c_at)
      ON CONFLICT (id) DO NOTHING;
  END $$ LANGUAGE plpgsql;
`;

/**
 * The event log and its projection in PostgreSQL: the same store as
 * SqliteEventStore, for a centre whose core must not live and die with one
 * machine's disk. A commit is one call of `switchboard_commit` (one round
 * trip, one transaction, synchronous_commit as the server has it: on by
 * default, so nothing is acknowledged before it is on the server's disk).
 *
 * The store port is synchronous (the core commits in its own turn, as with
 * SQLite), so this uses libpq's synchronous calls through pg-native.
 *
 * Every commit also counts itself in `switchboard_head`, and is refused when
 * the count is not the one this store read. Opening the store claims it: the
 * count goes up by one, so the store a core opened before (an old leader back
 * from a partition, after a standby took over) can no longer commit at all,
 * and cannot interleave its log with the new one's. The count also settles a commit
 * whose connection broke before its answer came: after reconnecting, the head
 * says whether it landed.
 */
export class PostgresEventStore implements EventStore {
  private pg!: Client;
  private last = 0;
  private commits = 0;
  private readonly pruning = new PruneSchedule();

  /** onFenced: told once when a commit is refused because another core has claimed the store since. */
  constructor(
    private readonly url: string,
    private readonly onFenced: () => void = () => {},
    private readonly keep: Retention = KEEP,
  ) {
    this.connect({ migrate: true });
    this.claim();
  }

  *loadEntities(): Iterable<EntityChange> {
    for (const [kind, key, value] of this.cursor('SELECT kind, key, value FROM entities ORDER BY kind, key'))
      yield { kind: kind as EntityKind, key: key!, value: JSON.parse(value!) };
  }

  entity(kind: EntityKind, key: string): unknown {
    const rows = this.read('entity', [kind, key]) as string[][];
    return rows.length === 0 ? undefined : JSON.parse(rows[0]![0]!);
  }

  *entities(kind: EntityKind): Iterable<[string, unknown]> {
    const rows = this.pg.querySync('SELECT key, value FROM entities WHERE kind = $1', [kind]) as string[][];
    for (const [key, value] of rows) yield [key!, JSON.parse(value!)];
  }

  lastSeq(): number {
    return this.last;
  }

  firstSeq(): number {
    const [[first]] = this.pg.querySync('SELECT MIN(seq) FROM events') as Array<Array<string | null>>;
    return first === null || first === undefined ? this.last + 1 : Number(first);
  }

  commit(units: CommitUnit[]): StoredEvent[] {
    const json = new JsonOnce();
    const stored: StoredEvent[] = [];
    const events = { seq: [] as number[], ev: [] as string[], at: [] as number[], data: [] as string[], audience: [] as string[] };
    const commands = { id: [] as string[], actor: [] as string[], cmd: [] as string[], response: [] as string[], at: [] as number[] };
    // An entity changed by several transactions of the group is written once, as it ended.
    const last = new Map<string, EntityChange>();
    let seq = this.last;
    for (const unit of units) {
      for (const e of unit.events) {
        stored.push({ ...e, seq: ++seq });
        events.seq.push(seq);
        events.ev.push(e.ev);
        events.at.push(e.at);
        events.data.push(json.record(e.data));
        events.audience.push(JSON.stringify(e.audience));
      }
      for (const c of unit.changes) {
        const key = `${c.kind}\u0000${c.key}`;
        last.delete(key);
        last.set(key, c);
      }
      const command = unit.command;
      if (command) {
        commands.id.push(command.id);
        commands.actor.push(command.actor);
        commands.cmd.push(command.cmd);
        commands.response.push(JSON.stringify(command.response));
        commands.at.push(command.at);
      }
    }
    const upserts = { kind: [] as string[], key: [] as string[], value: [] as string[] };
    const deletes = { kind: [] as string[], key: [] as string[] };
    for (const c of last.values()) {
      if (c.value === null) {
        deletes.kind.push(c.kind);
        deletes.key.push(c.key);
      } else {
        upserts.kind.push(c.kind);
        upserts.key.push(c.key);
        upserts.value.push(json.value(c.value));
      }
    }
    const params = [
      String(this.commits),
      String(seq),
      pgArray(events.seq),
      pgTextArray(events.ev),
      pgArray(events.at),
      pgTextArray(events.data),
      pgTextArray(events.audience),
      pgTextArray(upserts.kind),
      pgTextArray(upserts.key),
      pgTextArray(upserts.value),
      pgTextArray(deletes.kind),
      pgTextArray(deletes.key),
      pgTextArray(commands.id),
      pgTextArray(commands.actor),
      pgTextArray(commands.cmd),
      pgTextArray(commands.response),
      pgArray(commands.at),
    ];
    try {
      this.pg.executeSync('commit', params);
    } catch (e) {
      // The connection broke (the server restarted, a proxy dropped it): reconnect, and send the commit again unless it
      // landed before the break. The head's count makes the second try safe: it is refused if the first one counted.
      if (!this.reconnected()) throw this.storeError(e as Error);
      if (!this.landed()) {
        try {
          this.pg.executeSync('commit', params);
        } catch (again) {
          throw this.storeError(again as Error);
        }
      }
    }
    this.commits++;
    this.last = seq;
    const due = this.pruning.committed(units);
    if (due) this.pruneAfterCommit(due);
    return stored;
  }

  eventsAfter(seq: number, limit: number): StoredEvent[] {
    return (this.read('after', [String(seq), String(limit)]) as string[][]).map(toStored);
  }

  *allEvents(): Iterable<StoredEvent> {
    for (const row of this.cursor('SELECT seq, ev, at, data, audience FROM events ORDER BY seq')) yield toStored(row as string[]);
  }

  findCommand(id: string): CommandRecord | undefined {
    const rows = this.read('command', [id]) as Array<Array<string | null>>;
    if (rows.length === 0) return undefined;
    const [rowId, actor, cmd, response, at] = rows[0]!;
    return { id: rowId!, actor: actor!, cmd: cmd ?? '', response: JSON.parse(response!), at: Number(at) };
  }

  /**
   * A secret of the centre (the keys of visitor tokens and download links),
   * made once by whichever core asks first and the same for every core after:
   * a standby on another machine must accept what the active core signed.
   */
  secret(name: string): Buffer {
    this.pg.querySync('INSERT INTO switchboard_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, randomBytes(32).toString('hex')]);
    const [[value]] = this.pg.querySync('SELECT value FROM switchboard_secrets WHERE name = $1', [name]) as string[][];
    return Buffer.from(value!, 'hex');
  }

  close(): void {
    finish(this.pg);
  }

  /** Connect (and, at start, make or check the schema), then prepare the statements. */
  private connect(options: { migrate: boolean } = { migrate: false }): void {
    this.pg = connectPg(this.url);
    // CREATE ... IF NOT EXISTS and the like say NOTICE on standard error otherwise.
    this.pg.querySync('SET client_min_messages TO warning');
    if (options.migrate) this.migrate();
    this.pg.prepareSync('commit', `SELECT switchboard_commit(${Array.from({ length: 17 }, (_, i) => `$${i + 1}`).join(', ')})`, 17);
    this.pg.prepareSync('entity', 'SELECT value FROM entities WHERE kind = $1 AND key = $2', 2);
    this.pg.prepareSync('after', 'SELECT seq, ev, at, data, audience FROM events WHERE seq > $1 ORDER BY seq LIMIT $2', 2);
    this.pg.prepareSync('command', 'SELECT id, actor, cmd, response, at FROM commands WHERE id = $1', 1);
  }

  /** Tables and the commit function, made once by whichever core starts first (an advisory lock keeps two from racing). */
  private migrate(): void {
    this.pg.querySync('BEGIN');
    try {
      this.pg.querySync("SELECT pg_advisory_xact_lock(hashtext('switchboard-schema'))");
      this.pg.querySync('CREATE TABLE IF NOT EXISTS switchboard_schema (version integer NOT NULL)');
      const rows = this.pg.querySync('SELECT version FROM switchboard_schema') as string[][];
      const version = rows.length === 0 ? 0 : Number(rows[0]![0]);
      if (version > SCHEMA_VERSION)
        throw new Error(`The PostgreSQL store was written by a newer switchboard (schema ${version}); this one reads schema ${SCHEMA_VERSION}.`);
      if (version < SCHEMA_VERSION) {
        this.pg.querySync(SCHEMA);
        this.pg.querySync('DELETE FROM switchboard_schema');
        this.pg.querySync('INSERT INTO switchboard_schema VALUES ($1)', [String(SCHEMA_VERSION)]);
      }
      this.pg.querySync('COMMIT');
    } catch (e) {
      this.pg.querySync('ROLLBACK');
      throw e;
    }
  }

  /** Count this store's opening in the head: whoever opened it before can no longer commit. */
  private claim(): void {
    const [[commits, lastSeq]] = this.pg.querySync('UPDATE switchboard_head SET commits = commits + 1 WHERE id = 1 RETURNING commits, last_seq') as string[][];
    this.commits = Number(commits);
    this.last = Number(lastSeq);
  }

  /** A prepared read; once more on a new connection when the old one broke (a read can be repeated). */
  private read(name: string, params: string[]): unknown[][] {
    try {
      return this.pg.executeSync(name, params);
    } catch (e) {
      if (!this.reconnected()) throw this.storeError(e as Error);
      try {
        return this.pg.executeSync(name, params);
      } catch (again) {
        throw this.storeError(again as Error);
      }
    }
  }

  /**
   * After an error: true when the connection was broken and is made again,
   * false when it was not broken (the server refused the statement). Throws
   * "Cannot reach ..." while the server is out of reach; the next call tries
   * again.
   */
  private reconnected(): boolean {
    if (this.pg.pq.transactionStatus() !== CONNECTION_BAD) return false;
    finish(this.pg);
    this.connect();
    return true;
  }

  /** Whether the commit this store was making is counted in the head (it landed before its answer was lost). */
  private landed(): boolean {
    const [[commits]] = this.pg.querySync('SELECT commits FROM switchboard_head WHERE id = 1') as string[][];
    return Number(commits) === this.commits + 1;
  }

  private storeError(error: Error): Error {
    const text = firstLine(error);
    if (text.includes(FENCED)) {
      this.onFenced();
      return new Error(`${FENCED} since this one opened it: this core must not write any more`);
    }
    return new Error(`The PostgreSQL store at ${redactUrl(this.url)} failed: ${text}`);
  }

  /** Rows of a query read a batch at a time (a whole log need not fit in one answer). */
  private *cursor(query: string): Iterable<Array<string | null>> {
    this.pg.querySync('BEGIN');
    try {
      this.pg.querySync(`DECLARE switchboard_read NO SCROLL CURSOR FOR ${query}`);
      for (;;) {
        const rows = this.pg.querySync(`FETCH ${FETCH_ROWS} FROM switchboard_read`) as Array<Array<string | null>>;
        yield* rows;
        if (rows.length < FETCH_ROWS) break;
      }
    } finally {
      this.pg.querySync('COMMIT');
    }
  }

  /**
   * As in SQLite: from the oldest rows on, at most the budget (the commands'
   * index on `at` finds them). It runs after the commit has landed, so it
   * must not fail it: a prune that fails (the connection broke) is left to the
   * next one, and the next commit reconnects.
   */
  private pruneAfterCommit(due: PruneBudget): void {
    try {
      this.prune(due);
    } catch {
      // Rows past their time stay a little longer; nothing the core relies on.
    }
  }

  private prune(due: PruneBudget): void {
    this.pg.querySync('DELETE FROM events WHERE seq <= LEAST($1, (SELECT min(seq) FROM events) + $2 - 1)', [
      String(this.last - this.keep.events),
      String(due.events),
    ]);
    if (due.now > 0)
      this.pg.querySync('DELETE FROM commands WHERE id IN (SELECT id FROM commands WHERE at < $1 ORDER BY at LIMIT $2)', [
        String(due.now - this.keep.commandsMs),
        String(due.commands),
      ]);
  }
}

function toStored(row: Array<string | null>): StoredEvent {
  const [seq, ev, at, data, audience] = row;
  return { seq: Number(seq), ev: ev!, at: Number(at), data: JSON.parse(data!), audience: JSON.parse(audience!) };
}
