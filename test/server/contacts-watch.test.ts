import { afterEach, describe, expect, it } from 'vitest';
import { agentUrlOf, loginAgent, ok, onCleanup, runCleanups, startTestServer } from './support.js';

afterEach(runCleanups);

/**
 * The directory may hold 100,000 contacts: none is in the login snapshot,
 * and a contact's change reaches only the panels that have it on screen
 * (contacts.watch), over a real WebSocket.
 */
describe('contact events', () => {
  it('go only to the agents watching that contact; the snapshot carries no contacts', async () => {
    const server = await startTestServer();
    onCleanup(() => server.close());
    const url = agentUrlOf(server);
    const ada = await loginAgent(url, '1001');
    const bo = await loginAgent(url, '1002');
    const sue = await loginAgent(url, '9001');
    onCleanup(() => [ada, bo, sue].forEach((x) => x.client.close()));
    const jane = ok<{ contact: { id: string } }>(await ada.client.request('contact.create', { firstName: 'Jane', lastName: 'Doe', personType: 'Customer' })).contact;
    const omar = ok<{ contact: { id: string } }>(await ada.client.request('contact.create', { firstName: 'Omar', lastName: 'Reyes', personType: 'Customer' })).contact;
    const later = await loginAgent(url, '1003');
    onCleanup(() => later.client.close());
    expect(JSON.stringify(later.snapshot)).not.toContain(jane.id);
    ok(await bo.client.request('contacts.watch', { ids: [jane.id] }));
    const boFrom = bo.client.frames.length;
    const sueFrom = sue.client.frames.length;
    ok(await ada.client.request('contact.update', { id: jane.id, firstName: 'Janet', lastName: 'Doe', personType: 'Customer' }));
    ok(await ada.client.request('contact.update', { id: omar.id, firstName: 'Omar', lastName: 'Reyes', personType: 'Partner' }));
    const e = await bo.client.nextEvent((f) => f.ev === 'contact.updated', boFrom);
    expect((e.data.contact as { firstName: string }).firstName).toBe('Janet');
    // A ping's answer comes after any event of the updates: by then Sue (a supervisor, watching nothing) got none.
    ok(await sue.client.request('sys.ping', {}));
    ok(await bo.client.request('sys.ping', {}));
    const evs = (c: typeof bo, from: number) => c.client.frames.slice(from).filter((f) => 'ev' in f && String(f.ev).startsWith('contact.')).map((f) => (f as { data: { contact?: { id: string } } }).data.contact?.id);
    expect(evs(sue, sueFrom)).toEqual([]);
    expect(evs(bo, boFrom)).toEqual([jane.id]);
    // Watching nothing any more: no more events.
    ok(await bo.client.request('contacts.watch', { ids: [] }));
    const after = bo.client.frames.length;
    ok(await ada.client.request('contact.update', { id: jane.id, firstName: 'Jane', lastName: 'Doe', personType: 'Customer' }));
    ok(await bo.client.request('sys.ping', {}));
    expect(evs(bo, after)).toEqual([]);
  });
});
