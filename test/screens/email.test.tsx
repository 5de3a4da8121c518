import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/core/config/schema.js';
import { receiveInbound } from '../../src/core/messaging/inbound.js';
import type { Conversation } from '../../src/core/protocol/model.js';
import { demoConfig } from '../helpers.js';
import { expectFits, footerOf, logIn, startPanel, type Panel } from './support.js';

/**
 * The Email section at 80x24: an email reaches My Emails with the manual's
 * notice and the header's count; opened, its quoted history is folded
 * until asked; the reply is written over several lines, in the agent's own
 * editor, with copies and a chosen signature, and is shown with its delivery
 * status. Unassigned Emails previews and assigns; Settings > Email
 * signatures adds from a template, sets the default and deletes.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

/** The demo with its queue always open (tests must not depend on the hour) and a queue taken by hand. */
function mailConfig(): Config {
  const config = demoConfig();
  const support = config.messagingQueues.find((q) => q.id === 'support-chat')!;
  delete (support as { hours?: unknown }).hours;
  config.messagingQueues.push({ id: 'manual-mail', name: 'Manual Mail', channels: ['email'], survey: false, autoAssign: false });
  config.agents.find((a) => a.number === '1001')!.messagingQueues.push('manual-mail');
  config.email!.addresses.push({ address: 'manual@demo.switchboard', queue: 'manual-mail' });
  return config;
}

let n = 0;
function mail(p: Panel, options: { queue?: string; from?: string; subject?: string; text?: string } = {}): Conversation {
  n++;
  const from = options.from ?? 'maya@example.org';
  return p.server.engine.run(
    (ctx) =>
      receiveInbound(ctx, {
        channel: 'email',
        queue: options.queue ?? 'support-chat',
        externalId: `<m${n}@example.org>`,
        threadRef: `<m${n}@example.org>`,
        customer: { id: `email:${from}`, name: 'Maya Fischer', email: from, phone: null, ip: null, geo: null },
        subject: options.subject ?? 'Refund for order 4411',
        text: options.text ?? 'Where is my refund?\n\nOn Mon, Support wrote:\n> We refund within 5 days.\n> Regards',
        attachments: [],
        mail: { from, to: ['support@demo.switchboard'], cc: [], subject: options.subject ?? 'Refund for order 4411' },
      }).conversation,
  );
}

describe('the Email section', () => {
  it('lists my email with the notice and count, folds quoted history, and sends a long reply with copies, a signature and the editor', async () => {
    const edited: string[] = [];
    panel = await startPanel({
      config: mailConfig(),
      editor: (draft) => {
        edited.push(draft);
        return { ok: true, text: `${draft}\nWritten in my editor.` };
      },
    });
    await logIn(panel);
    await panel.press('nav.email');
    mail(panel);
    let screen = await panel.waitForText('You have a new assigned email.');
    expect(screen).toMatch(/✉1 ●1/);
    expect(screen).toMatch(/My Emails 1 ●1/);
    expect(screen).toMatch(/maya@example\.org\s+Refund for order 4411\s+Support Chat/);
    expectFits(screen);

    await panel.press('chats.open');
    screen = await panel.waitForText('▸ 3 lines of quoted history (q shows)');
    expect(screen).not.toContain('We refund within 5 days.');
    await panel.press('composer.leave');
    await panel.press('email.quoted');
    await panel.waitForText('> We refund within 5 days.');

    await panel.press('conversation.reply');
    await panel.type('Hi Maya,');
    await panel.press('email.newline');
    await panel.type('it left today.');
    await panel.press('email.editor');
    await panel.waitForText('Written in my editor.');
    expect(edited).toEqual(['Hi Maya,\nit left today.']);

    await panel.press('email.copies');
    await panel.type('boss@example.org');
    await panel.key('tab');
    await panel.type('not-an-address');
    await panel.key('enter');
    await panel.waitForText('Not an email address: not-an-address');
    for (let i = 0; i < 'not-an-address'.length; i++) await panel.key('backspace');
    await panel.type('audit@example.org');
    await panel.key('enter');
    await panel.waitForText('Cc boss@example.org · Bcc audit@example.org');

    await panel.press('email.signature');
    await panel.waitForText('Signature of this email');
    await panel.key('up');
    await panel.key('enter');
    screen = await panel.waitFor((sc) => !sc.includes('Signature of this email') && sc.includes('Written in my editor.'), 'the picker closed');
    expect(footerOf(screen)).toMatch(/Ctrl\+D send/);
    expectFits(screen);

    await panel.press('email.send');
    await panel.waitFor(() => panel!.sent('message.send').length === 1, 'the reply sent');
    expect(panel.sent('message.send')[0]!.args).toMatchObject({ text: 'Hi Maya,\nit left today.\nWritten in my editor.', cc: ['boss@example.org'], bcc: ['audit@example.org'], signature: null });
    // No relay in this centre: the reply waits, and says why.
    screen = await panel.waitForText('⧗ queued');
    expect(screen).toContain('Written in my editor.');
    expectFits(screen);
  });

  it('previews an unassigned email and assigns it', async () => {
    panel = await startPanel({ config: mailConfig() });
    await logIn(panel);
    await panel.press('nav.email');
    mail(panel, { queue: 'manual-mail', from: 'olaf@example.com', subject: 'Bulk pricing', text: 'Do you offer discounts for 50 seats?' });
    await panel.waitForText('New unassigned email in Manual Mail: Maya Fischer');
    await panel.key('right');
    let screen = await panel.waitForText('Preview · olaf@example.com');
    expect(screen).toContain('Do you offer discounts for 50 seats?');
    expect(screen).toMatch(/Unassigned Emails 1/);
    expectFits(screen);
    await panel.press('chats.assign');
    screen = await panel.waitForText('Bulk pricing');
    await panel.waitFor(() => panel!.server.engine.state.all('conversation').next().value?.agent === '1001', 'assigned to 1001');
    expect(panel.sent('conversation.assign')).toHaveLength(1);
  });

  it('Settings > Email signatures: from a template, set as default, deleted', async () => {
    panel = await startPanel({ config: mailConfig() });
    await logIn(panel);
    await panel.press('nav.settings');
    for (let i = 0; i < 5; i++) await panel.key('right');
    let screen = await panel.waitForText('You have no email signature yet.');
    expectFits(screen);
    await panel.press('signatures.new');
    await panel.waitForText('start from a template');
    await panel.key('down');
    await panel.key('enter');
    screen = await panel.waitForText('New signature');
    expect(screen).toContain('{{agent.name}}');
    expect(screen).toContain('[x] Set as Default Signature');
    await panel.press('signatures.save');
    screen = await panel.waitForText('★ Standard (default)');
    expect(screen).toContain('── Preview: Standard');
    const mine = () => [...panel!.server.engine.state.all('signature')].filter((s) => s.agent === '1001');
    expect(mine()).toEqual([expect.objectContaining({ name: 'Standard', isDefault: true })]);

    await panel.press('signatures.new');
    await panel.key('enter');
    await panel.type('Short one');
    await panel.press('signatures.field');
    await panel.type('Bye');
    await panel.press('signatures.save');
    await panel.waitForText('Short one');
    await panel.press('search.open');
    await panel.type('short');
    await panel.waitForText('Search: short');
    await panel.press('search.done');
    await panel.press('signatures.default');
    await panel.waitFor(() => mine().find((s) => s.isDefault)?.name === 'Short one', 'Short one the default');
    await panel.press('signatures.delete');
    await panel.press('dialog.confirm');
    await panel.waitFor(() => mine().length === 1, 'one deleted');
    expect(mine()[0]!.name).toBe('Standard');
  });
});
