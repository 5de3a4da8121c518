import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/store/sqlite-store.js';
import { scratchDatabases } from '../helpers.js';

const dataFile = scratchDatabases('schema3-');

describe('store schema 3', () => {
  it('renames what schema 2 remembered of returning customers (contact) to customer, entities and the events that rebuild them', () => {
    const file = dataFile();
    const memory = { id: 'email:pat@x.io', name: 'Pat', email: 'pat@x.io', phone: null, lastAgent: '1001', lastConversation: 'conv-1' };
    const old = new Database(file);
    old.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, ev TEXT NOT NULL, at INTEGER NOT NULL, data TEXT NOT NULL, audience TEXT NOT NULL);
      CREATE TABLE entities (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID;
      CREATE TABLE commands (id TEXT PRIMARY KEY, actor TEXT, cmd TEXT, response TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO meta VALUES ('schema', '2');
    `);
    old.prepare('INSERT INTO entities VALUES (?, ?, ?)').run('contact', memory.id, JSON.stringify(memory));
    old.prepare('INSERT INTO events (ev, at, data, audience) VALUES (?, ?, ?, ?)').run('contact.updated', 1, JSON.stringify({ contact: memory, reason: 'seen' }), '{}');
    old.close();
    const store = new SqliteEventStore(file);
    expect([...store.loadEntities()]).toEqual([{ kind: 'customer', key: memory.id, value: memory }]);
    expect([...store.allEvents()].map((e) => [e.ev, e.data])).toEqual([['customer.updated', { customer: memory, reason: 'seen' }]]);
    store.close();
  });
});
