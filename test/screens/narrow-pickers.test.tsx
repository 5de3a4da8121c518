import { afterEach, describe, expect, it } from 'vitest';
import { mail, mailConfig } from './email-support.js';
import { expectFits, logIn, NARROW, startPanel, type Panel } from './support.js';

/**
 * Pickers given the rows the screen has left: the email's signature picker
 * took 10 rows whatever the screen, so at 60x16 under the pause banner an
 * agent with many signatures saw them run under the bottom edge, the box
 * with no bottom border.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});


describe('pickers at 60x16', () => {
  it("an email's signature picker keeps its bottom border under the pause banner, with twelve signatures", async () => {
    panel = await startPanel({ ...NARROW, config: mailConfig() });
    await logIn(panel, '1001');
    for (let i = 1; i <= 12; i++) await panel.client.send('signature.create', { name: `Signature ${String(i).padStart(2, '0')}`, text: `Regards ${i}`, isDefault: i === 1 });
    await panel.press('nav.email');
    mail(panel);
    await panel.waitForText('maya@example.org');
    await panel.press('chats.open');
    await panel.waitForText('Refund for order 4411');
    await panel.press('composer.leave');
    await panel.press('agent.pause');
    await panel.waitForText('Pause — choose a reason');
    await panel.press('list.choose');
    await panel.waitForText('PAUSED — Break');
    await panel.press('conversation.reply');
    await panel.press('email.signature');
    const screen = await panel.waitForText('Signature of this email');
    const lines = screen.split('\n');
    const from = lines.findIndex((l) => l.includes('Signature of this email'));
    const bottom = lines.findIndex((l, i) => i > from && l.trimStart().startsWith('╰'));
    expect(bottom, screen).toBeGreaterThan(from);
    expect(lines[bottom]!.trimEnd(), screen).toMatch(/╯$/);
    expect(screen).toContain('› ● My default (Signature 01)');
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);
    // Up from the first is the last: in view and chosen, the box still closed.
    await panel.press('list.up');
    const last = await panel.waitForText(/› +No signature/);
    expect(last.split('\n').find((l) => l.trimStart().startsWith('╰'))?.trimEnd(), last).toMatch(/╯$/);
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);
  });
});
