import { afterEach, describe, expect, it } from 'vitest';
import { fitProfileRows } from '../../src/screens/chats/profile-fit.js';
import { mail, mailConfig } from './email-support.js';
import { expectFits, logIn, startPanel, type Panel } from './support.js';

/**
 * The profile shown above a short log, at 80x24: it has only the rows the log
 * leaves, and what goes when they are too few is the least important (the ID
 * and channel the desk already says), not whatever came last (the transfer
 * history the manual's card is for).
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

describe('the profile above a short log', () => {
  it("an unassigned email read by a paused agent keeps its Transfers row; the Channel row goes", async () => {
    panel = await startPanel({ config: mailConfig() });
    const p = panel;
    // Paused: the pause banner takes a row, and nobody else is there to take the email.
    await logIn(p, '1001', { paused: true });
    await p.press('nav.email');
    mail(p, { subject: 'Lost parcel', text: 'My parcel never came.' });
    await p.key('right');
    await p.waitForText('Unassigned Emails 1');
    await p.press('chats.open');
    const screen = await p.waitForText('Maya Fischer — Lost parcel');
    // The pane is above the log: the customer's message is on screen with it.
    expect(screen).toContain('Maya Fischer: My parcel never came.');
    for (const row of [/Started\s+\d\d:\d\d/, /Queue\s+Support Chat/, /Agent\s+unassigned/, /Status\s+Open/, /Transfers\s+none/]) expect(screen).toMatch(row);
    expect(screen).not.toMatch(/Channel\s+email/);
    expectFits(p.frame());
  });
});

describe('which profile rows stay when they do not all fit', () => {
  it('the latest transfer stays before earlier ones, and the rest keep their order', () => {
    const rows: Array<[string, string]> = [
      ['title', 'Conversation'],
      ['ID', 'c1'],
      ['Channel', 'email'],
      ['Agent', 'unassigned'],
      ['Transfer', '10:00 Ben Okafor: Support Chat → Manual Mail'],
      ['Reassigned', '10:05 Ben Okafor logged out: back to Support Chat'],
    ];
    expect(fitProfileRows(rows, 3).map((r) => r[0])).toEqual(['title', 'Agent', 'Reassigned']);
    expect(fitProfileRows(rows, 6)).toEqual(rows);
  });
});
