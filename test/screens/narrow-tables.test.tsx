import { afterEach, describe, expect, it } from 'vitest';
import { importContacts } from '../../src/core/contacts/import.js';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { mail, mailConfig } from './email-support.js';
import { alwaysOpenChatConfig, visitPatJones } from './killed-panel-scene.js';
import { expectFits, logIn, loginAgent, startPanel, type Panel } from './support.js';

/**
 * Between the 60x16 minimum and 80x24 the tables drop whole columns, the
 * least useful first, instead of being cut at the edge: cut, the last column
 * lost its words mid-way ("Date…", "12-0…") and the header no longer said
 * what the cells under it were.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

const SIZES = [
  { columns: 60, rows: 16 },
  { columns: 70, rows: 24 },
] as const;

/** The line of the table's column titles: the one starting with `first` after the marker's two spaces. */
const headerOf = (screen: string, first: string) => screen.split('\n').find((l) => l.startsWith(`   ${first} `))!;
const lineWith = (screen: string, text: string) => screen.split('\n').find((l) => l.includes(text))!;
const titlesOf = (header: string) => header.trim().split(/\s{1,}/);

describe.each(SIZES)('tables at $columns x $rows', ({ columns, rows }) => {
  it('Conversations keeps the customer and the state whole, under their titles, and drops the ID first', async () => {
    panel = await startPanel({ columns, rows });
    await logIn(panel, '1001', { paused: true });
    panel.server.engine.run((ctx) => visitorStart(ctx, { visitorId: 'v1', name: 'Yara Quinn', email: null, queue: 'support-chat', ip: '192.0.2.1', geo: null, text: 'Hello?' }));
    await panel.press('nav.conversations');
    // Her row, not the toast that names her.
    const screen = await panel.waitFor((s) => /Yara Quinn.* Open\b/.test(s), "Yara Quinn's row");
    const header = headerOf(screen, 'Queue');
    // Every title whole; the last one is the state, not a cut "Date…".
    expect(header).not.toContain('…');
    expect(titlesOf(header).at(-1)).toBe('State');
    expect(titlesOf(header)).toContain('Customer');
    expect(titlesOf(header)).not.toContain('ID');
    // At 60 columns the agent gives way too; at 70 there is room for it.
    expect(titlesOf(header).includes('Agent')).toBe(columns >= 70);
    const row = screen.split('\n').find((l) => /Yara Quinn.* Open\b/.test(l))!;
    expect(row.indexOf('Yara Quinn')).toBe(header.indexOf('Customer'));
    expect(row.indexOf('Open')).toBe(header.indexOf('State'));
    expectFits(panel.frame(), columns, rows);
  });

  it("Dashboard > Agents keeps each agent's state, time and load under their titles", async () => {
    panel = await startPanel({ columns, rows });
    await logIn(panel, '1001');
    const carla = loginAgent(panel.server, '1003');
    carla('agent.pause', { reason: 'Lunch' });
    await panel.press('nav.dashboard');
    const screen = await panel.waitFor((s) => /Carla Mendes\s+\S+\s+Paused/.test(s), 'Carla paused on the dashboard');
    const header = headerOf(screen, 'Name');
    expect(header).not.toContain('…');
    expect(titlesOf(header).slice(0, 1)).toEqual(['Name']);
    for (const title of ['State', 'Time', 'Load']) expect(titlesOf(header)).toContain(title);
    const row = lineWith(screen, 'Carla Mendes');
    expect(row.indexOf('Paused')).toBe(header.indexOf('State'));
    // Right-aligned: the load ends where its title ends.
    expect(row.trimEnd().length).toBe(header.indexOf('Load') + 'Load'.length);
    expectFits(panel.frame(), columns, rows);
  });

  it('Contacts keeps the chosen columns that fit whole, the last chosen giving way first', async () => {
    panel = await startPanel({ columns, rows });
    panel.server.engine.run((ctx) =>
      importContacts(ctx, '9001', [{ line: 2, firstName: 'Anton', lastName: 'Abbott', personType: 'Customer', emails: ['anton.abbott9@example.org'], phones: ['+441614960009'] }]),
    );
    await logIn(panel, '1001');
    await panel.press('nav.contacts');
    const screen = await panel.waitForText('Anton Abbott');
    const header = headerOf(screen, 'Name');
    expect(header).not.toContain('…');
    // Name, Type, Email and Phone are the default columns; Phone (the last) leaves first, and is in the line under the table.
    expect(titlesOf(header).slice(0, 3)).toEqual(['Name', 'Type', 'Email']);
    expect(titlesOf(header)).not.toContain('Phone');
    expect(lineWith(screen, 'Anton Abbott').indexOf('anton.abbott')).toBe(header.indexOf('Email'));
    expect(screen).toContain('+441614960009');
    expectFits(panel.frame(), columns, rows);
  });

  it('My Chats keeps the last message and the status whole, the queue giving way first', async () => {
    panel = await startPanel({ columns, rows, config: alwaysOpenChatConfig() });
    await logIn(panel, '1001');
    visitPatJones(panel);
    await panel.key('g t');
    // Her row, not a notice that names her.
    const screen = await panel.waitFor((s) => /Pat Jones.* Open\b/.test(s), "Pat Jones's row");
    const header = headerOf(screen, 'New');
    expect(header).not.toContain('…');
    expect(titlesOf(header).at(-1)).toBe('Status');
    expect(header).toContain('Last message');
    expect(titlesOf(header).includes('Queue')).toBe(columns >= 70);
    const row = screen.split('\n').find((l) => /Pat Jones.* Open\b/.test(l))!;
    expect(row.indexOf('Open')).toBe(header.indexOf('Status'));
    expect(row).toContain('Hello, my');
    expectFits(panel.frame(), columns, rows);
  });

  it('My Emails keeps the subject, the start and the status whole, the queue giving way first', async () => {
    panel = await startPanel({ columns, rows, config: mailConfig() });
    await logIn(panel, '1001');
    await panel.press('nav.email');
    mail(panel);
    const screen = await panel.waitFor((s) => /maya@example\.org +Refund for/.test(s), "Maya's row");
    const header = headerOf(screen, 'New');
    expect(header).not.toContain('…');
    expect(titlesOf(header).slice(-2)).toEqual(['Start', 'Status']);
    expect(titlesOf(header).includes('Queue')).toBe(columns >= 70);
    const row = screen.split('\n').find((l) => /maya@example\.org +Refund for/.test(l))!;
    expect(row.indexOf('Refund for')).toBe(header.indexOf('Subject'));
    expect(row.trimEnd()).toMatch(/\d\d:\d\d +\S+$/);
    expect(row.search(/\d\d:\d\d/)).toBe(header.indexOf('Start'));
    expectFits(panel.frame(), columns, rows);
  });
});
