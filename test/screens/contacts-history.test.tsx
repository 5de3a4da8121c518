import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { recordCall } from '../../src/core/calls/call-record.js';
import { newCall } from '../../src/core/calls/new-call.js';
import { contactName, type Contact } from '../../src/core/protocol/contacts.js';
import { chatWith, contactNamed, openChat, openContacts } from './contacts-support.js';
import { expectFits, footerOf, loginAgent, placeCall, settle, type Panel } from './support.js';

/**
 * History across channels and the contact of a call, at 80x24 on a real
 * in-process server: a contact's History (chats and calls, newest first,
 * each opened), a chat's Conversation History (eight at a time, Load more,
 * R), and the call widget naming, unlinking and linking the caller.
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

/** A call agent 1001 answered a day ago from this contact's number, disposed Resolved: its record. */
function pastCall(p: Panel, contact: Contact): string {
  return p.server.engine.run((ctx) => {
    const arrivedAt = ctx.clock.now() - 86_400_000;
    const call = newCall({
      id: 'call-past-1',
      direction: 'inbound',
      caller: { number: contact.phones[0]!, name: null },
      customerLeg: 'leg-past-1',
      arrivedAt,
      answeredAt: arrivedAt + 10_000,
      endedAt: arrivedAt + 190_000,
      state: 'ended',
      queue: '7001',
      agent: '1001',
      disposition: { code: '1', name: 'Resolved', type: 'positive', color: 'green', at: arrivedAt + 200_000, by: '1001' },
      contact: { id: contact.id, name: contactName(contact) },
    });
    return recordCall(ctx, call)!.id;
  });
}

describe("a contact's History", () => {
  it("lists its chats and calls newest first with channel, agent and subject or disposition; Enter opens the chat's log or the call's details; a link made elsewhere appears", async () => {
    const p = (panel = await openContacts('1001'));
    const jane = contactNamed(p, 'Jane');
    const call = pastCall(p, jane);
    // A chat whose visitor typed Jane's email, linked to her by hand (a typed email alone links nothing).
    const chat = chatWith(p, '1001', { id: 'visitor:v-jane', name: 'Jane', email: 'jane@example.com' }, { subject: 'Refund for order 17', closed: true });
    const sue = loginAgent(p.server, '9001');
    sue('contact.link', { id: jane.id, conversation: chat });
    await p.waitForText('Jane Doe');
    await p.press('contacts.history');
    let screen = await p.waitForText('History of Jane Doe · 2 conversations · newest first');
    expect(screen).toMatch(/Date\s+Channel\s+Agent\s+Subject \/ disposition/);
    const chatLine = screen.split('\n').findIndex((l) => l.includes('Refund for order 17'));
    const callLine = screen.split('\n').findIndex((l) => /☎ Call\s+.*Resolved/.test(l));
    expect(chatLine).toBeGreaterThan(0);
    expect(callLine).toBeGreaterThan(chatLine);
    expect(screen.split('\n')[chatLine]).toMatch(/livechat\s+Ava Turner/);
    expectFits(p.frame());

    await p.press('history.open');
    await p.waitForText(`Conversation ${chat}`);
    // Linked to Jane Doe, the log names her as the contact, not as "Jane" the visitor typed.
    await p.waitForText(/\d\d:\d\d Jane Doe: Hello/);
    await p.press('dialog.close');
    await p.waitForText('History of Jane Doe');
    await p.key('down');
    await p.press('history.open');
    screen = await p.waitForText(`Call ${call}`);
    expect(screen).toContain('Disposition: Resolved');
    expectFits(p.frame());
    await p.press('dialog.close');

    // A supervisor links another chat of Ann's to Jane from their own panel: the open History shows it.
    const other = chatWith(p, '1001', { id: 'visitor:v-pat', name: 'Pat' }, { subject: 'Invoice copy', closed: true });
    sue('contact.link', { id: jane.id, conversation: other });
    screen = await p.waitForText('History of Jane Doe · 3 conversations');
    expect(screen).toContain('Invoice copy');
  });
});

