import { afterEach, describe, expect, it } from 'vitest';
import { importContacts } from '../../src/core/contacts/import.js';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { demoConfig } from '../helpers.js';
import { FakeClock } from '../fake-clock.js';
import { expectFits, lineWith, logIn, NARROW, patientConfig, placeCall, startPanel, type Panel } from './support.js';

/**
 * At 60x16 a summary line that does not fit leaves out whole parts, the least
 * important first, or goes on to another line between them: cut at the
 * edge, the Queues tab read "2 of 2 · my queues · M…", Callbacks "for
 * anyone ·…", the dashboard's queue line "abandoned 0 · d…" and the
 * Contacts line an email address cut mid-way.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});


/** A line of parts joined by " · ": none cut, so no "…". */
function expectWholeParts(line: string, screen: string) {
  expect(line, screen).not.toBe('');
  expect(line, screen).not.toContain('…');
}

async function calls(tab: 'Queues' | 'Agents' | 'Alerts' | 'Callbacks', marker: string | RegExp) {
  const order = ['Calls', 'Queues', 'Agents', 'Alerts', 'Callbacks'];
  for (let i = 0; i < order.indexOf(tab); i++) await panel!.press('tab.next');
  return panel!.waitForText(marker);
}

describe('summary lines at 60x16', () => {
  it('the Queues tab keeps its count and what it shows, and leaves the MWT threshold out whole', async () => {
    panel = await startPanel(NARROW);
    await logIn(panel, '1001');
    const screen = await calls('Queues', 'search by queue name');
    const line = lineWith(screen, 'search by queue name');
    expectWholeParts(line, screen);
    expect(line.trim()).toMatch(/ {3}2 of 2 · my queues$/);
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);

    // Searching, the count and what is shown stay whole beside the query.
    await panel.press('search.open');
    await panel.type('sup');
    const searching = await panel.waitForText('1 of 2');
    expectWholeParts(lineWith(searching, 'Search:'), searching);
  });

  it('the Agents tab keeps its count whole and leaves out what it does not have room for', async () => {
    panel = await startPanel(NARROW);
    await logIn(panel, '1001');
    const screen = await calls('Agents', /search.* 0 of 0/);
    const line = lineWith(screen, '0 of 0');
    expectWholeParts(line, screen);
    expect(line).not.toMatch(/agents of my\s*$/);
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);
  });

  it('Callbacks says whose callbacks it lists, to its last word', async () => {
    panel = await startPanel(NARROW);
    await logIn(panel, '1001');
    const screen = await calls('Callbacks', '0 callbacks');
    const line = lineWith(screen, '0 callbacks');
    expectWholeParts(line, screen);
    expect(line.trimEnd()).toMatch(/0 callbacks {3}mine, and those of my campaign for anyone$/);
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);
  });

  it("Dashboard > Queues puts a voice queue's figures and a chat queue's state on lines of their own, each whole", async () => {
    // Sunday noon in London: Support Chat (Mon-Sat) is closed, its line the longest.
    panel = await startPanel({ ...NARROW, clock: new FakeClock('2026-01-04T12:00:00Z'), config: patientConfig() });
    await logIn(panel, '1001', { paused: true });
    placeCall(panel, '7001');
    await panel.press('nav.dashboard');
    await panel.waitForText('← → tabs');
    await panel.press('tab.next');
    let screen = await panel.waitForText(/› ○\s+Support Chat/);
    const chat = screen.split('\n').slice(screen.split('\n').findIndex((l) => l.includes('Support Chat: closed')));
    expectWholeParts(chat[0]!, screen);
    expect(chat[0]!.trim()).toBe('Support Chat: closed now (outside operation hours)');
    expect(chat[1]!.trim()).toBe('Enter its agents · ● open ○ closed ☎ voice');

    await panel.press('list.down');
    screen = await panel.waitForText(/☎ Support \(7001\)\s+MWT/);
    const at = screen.split('\n').findIndex((l) => /^ ☎ Support \(7001\)\s+MWT/.test(l));
    const figures = screen.split('\n').slice(at, at + 2);
    for (const line of figures) expectWholeParts(line, screen);
    // Every figure is there, whole, over the two lines.
    const both = figures.join(' ');
    for (const part of ['answered 0', 'abandoned 0', 'declined 0', 'avg wait —', 'SL — in 20s', 'idle 0']) expect(both, screen).toContain(part);
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);
  });

  it("Contacts' line under the table has the email and phone whole, and leaves out the address that has no room", async () => {
    panel = await startPanel(NARROW);
    panel.server.engine.run((ctx) =>
      importContacts(ctx, '9001', [
        {
          line: 2,
          firstName: 'Anton',
          lastName: 'Abbott',
          personType: 'Customer',
          company: 'Contoso',
          emails: ['anton.abbott9@example.org'],
          phones: ['+441614960009'],
          address: '221 Long Street, Manchester M1 1AA',
        },
      ]),
    );
    await logIn(panel, '1001');
    await panel.press('nav.contacts');
    const screen = await panel.waitForText('Anton Abbott');
    const line = lineWith(screen, '+441614960009');
    expectWholeParts(line, screen);
    expect(line.trim()).toBe('anton.abbott9@example.org · +441614960009 · Contoso');
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);
  });

  it("Conversations' line under the table leaves out the customer's address whole where it has no room", async () => {
    const config = demoConfig();
    for (const q of config.messagingQueues) delete (q as { hours?: unknown }).hours;
    panel = await startPanel({ ...NARROW, config });
    await logIn(panel, '1001');
    panel.server.engine.run((ctx) =>
      visitorStart(ctx, { visitorId: 'v-1', name: 'Kenji Novak', email: 'kenji.novak.orders@example.com', queue: 'support-chat', ip: '198.51.100.1', geo: null, text: 'Hello' }),
    );
    await panel.press('nav.conversations');
    const screen = await panel.waitFor((s) => /› .*Kenji Novak/.test(s) && s.includes('Live chat'), 'the chat and its line');
    const line = lineWith(screen, 'Live chat');
    expectWholeParts(line, screen);
    expect(line.trim()).toMatch(/^conv-\S+ · Live chat$/);
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);
  });
});
