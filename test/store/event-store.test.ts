import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitUnit, EventStore } from '../../src/core/ports/store.js';
import { PostgresEventStore } from '../../src/store/postgres-store.js';
import type { Retention } from '../../src/store/retention.js';
import { SqliteEventStore } from '../../src/store/sqlite-store.js';
import { scratchDatabases } from '../helpers.js';
import { havePostgres, startPostgres, type TestPostgres } from './postgres-server.js';

/**
 * What the core relies on from its store, the same for SQLite (the embedded
 * default) and PostgreSQL (a real server started here, Debian's postgresql).
 * Each test opens a store on a fresh database, and opens it again where the
 * point is what survives.
 */
interface Backend {
  name: string;
  /** Whether it can run here (PostgreSQL needs Debian's postgresql and pg-native). */
  available: boolean;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  /** A fresh database: open() opens (or reopens) a store on it. */
  fresh(): { open(keep?: Retention): EventStore };
}

const sqliteFile = scratchDatabases('store-contract-');
const sqlite: Backend = {
  name: 'SQLite',
  available: true,
  async setUp() {},
  async tearDown() {},
  fresh() {
    const file = sqliteFile();
    return { open: (keep?: Retention) => new SqliteEventStore(file, keep) };
  },
};

let pg: TestPostgres | null = null;
const postgres: Backend = {
  name: 'PostgreSQL',
  available: havePostgres,
  async setUp() {
    pg = await startPostgres();
  },
  async tearDown() {
    await pg?.stop();
  },
  fresh() {
    const url = pg!.database();
    return { open: (keep?: Retention) => new PostgresEventStore(url, undefined, keep) };
  },
};

const agent = (id: string, status: string) => ({ id, name: `Agent ${id}`, status });

function unit(n: number, extra: Partial<CommitUnit> = {}): CommitUnit {
  return {
    events: [{ ev: 'agent.updated', at: 1000 + n, data: { agent: agent('1001', `s${n}`), reason: 'test "quoted" \\ back' }, audience: { agents: ['1001'] } }],
    changes: [{ kind: 'agent', key: '1001', value: agent('1001', `s${n}`) }],
    command: { id: `cmd-${n}`, actor: '1001', cmd: 'agent.status', response: { ok: true, n }, at: 1000 + n },
    ...extra,
  };
}

const stores: Array<EventStore> = [];
function track(store: EventStore): EventStore {
  stores.push(store);
  return store;
}

function closeAll(): void {
  for (const s of stores.splice(0)) {
    try {
      s.close();
    } catch {
      // closed already
    }
  }
}

describe.each([sqlite, postgres])('the $name store', (backend) => {
  const available = backend.available;
  beforeAll(async () => {
    if (available) await backend.setUp();
  });
  afterAll(async () => {
    closeAll();
    await backend.tearDown();
  });

  it.runIf(available)('numbers events in commit order, and a reopened store has them, the entities and the answers', () => {
    const db = backend.fresh();
    const store = track(db.open());
    expect(store.lastSeq()).toBe(0);
    expect(store.firstSeq()).toBe(1);
    const first = store.commit([unit(1), unit(2)]);
    const second = store.commit([unit(3)]);
    expect([...first, ...second].map((e) => e.seq)).toEqual([1, 2, 3]);
    store.close();

    const again = track(db.open());
    expect(again.lastSeq()).toBe(3);
    expect(again.firstSeq()).toBe(1);
    expect(again.eventsAfter(1, 10).map((e) => [e.seq, e.data.agent])).toEqual([
      [2, agent('1001', 's2')],
      [3, agent('1001', 's3')],
    ]);
    expect(again.eventsAfter(0, 1).map((e) => e.seq)).toEqual([1]);
    expect(again.eventsAfter(0, 10)[0]!.data.reason).toBe('test "quoted" \\ back');
    expect(again.eventsAfter(0, 10)[0]!.audience).toEqual({ agents: ['1001'] });
    expect([...again.allEvents()].map((e) => e.seq)).toEqual([1, 2, 3]);
    expect([...again.loadEntities()]).toEqual([{ kind: 'agent', key: '1001', value: agent('1001', 's3') }]);
    expect(again.entity('agent', '1001')).toEqual(agent('1001', 's3'));
    expect(again.entity('agent', 'nobody')).toBeUndefined();
    expect(again.findCommand('cmd-2')).toEqual({ id: 'cmd-2', actor: '1001', cmd: 'agent.status', response: { ok: true, n: 2 }, at: 1002 });
    expect(again.findCommand('cmd-9')).toBeUndefined();
  });

  it.runIf(available)('forgets events past the kept number and answers past their age, a little at a time, and still answers a recent retry', () => {
    const store = track(backend.fresh().open({ events: 50, commandsMs: 1000 }));
    // Command n at n x 10 ms, with one event; a prune is due every 100 commits.
    for (let n = 0; n < 300; n++) {
      const at = n * 10;
      const u = unit(n);
      store.commit([{ ...u, events: [{ ...u.events[0]!, at, data: { n } }], command: { ...u.command!, at } }]);
    }
    // The last prune ran at command 299 (2,990 ms): answers before 1,990 ms are gone, and events up to 250.
    expect(store.findCommand('cmd-198')).toBeUndefined();
    expect(store.findCommand('cmd-199')?.at).toBe(1990);
    expect(store.firstSeq()).toBe(251);
    expect(store.eventsAfter(250, 1).map((e) => e.data)).toEqual([{ n: 250 }]);
  });

  it.runIf(available)('writes an entity as the group left it, deletes one set to null, and keeps the first answer to a command id', () => {
    const store = track(backend.fresh().open());
    store.commit([
      unit(1, { changes: [{ kind: 'agent', key: 'a', value: agent('a', 'one') }, { kind: 'agent', key: 'b', value: agent('b', 'one') }] }),
      unit(2, { changes: [{ kind: 'agent', key: 'a', value: agent('a', 'two') }], command: { id: 'same', actor: '1001', cmd: 'x', response: 'first', at: 1 } }),
    ]);
    store.commit([unit(3, { changes: [{ kind: 'agent', key: 'b', value: null }], command: { id: 'same', actor: '1001', cmd: 'x', response: 'second', at: 2 } })]);
    expect(Object.fromEntries(store.entities('agent'))).toEqual({ a: agent('a', 'two') });
    expect(store.findCommand('same')?.response).toBe('first');
  });

  it.runIf(available)('keeps text exactly: quotes, backslashes, braces, commas, NULL-like words and UTF-8', () => {
    const store = track(backend.fresh().open());
    const text = 'He said "hi", {not an array}, NULL, \\n\\\\ and ünïcødé ☎ 𝄞';
    store.commit([unit(1, { changes: [{ kind: 'agent', key: 'k,"{}', value: { text } }], events: [{ ev: 'x', at: 1, data: { text }, audience: {} }] })]);
    expect(store.entity('agent', 'k,"{}')).toEqual({ text });
    expect(store.eventsAfter(0, 1)[0]!.data.text).toBe(text);
  });
});

