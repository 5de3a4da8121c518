import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { CommitUnit } from '../../src/core/ports/store.js';
import { SqliteEventStore } from '../../src/store/sqlite-store.js';
import { scratchDatabases } from '../helpers.js';

const dataFile = scratchDatabases('sqlite-prune-');

/** Command n, at n x 10 ms, with one event. */
function unit(n: number): CommitUnit {
  return {
    events: [{ ev: 'agent.updated', at: n * 10, data: { n }, audience: { agents: ['1001'] } }],
    changes: [],
    command: { id: `cmd-${n}`, actor: '1001', cmd: 'agent.status', response: { ok: true, n }, at: n * 10 },
  };
}

function count(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('the SQLite store prunes a backlog', () => {
  it('takes a large backlog a few hundred rows at a time, so no commit waits long, and catches up', () => {
    const file = dataFile();
    const old = new SqliteEventStore(file, { events: 1_000_000, commandsMs: 100_000 });
    old.commit(Array.from({ length: 3000 }, (_, n) => unit(n)).map((u) => ({ ...u, events: [] })));
    old.close();
    // Much later, every one of the 3,000 answers is past its age.
    const store = new SqliteEventStore(file, { events: 1_000_000, commandsMs: 100_000 });
    const later = (n: number): CommitUnit => ({ ...unit(100_000 + n), events: [] });
    for (let n = 0; n < 100; n++) store.commit([later(n)]);
    expect(count(file, 'commands')).toBe(3100 - 200);
    for (let n = 100; n < 2000; n++) store.commit([later(n)]);
    expect(store.findCommand('cmd-2999')).toBeUndefined();
    expect(store.findCommand(`cmd-${100_000 + 1999}`)).toBeDefined();
    expect(count(file, 'commands')).toBe(2000);
    store.close();
  });
});
