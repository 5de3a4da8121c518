import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/store/sqlite-store.js';
import { scratchDatabases } from '../helpers.js';
import { SCHEMA_2_AND_3_TABLES } from './old-schemas.js';

const dataFile = scratchDatabases('schema4-');

describe('store schema 4', () => {
  it('upgrades schema 3, keeping its answers for retries in the order they came', () => {
    const file = dataFile();
    const old = new Database(file);
    old.exec(SCHEMA_2_AND_3_TABLES);
    old.exec(`
      INSERT INTO meta VALUES ('schema', '3');
      INSERT INTO commands VALUES ('zz-first', '1001', 'agent.pause#00', '{"ok":true,"first":1}', 100);
      INSERT INTO commands VALUES ('aa-second', '1001', 'agent.ready#00', '{"ok":true,"second":2}', 200);
    `);
    old.close();
    const store = new SqliteEventStore(file, { events: 1000, commandsMs: 1000 });
    expect(store.findCommand('zz-first')).toEqual({ id: 'zz-first', actor: '1001', cmd: 'agent.pause#00', response: { ok: true, first: 1 }, at: 100 });
    expect(store.findCommand('aa-second')?.response).toEqual({ ok: true, second: 2 });
    store.commit([{ events: [], changes: [], command: { id: 'cmd-500', actor: '1001', cmd: 'agent.status', response: { ok: true }, at: 5000 } }]);
    expect(store.findCommand('cmd-500')?.at).toBe(5000);
    store.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT id FROM commands ORDER BY n').pluck().all()).toEqual(['zz-first', 'aa-second', 'cmd-500']);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get()).toBe('4');
    db.close();
  });
});