describe.skipIf(!havePostgres)('the PostgreSQL store against a server that fails (needs Debian postgresql)', () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    closeAll();
    await server.stop();
  });

  it('keeps the centre\'s secrets: the same for every core that opens the store, different per name', () => {
    const url = server.database();
    const one = track(new PostgresEventStore(url)) as PostgresEventStore;
    const visitorKey = one.secret('visitor-secret');
    expect(visitorKey).toHaveLength(32);
    expect((track(new PostgresEventStore(url)) as PostgresEventStore).secret('visitor-secret').equals(visitorKey)).toBe(true);
    expect(one.secret('download-secret').equals(visitorKey)).toBe(false);
    expect((track(new PostgresEventStore(server.database())) as PostgresEventStore).secret('visitor-secret').equals(visitorKey)).toBe(false);
  });

  it('says it cannot reach a server that is not there, without the password', () => {
    expect(() => new PostgresEventStore(`postgresql://switchboard:s3cret@127.0.0.1:${server.port + 1}/x`)).toThrow(
      /^Cannot reach the PostgreSQL store at postgresql:\/\/switchboard:\*\*\*@127\.0\.0\.1:\d+\/x: /,
    );
    try {
      new PostgresEventStore(`postgresql://switchboard:s3cret@127.0.0.1:${server.port + 1}/x`);
    } catch (e) {
      expect((e as Error).message).not.toContain('s3cret');
    }
  });

  it('refuses a store written by a newer switchboard, with the versions', () => {
    const url = server.database();
    track(new PostgresEventStore(url)).close();
    server.sql(url, 'UPDATE switchboard_schema SET version = 99');
    expect(() => new PostgresEventStore(url)).toThrow('The PostgreSQL store was written by a newer switchboard (schema 99); this one reads schema 1.');
  });

  it('refuses every commit of a core once another has opened the store (an old leader after a takeover): nothing of it is stored, and it is told', () => {
    const url = server.database();
    let fenced = 0;
    const old = track(new PostgresEventStore(url, () => fenced++));
    old.commit([unit(1)]);
    const taker = track(new PostgresEventStore(url));
    expect(taker.lastSeq()).toBe(1);
    const late = () => old.commit([unit(3, { command: { id: 'late', actor: '1001', cmd: 'x', response: 'late', at: 3 } })]);
    // Refused before the new core has written anything: opening the store claimed it.
    expect(late).toThrow('switchboard: another core has taken over this store since this one opened it: this core must not write any more');
    expect(fenced).toBe(1);
    taker.commit([unit(2)]);
    expect(late).toThrow('switchboard: another core has taken over this store');
    expect(taker.findCommand('late')).toBeUndefined();
    expect(taker.eventsAfter(0, 10).map((e) => e.data.agent)).toEqual([agent('1001', 's1'), agent('1001', 's2')]);
  });

  it('carries on over a broken connection: the next commit reconnects and lands once', () => {
    const url = server.database();
    const store = track(new PostgresEventStore(url));
    store.commit([unit(1)]);
    server.sql(url, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    expect(store.commit([unit(2)]).map((e) => e.seq)).toEqual([2]);
    expect(store.findCommand('cmd-1')?.response).toEqual({ ok: true, n: 1 });
    expect(track(new PostgresEventStore(url)).eventsAfter(0, 10).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('fails a commit while the server is down, keeps nothing of it, and commits again once the server is back', async () => {
    const url = server.database();
    const store = track(new PostgresEventStore(url));
    store.commit([unit(1)]);
    await server.kill();
    expect(() => store.commit([unit(2)])).toThrow(/^Cannot reach|^The PostgreSQL store at postgresql:\/\/switchboard@127\.0\.0\.1:\d+\/t\d+ failed: /);
    await server.start();
    expect(store.commit([unit(3)]).map((e) => e.seq)).toEqual([2]);
    const reader = track(new PostgresEventStore(url));
    expect(reader.eventsAfter(0, 10).map((e) => e.data.agent)).toEqual([agent('1001', 's1'), agent('1001', 's3')]);
    expect(reader.findCommand('cmd-2')).toBeUndefined();
  });
});
