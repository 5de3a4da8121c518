import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/store/sqlite-store.js';
import { scratchDatabases } from '../helpers.js';
import { SCHEMA_2_AND_3_TABLES } from './old-schemas.js';

const dataFile = scratchDatabases('schema3-');

describe('store schema 3', () => {
  it('renames what schema 2 remembered of returning customers (contact) to customer, entities and the events that rebuild them', () => {
    const file = dataFile();
    const memory = { id: 'email:pat@x.io', name: 'Pat', email: 'pat@x.io', phone: null, lastAgent: '1001', lastConversation: 'conv-1' };
    const old = new Database(file);
    old.exec(SCHEMA_2_AND_3_TABLES);
    old.exec(`
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
