import { afterEach, describe, expect, it } from 'vitest';
import { close } from '../../src/core/messaging/conversation.js';
import { receiveInbound } from '../../src/core/messaging/inbound.js';
import { mail, mailConfig } from './email-support.js';
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
/** Message-IDs of the older mails some tests write straight to the core. */
let n = 0;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

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
    screen = await panel.waitForText('▸ 3 lines of quoted history');
    expect(screen).not.toContain('We refund within 5 days.');
    // Out of the reply box (where q is a letter) the fold names its key.
    await panel.press('composer.leave');
    await panel.waitForText('▸ 3 lines of quoted history (q shows)');
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

  /** Agent 1001 on the Email section, and Olaf's mail waiting unassigned in Manual Mail. */
  async function bulkPricingUnassigned() {
    panel = await startPanel({ config: mailConfig() });
    await logIn(panel);
    await panel.press('nav.email');
    return mail(panel, { queue: 'manual-mail', from: 'olaf@example.com', subject: 'Bulk pricing', text: 'Do you offer discounts for 50 seats?' });
  }

  /** The same mail, opened from Unassigned Emails and assigned to 1001 in its own view (composer left). */
  async function bulkPricingTakenFromItsView() {
    const c = await bulkPricingUnassigned();
    await panel.key('right');
    await panel.waitForText('Preview · olaf@example.com');
    await panel.press('chats.open');
    await panel.waitForText('Waiting unassigned in Manual Mail');
    await panel.press('conversation.assign');
    await panel.waitForText("Maya Fischer's email is yours now.");
    await panel.press('composer.leave');
    return c;
  }

  it('previews an unassigned email and assigns it', async () => {
    await bulkPricingUnassigned();
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

  it("the preview says the email waits unassigned, and offers to read or take it, not an 'Open' that reads as an action", async () => {
    await bulkPricingUnassigned();
    await panel.key('right');
    const screen = await panel.waitForText('Preview · olaf@example.com');
    expect(screen).toContain('Preview · olaf@example.com · waiting unassigned in Manual Mail');
    expect(screen).not.toMatch(/Preview .*· Open/);
    expect(screen).toContain('a Assign to me · Enter read it');
    expectFits(screen);
  });

  it('goes back to My Emails, the email chosen, after assigning it from its own view', async () => {
    await bulkPricingTakenFromItsView();
    await panel.press('conversation.back');
    // Not the Unassigned list it has left, empty now.
    const screen = await panel.waitFor((s) => /› \s*olaf@example\.com\s+Bulk pricing\s+Manual Mail/.test(s), 'the email chosen on My Emails');
    expect(screen).toContain('1 assigned · 1 to reply to');
    expect(screen).not.toContain('No email waits unassigned');
    expectFits(screen);
  });

  it('counts an email as to reply to until the agent answers it, read or not, and again when the customer writes back', async () => {
    panel = await startPanel({ config: mailConfig() });
    await logIn(panel);
    await panel.press('nav.email');
    const c = mail(panel, { subject: 'Lost parcel', text: 'My parcel never came.' });
    await panel.waitForText('1 assigned · 1 to reply to');
    await panel.press('chats.open');
    await panel.waitForText('My parcel never came.');
    await panel.waitFor(() => panel!.server.engine.state.get('conversation', c.id)?.unread === 0, 'the email to be read');
    await panel.press('composer.leave');
    await panel.press('conversation.back');
    // Read is not answered: the customer still waits.
    let screen = await panel.waitForText('1 assigned · 1 to reply to');
    expectFits(screen);
    await panel.press('chats.open');
    await panel.waitForText('Reply (Ctrl+D sends)');
    await panel.type('We are tracing it.');
    await panel.press('email.send');
    await panel.waitForText('You: We are tracing it.');
    await panel.press('composer.leave');
    await panel.press('conversation.back');
    await panel.waitForText('1 assigned · 0 to reply to');
    panel.server.engine.run((ctx) =>
      receiveInbound(ctx, {
        channel: 'email',
        queue: 'support-chat',
        externalId: '<parcel-again@example.org>',
        threadRef: c.externalRef!,
        customer: c.customer,
        subject: 'Re: Lost parcel',
        text: 'Any news?',
        attachments: [],
        mail: { from: 'maya@example.org', to: ['support@demo.switchboard'], cc: [], subject: 'Re: Lost parcel' },
      }),
    );
    screen = await panel.waitForText('1 assigned · 1 to reply to');
    expectFits(screen);
  });

  it('an email marked Solved stays in My Emails, Solved, until the customer writes back; its view speaks of an email, not a chat', async () => {
    const c = await bulkPricingTakenFromItsView();
    await panel.press('conversation.status');
    let screen = await panel.waitForText('Status of this email (now Open)');
    expect(screen).toContain('Solved — waits for the customer to confirm it');
    expectFits(screen);
    await panel.press('list.down');
    await panel.press('list.down');
    await panel.press('list.choose');
    screen = await panel.waitForText('Ticket status updated from Open to Solved.');
    expect(screen).toContain('Solved: waiting for the customer to confirm; a reply opens it · x close');
    expect(screen).not.toContain('Conversation closed.');
    expect(panel.server.engine.state.get('conversation', c.id)).toMatchObject({ status: 'solved', agent: '1001' });
    await panel.press('conversation.back');
    screen = await panel.waitFor((s) => /olaf@example\.com\s+Bulk pricing\s+Manual Mail\s+\d\d:\d\d\s+Solved/.test(s), 'the solved email on My Emails');
    expect(screen).toMatch(/My Emails 1/);
    expectFits(screen);

    // The customer writes back in the thread: the same email opens again.
    panel.server.engine.run((ctx) =>
      receiveInbound(ctx, {
        channel: 'email',
        queue: 'manual-mail',
        externalId: '<again@example.com>',
        threadRef: c.externalRef!,
        customer: c.customer,
        subject: 'Re: Bulk pricing',
        text: 'Thanks, but the discount was not applied.',
        attachments: [],
        mail: { from: 'olaf@example.com', to: ['manual@demo.switchboard'], cc: [], subject: 'Re: Bulk pricing' },
      }),
    );
    await panel.waitFor((s) => /olaf@example\.com\s+Bulk pricing\s+Manual Mail\s+\d\d:\d\d\s+Open/.test(s), 'the email open again on My Emails');
    expect([...panel.server.engine.state.all('conversation')]).toHaveLength(1);
  });

  it('Email Conversation History: the customer\'s closed emails eight at a time, Load more, a log opened, and read again on R', async () => {
    panel = await startPanel({ config: mailConfig() });
    await logIn(panel);
    /** An earlier email of Maya's that Ava handled, closed unless told otherwise. */
    const earlier = (subject: string, closed = true) =>
      panel!.server.engine.run((ctx) => {
        n++;
        const c = receiveInbound(ctx, {
          channel: 'email',
          queue: 'manual-mail',
          externalId: `<old${n}@example.org>`,
          threadRef: `<old${n}@example.org>`,
          customer: { id: 'email:maya@example.org', name: 'Maya Fischer', email: 'maya@example.org', phone: null, ip: null, geo: null },
          subject,
          text: `About ${subject}.`,
          attachments: [],
          mail: { from: 'maya@example.org', to: ['manual@demo.switchboard'], cc: [], subject },
        }).conversation;
        const hers = ctx.tx.put('conversation', { ...c, agent: '1001', assignedAt: ctx.clock.now() }, 'assigned');
        if (closed) close(ctx, hers, { kind: 'agent', id: '1001' });
        return c.id;
      });
    for (let i = 1; i <= 10; i++) earlier(`Old question ${i}`);
    const stillOpen = earlier('Still open', false);
    await panel.press('nav.email');
    mail(panel);
    await panel.waitForText(/My Emails \d/);
    await panel.waitForText('Refund for order 4411');
    // The section opens at the first email with unread messages (where the work is): go to the refund.
    for (let i = 0; i < 5 && !/^ › .*Refund for order 4411/m.test(panel.screen()); i++) await panel.press('list.up');
    await panel.press('chats.open');
    await panel.waitForText('lines of quoted history');
    await panel.press('composer.leave');
    await panel.press('conversation.pastHistory');
    let screen = await panel.waitForText('Email Conversation History of Maya Fischer · 10 conversations');
    // Closed ones only, newest first, eight of them and a line to load the rest.
    expect(screen).toContain('Load more');
    expect(screen).toContain('Old question 10');
    expect(screen).not.toMatch(/Old question 2\b/);
    expect(screen).not.toContain('Still open');
    expectFits(screen);
    await panel.press('list.end');
    await panel.press('history.open');
    screen = await panel.waitForText('Old question 1');
    expect(screen).not.toContain('Load more');
    // One closed meanwhile is there when the history is read again.
    panel.server.engine.run((ctx) => close(ctx, ctx.state.get('conversation', stillOpen)!, { kind: 'agent', id: '1001' }));
    await panel.press('contacts.refresh');
    await panel.press('list.home');
    screen = await panel.waitForText('Email Conversation History of Maya Fischer · 11 conversations');
    expect(screen).toContain('Still open');
    // Enter reads that conversation's log.
    await panel.press('history.open');
    await panel.waitForText('About Still open.');
  });

  it('Settings > Email signatures: from a template and from scratch, searched, set as default, deleted, edited', async () => {
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

    // Edited (the search emptied first): the text gets a line more, kept as it was typed.
    await panel.press('search.open');
    for (let i = 0; i < 'short'.length; i++) await panel.key('backspace');
    await panel.press('search.done');
    // (The default was the one deleted: there is none now.)
    await panel.waitForText('── Preview: Standard');
    await panel.press('signatures.edit');
    await panel.waitForText('Edit signature');
    await panel.press('signatures.field');
    await panel.press('signatures.newline');
    await panel.type('Mobile 0700 900 123');
    await panel.press('signatures.save');
    await panel.waitFor(() => mine()[0]!.text.endsWith('\nMobile 0700 900 123'), 'the edit saved');
    expect(mine()[0]).toMatchObject({ name: 'Standard', isDefault: false });
  });
});