describe("a chat's Conversation History", () => {
  it("shows the customer's closed conversations eight at a time, loads more on the last line, and reads again on R", async () => {
    const p = (panel = await openContacts('1001'));
    const kim = { id: 'visitor:v-kim', name: 'Kim Lee' };
    for (let i = 1; i <= 10; i++) chatWith(p, '1001', kim, { subject: `Question ${i}`, closed: true });
    chatWith(p, '1001', { id: 'visitor:v-other', name: 'Someone Else' }, { subject: 'Not Kim', closed: true });
    chatWith(p, '1001', kim, { subject: 'Today' });
    await openChat(p, 'Kim Lee');
    await p.press('conversation.pastHistory');
    let screen = await p.waitForText('Conversation History of Kim Lee · 10 conversations');
    expect(screen).toMatch(/Load more\s+2 more \(Enter reads them\)/);
    // Kim's closed chats only: not this one (its subject is in the header above), not another customer's.
    const list = screen.slice(screen.indexOf('Conversation History'));
    expect(list.match(/Question \d+/g)).toHaveLength(8);
    expect(list).not.toContain('Not Kim');
    expect(list).not.toContain('Today');
    expectFits(p.frame());
    expect(p.sent('conversation.pastHistory').map((c) => c.args)).toEqual([{ id: expect.any(String), offset: 0, limit: 8 }]);

    await p.press('list.end');
    await p.press('history.open');
    screen = await p.waitFor((s) => !s.includes('Load more'), 'the last two loaded');
    expect(p.sent('conversation.pastHistory').at(-1)!.args).toMatchObject({ offset: 8, limit: 8 });

    // Another closed chat of Kim's: R reads the list again, all that is shown.
    chatWith(p, '1001', kim, { subject: 'Question 11', closed: true });
    await p.press('contacts.refresh');
    screen = await p.waitForText('Conversation History of Kim Lee · 11 conversations');
    expect(p.sent('conversation.pastHistory').at(-1)!.args).toMatchObject({ offset: 0, limit: 10 });
  });

  it('reads itself again every five minutes, and not before', async () => {
    const p = (panel = await openContacts('1001'));
    const kim = { id: 'visitor:v-kim', name: 'Kim Lee' };
    chatWith(p, '1001', kim, { subject: 'Question 1', closed: true });
    chatWith(p, '1001', kim, { subject: 'Today' });
    await openChat(p, 'Kim Lee');
    // Only the list's own timer is a fake one: the panel's clock and the connection keep real time.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    onTestFinished(() => void vi.useRealTimers());
    await p.press('conversation.pastHistory');
    await p.waitForText('Conversation History of Kim Lee · 1 conversation · newest first');
    chatWith(p, '1001', kim, { subject: 'Question 2', closed: true });
    vi.advanceTimersByTime(4 * 60_000 + 59_000);
    await settle();
    expect(p.sent('conversation.pastHistory')).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    await p.waitForText('Conversation History of Kim Lee · 2 conversations');
    expect(p.sent('conversation.pastHistory')).toHaveLength(2);
  });
});

describe('the contact of a call', () => {
  it("names a caller whose number is a contact's; the widget unlinks them and links the call to another contact by search", async () => {
    const p = (panel = await openContacts('1001'));
    placeCall(p, '7001', { number: '+442079460001', name: null });
    await p.waitForText('Incoming call from Jane Doe');
    await p.press('nav.calls');
    await p.waitForText('Ring In');
    await p.press('call.answer');
    // The widget names Jane while the call still rings: wait for the answer to land (the footer then offers
    // answer no more). At 80 columns the footer keeps hang up, the dispositions and help first, and the
    // contact key gives way (it is in the help and the palette): the key itself is what is tested below.
    let screen = await p.waitFor(
      (s) => /Jane Doe\s+\+442079460001/.test(s) && !footerOf(s).includes('a answer'),
      'the answered call naming Jane',
    );
    expect(screen).not.toContain('Unknown caller');

    await p.press('contact.linkCall');
    screen = await p.waitForText('Linked to Jane Doe: link to another contact, or');
    expect(screen).toContain('View/Edit Jane Doe');
    expect(screen).toContain('+ Create a new contact from this call');
    expectFits(p.frame());
    await p.key('down');
    await p.press('list.choose');
    await p.waitForText('Unlink Jane Doe?');
    await p.press('dialog.confirm');
    await p.waitForText('Unlinked from Jane Doe.');
    await p.waitFor((s) => /Unknown caller\s+\+442079460001/.test(s), 'the caller unknown again');

    await p.press('contact.linkCall');
    await p.waitForText('Link this call to a contact');
    // The number is still Jane's: she is suggested first.
    screen = await p.waitForText('★ suggested');
    expect(screen).toMatch(/Jane Doe \(Acme\) · jane@example\.com · \+442079460001 {2}★ suggested/);
    await p.type('reyes');
    await p.waitForText('Omar Reyes');
    await p.key('down');
    await p.key('down');
    await p.press('list.choose');
    await p.waitForText('Linked to Omar Reyes.');
    await p.waitFor((s) => /Omar Reyes\s+\+442079460001/.test(s), 'the widget naming Omar');
    const call = [...p.server.engine.state.all('call')].find((c) => c.agent === '1001')!;
    expect(call.contact).toEqual({ id: contactNamed(p, 'Omar').id, name: 'Omar Reyes' });
  });
});
