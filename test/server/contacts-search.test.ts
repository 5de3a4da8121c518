import { afterEach, describe, expect, it } from 'vitest';
import type { Contact } from '../../src/core/protocol/contacts.js';
import { agentUrlOf, loginAgent, ok, onCleanup, runCleanups, startTestServer } from './support.js';

afterEach(runCleanups);

/**
 * contacts.search over a real WebSocket: a search is by the start of a
 * word, and a name's punctuation is searched for like its letters.
 */
describe('contacts.search', () => {
  it('finds a name by any printable character it holds, wherever it is in the word', async () => {
    const server = await startTestServer();
    const ada = await loginAgent(agentUrlOf(server), '1001');
    onCleanup(() => ada.client.close());
    const create = async (firstName: string, lastName: string) => ok<{ contact: Contact }>(await ada.client.request('contact.create', { firstName, lastName, personType: 'Customer' })).contact.id;
    const odd = await create('Ann', '%_\\');
    const comma = await create('Bob', 'Doe,Jr;II');
    const plain = await create('Cy', 'Moss');
    const found = async (query: string) => ok<{ rows: Contact[] }>(await ada.client.request('contacts.search', { query })).rows.map((c) => c.id);
    for (const q of ['%', '_', '\\', '%_', '_\\', '%_\\']) expect(await found(q), q).toEqual([odd]);
    for (const q of [',', ',jr', 'jr', ';', 'ii', 'doe,jr;ii', 'bob doe']) expect(await found(q), q).toEqual([comma]);
    expect(await found('moss')).toEqual([plain]);
    expect(await found('_x')).toEqual([]);
  });
});
