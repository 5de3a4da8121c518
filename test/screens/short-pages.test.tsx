import { afterEach, describe, expect, it } from 'vitest';
import { expectFits, logIn, placeCall, startPanel, tabStripOf, type Panel } from './support.js';

/**
 * Pages taller than the rows a short terminal leaves them. Left to the layout,
 * their lines were squeezed to no height and drawn over each other: at 60x16
 * Dashboard > My Performance lost its tab strip under a bar chart and read
 * "☎ Salesalk — · avg wai…" (two lines in one). Cut at the bottom instead, the
 * page kept its first lines whole, but the rest (My Performance's voice and
 * queues, General's journal and unsent actions) could not be reached at all.
 * They scroll now, with the list's keys, the last row saying which lines are
 * in view and the keys that move them.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

describe('a page taller than the terminal leaves it', () => {
  it('Dashboard > My Performance at 60x16 keeps its tabs and its first lines whole, one under the other', async () => {
    panel = await startPanel({ columns: 60, rows: 16 });
    await logIn(panel, '1001');
    await panel.press('nav.dashboard');
    await panel.press('tab.prev');
    const screen = await panel.waitForText('My workload');
    const lines = screen.split('\n');
    const tabs = lines.findIndex((l) => l.includes('Agents │ Queues │ My Performance'));
    expect(tabs).toBeGreaterThan(0);
    // Right under the tabs, in the page's own order.
    expect(lines[tabs + 1]).toMatch(/^ My workload /);
    expect(lines[tabs + 2]).toMatch(/^ Conversations today\s*$/);
    expect(lines[tabs + 3]).toMatch(/^ Carried over\/today \d+ \/ \d+\s*$/);
    expect(lines[tabs + 4]).toMatch(/^ Closed\s+\d+\s*$/);
    expect(tabStripOf(screen)).toContain('My Performance');
    expectFits(panel.frame(), 60, 16);
  });

  it('Dashboard > My Performance at 60x16 scrolls to its last lines: voice, queues and channels', async () => {
    panel = await startPanel({ columns: 60, rows: 16 });
    await logIn(panel, '1001');
    await panel.press('nav.dashboard');
    await panel.press('tab.prev');
    let screen = await panel.waitForText('My workload');
    // The last row says there is more, and with which key.
    expect(screen).toMatch(/^ lines 1-\d+ of \d+ · ↓ scroll · PgDn page$/m);
    expect(screen).not.toContain('Channels');
    await panel.press('list.end');
    screen = await panel.waitForText('Channels  Voice, Live chat');
    const lines = screen.split('\n');
    const status = lines.findIndex((l) => /^ lines \d+-(\d+) of \1 · ↑ scroll · PgUp page$/.test(l));
    expect(status, screen).toBeGreaterThan(0);
    // The page's last lines, whole and in order, right above the line that says where it is.
    expect(lines[status - 1]).toMatch(/^ Channels {2}Voice, Live chat, Email, SMS, WhatsApp, Facebook\s*$/);
    expect(lines[status - 2]).toMatch(/^ Queues {4}Support Chat, ☎ Support, ☎ Sales\s*$/);
    expect(lines[status - 3]).toMatch(/^\s+avg talk — · avg wait — · SL —\s*$/);
    expect(lines[status - 4]).toMatch(/^ Voice {5}0 answered · 0 declined · 0 abandoned\s*$/);
    expect(tabStripOf(screen)).toContain('My Performance');
    expectFits(panel.frame(), 60, 16);
    // And back to the top, line by line.
    for (let i = 0; i < 30 && !panel.screen().includes('My workload'); i++) await panel.press('list.up');
    expect(panel.screen()).toMatch(/^ lines 1-\d+ of \d+ · ↓ scroll · PgDn page$/m);
  });

  it('Settings > General at 60x16 under a ringing call scrolls to its last rows', async () => {
    // The demo's General: its mail addresses make eight rows, more than the page has under a ringing call.
    panel = await startPanel({ columns: 60, rows: 16, emailListener: '127.0.0.1:2525', emailRelay: 'replies are kept by the demo' });
    await logIn(panel, '1001');
    await panel.press('nav.settings');
    await panel.waitForText('Server');
    placeCall(panel, '7001', { number: '+441234', name: 'Test Caller' });
    let screen = await panel.waitForText('☎ RINGING');
    expect(screen).not.toContain('Unsent actions');
    expect(screen).toMatch(/^ lines 1-\d+ of \d+ · ↓ scroll · PgDn page$/m);
    await panel.press('list.pageDown');
    screen = await panel.waitForText('Unsent actions');
    expect(screen).toMatch(/^ Unsent actions\s+0\s*$/m);
    expect(screen).toMatch(/^ Command journal\s+\S/m);
    expect(screen).toMatch(/^ lines \d+-(\d+) of \1 · ↑ scroll · PgUp page$/m);
    expectFits(panel.frame(), 60, 16);
  });

  it('Profile at 60x16 under a ringing call scrolls to its keys', async () => {
    panel = await startPanel({ columns: 60, rows: 16 });
    await logIn(panel, '1001');
    await panel.press('nav.profile');
    await panel.waitForText('Agent number');
    placeCall(panel, '7001', { number: '+441234', name: 'Test Caller' });
    let screen = await panel.waitForText('☎ RINGING');
    // Cut at the bottom, the workload and the keys to pause and log out were out of reach.
    expect(screen).not.toContain('log out');
    expect(screen).toMatch(/^ lines 1-\d+ of \d+ · ↓ scroll · PgDn page$/m);
    await panel.press('list.end');
    screen = await panel.waitForText('log out');
    expect(screen).toMatch(/^ Workload /m);
    expect(screen).toMatch(/^ lines \d+-(\d+) of \1 · ↑ scroll · PgUp page$/m);
    expectFits(panel.frame(), 60, 16);
  });
});
