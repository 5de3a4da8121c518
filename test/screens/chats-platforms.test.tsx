import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/core/config/schema.js';
import type { Conversation, Customer, Message } from '../../src/core/protocol/model.js';
import { receiveEcho } from '../../src/core/messaging/echo.js';
import { receiveInbound } from '../../src/core/messaging/inbound.js';
import { confirm, deliveryReport } from '../../src/core/messaging/outbox.js';
import { allMessages, demoConfig } from '../helpers.js';
import type { Clock, TimerHandle } from '../../src/core/clock.js';
import { FakeClock } from '../fake-clock.js';
import { expectFits, footerOf, logIn, startPanel, type Panel } from './support.js';

/**
 * The platforms' rules as the agent meets them at 80x24 (the manual's
 * WhatsApp and Facebook Messaging Rules): the time left to reply in My Chats
 * and on the card, WhatsApp's composer turning into the template picker
 * after 24 hours, Facebook's 7 days said with when the customer last wrote,
 * an SMS's segments in the composer, and Settings > WhatsApp templates.
 * Customers' messages are taken in as the adapters take them
 * (receiveInbound); the webhooks themselves are tested in test/channels.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

const H = 3600_000;

/** The demo with its chat queue always open: the tests move the clock by days. */
function config(): Config {
  const c = demoConfig();
  delete (c.messagingQueues.find((q) => q.id === 'support-chat') as { hours?: unknown }).hours;
  return c;
}

let ids = 0;
function writes(p: Panel, channel: 'whatsapp' | 'facebook' | 'sms', name: string, address: string, text: string, sentAt?: number): Conversation {
  const social = channel === 'whatsapp' ? { whatsappName: name } : channel === 'facebook' ? { facebookName: name, page: { id: '104857600123456', name: 'Demo Contact Center' }, pageScopedId: address } : undefined;
  const customer: Customer = { id: `${channel === 'facebook' ? 'fb' : 'phone'}:${address}`, name, email: null, phone: channel === 'facebook' ? null : address, ip: null, geo: null, social };
  return p.server.engine.run((ctx) =>
    receiveInbound(ctx, { channel, queue: 'support-chat', externalId: `${channel}-${++ids}`, threadRef: `${channel}:${address}`, customer, text, attachments: [], sentAt }),
  ).conversation;
}

/**
 * A server clock that can jump days ahead without running what fell due on
 * the way (as a machine waking from sleep): the reply windows read only the
 * time, and a week of the engine's five-second ticks would take minutes.
 */
class JumpingClock implements Clock {
  private ahead = 0;
  private readonly base = new FakeClock('2026-01-05T10:00:00Z');
  now(): number {
    return this.base.now() + this.ahead;
  }
  setTimer(ms: number, fn: () => void): TimerHandle {
    return this.base.setTimer(ms, fn);
  }
  clearTimer(handle: TimerHandle): void {
    this.base.clearTimer(handle);
  }
  jump(ms: number): void {
    this.ahead += ms;
  }
}

const squash = (screen: string) => screen.replace(/\s+/g, ' ');
const agentMessages = (p: Panel, id: string) => allMessages(p.server.engine).filter((m: Message) => m.conversation === id && m.author === 'agent');

/** Select the row of this customer in My Chats and open it. */
async function open(p: Panel, customer: string): Promise<string> {
  await p.press('conversation.back').catch(() => undefined);
  await p.waitForText('My Chats');
  const lines = p.screen().split('\n');
  const at = lines.findIndex((l) => / {2,}(●\d+)? +\S/.test(l.slice(0, 8)) && l.includes(` ${customer} `));
  const selected = lines.findIndex((l) => l.startsWith(' › '));
  for (let i = selected; i < at; i++) await p.key('down');
  for (let i = selected; i > at; i--) await p.key('up');
  await p.waitFor((s) => s.split('\n').some((l) => l.startsWith(' › ') && l.includes(` ${customer} `)), `${customer}'s row to be selected`);
  await p.press('chats.open');
  return p.waitFor((s) => s.includes(`${customer} —`), `the conversation with ${customer}`);
}

describe('WhatsApp 24-hour rule in the panel', () => {
  it('shows the time left in My Chats and on the card; after 24 hours the composer is the template picker, which asks for each parameter', async () => {
    const clock = new JumpingClock();
    panel = await startPanel({ clock, config: config() });
    const p = panel;
    const old = writes(p, 'whatsapp', 'Olga Old', '+447700900111', 'Where is my parcel?');
    clock.jump(25 * H);
    writes(p, 'whatsapp', 'Nina New', '+447700900222', 'Hi, a quick question');
    await logIn(p, '1001');
    await p.press('nav.chats');
    let screen = await p.waitForText('Olga Old');
    expect(screen).toMatch(/Status\s+Reply/);
    expect(screen).toMatch(/Nina New\s+Hi, a quick quest.*Open\s+23h/);
    expect(screen).toMatch(/Olga Old\s+Where is my parce.*Open\s+tmpl/);
    expectFits(p.frame());

    screen = await open(p, 'Nina New');
    expect(screen).toContain('WhatsApp window 23h 59m left');
    // Opened, the chat's composer has the keyboard: its title says the time left.
    expect(screen).toContain('Reply · 23h 59m left to reply');
    await p.press('composer.leave');

    screen = await open(p, 'Olga Old');
    expect(screen).toContain('WhatsApp window closed: templates only');
    expect(squash(screen)).toContain(
      'The customer last wrote 2026-01-05 10:00, over 24 hours ago: WhatsApp takes only an approved template until they write again. · r choose a template',
    );
    expectFits(p.frame());

    // r: the template picker, searched as you type, the chosen one previewed.
    await p.press('conversation.reply');
    screen = await p.waitForText('WhatsApp templates · 5 of 5');
    expectFits(p.frame());
    await p.type('shipped');
    screen = await p.waitForText('· 1 of 5');
    expect(screen).toContain('Hello [1], your order [2] has shipped and should arrive on [3].');
    await p.press('template.choose');
    screen = await p.waitForText('Send template order_update (en_US, utility)');
    // Sent with a parameter missing: the core's refusal stays in the form.
    await p.type('Olga');
    await p.waitForText('Hello Olga, your order [2]');
    await p.press('entry.submit');
    screen = await p.waitFor((s) => squash(s).includes('Parameter {{2}} of order_update has no value; fill it in before sending.'), 'the refusal of a missing parameter');
    expect(screen).toContain('Send template order_update');
    expect(agentMessages(p, old.id)).toEqual([]);
    await p.press('form.next');
    await p.type('A-1234');
    await p.press('form.next');
    await p.type('Friday');
    await p.waitForText('Hello Olga, your order A-1234 has shipped and should arrive on Friday.');
    expectFits(p.frame());
    await p.press('entry.submit');
    screen = await p.waitForText('[template order_update] Hello Olga, your order A-1234');
    expect(agentMessages(p, old.id)).toMatchObject([{ text: 'Hello Olga, your order A-1234 has shipped and should arrive on Friday.', template: { name: 'order_update' } }]);
    // No provider runs here: the message waits in the outbox, and says so.
    expect(screen).toMatch(/Friday\.\s*⧗/);
    expectFits(p.frame());
  });
});

/** The provider took our message (its status callback named the outbox item), then reported on it, as the adapters do. */
function provider(p: Panel, channel: 'whatsapp' | 'facebook', messageId: string, externalId: string, status: 'delivered' | 'read' | 'failed' | null, detail: string | null = null) {
  p.server.engine.run((ctx) => {
    const item = [...ctx.state.all('outbox')].find((o) => o.message === messageId);
    if (item) confirm(ctx, item.id, externalId);
    if (status) deliveryReport(ctx, channel, externalId, status, detail);
  });
}

describe('Facebook 7-day rule, echoes and what the provider says, in the panel', () => {
  it('tags after 24 hours, says why nothing can be sent after 7 days, shows Facebook\'s own replies and the delivery of ours', async () => {
    const clock = new JumpingClock();
    panel = await startPanel({ clock, config: config() });
    const p = panel;
    writes(p, 'facebook', 'Felix Gone', '7100000000000001', 'Can I change my order?');
    clock.jump(162 * H);
    const tagged = writes(p, 'facebook', 'Fiona Late', '7100000000000002', 'Still waiting for an answer');
    clock.jump(30 * H);
    await logIn(p, '1001');
    await p.press('nav.chats');
    let screen = await p.waitForText('Felix Gone');
    expect(screen).toMatch(/Felix Gone\s+Can I change my o.*Open\s+shut/);
    expect(screen).toMatch(/Fiona Late\s+Still waiting for.*Open\s+5d/);

    screen = await open(p, 'Felix Gone');
    expect(screen).toContain('Facebook: 7 days passed, cannot reply');
    expect(squash(screen)).toContain('The customer last wrote 2026-01-05 10:00, over 7 days ago: Facebook lets you write again only after they do.');
    // Nothing to write with: r does not open a composer.
    expect(footerOf(screen)).not.toContain('reply');
    expectFits(p.frame());

    screen = await open(p, 'Fiona Late');
    expect(screen).toContain('Facebook window 5d 17h left (HUMAN_AGENT tag)');
    expect(screen).toContain('Reply · sent with the HUMAN_AGENT tag · 5d 17h left');
    await p.type('Sorry for the wait: it ships today.');
    await p.press('composer.send');
    screen = await p.waitForText('You: Sorry for the wait: it ships today.');
    const [ours] = agentMessages(p, tagged.id);
    expect(ours).toMatchObject({ delivery: { status: 'queued' } });

    // Messenger delivered it, then the customer read it: ✓✓, then ✓✓ in bold.
    provider(p, 'facebook', ours!.id, 'm_ours_1', 'delivered');
    await p.waitFor((s) => /ships today\. ✓✓/.test(s), 'the delivered mark');
    provider(p, 'facebook', ours!.id, 'm_ours_1', 'read');
    await p.waitFor(() => agentMessages(p, tagged.id)[0]!.delivery?.status === 'read', 'the read status');

    // A reply written in Facebook's own inbox comes back as an echo: in the log, as Facebook's.
    p.server.engine.run((ctx) => receiveEcho(ctx, { channel: 'facebook', externalId: 'm_page_1', threadRef: 'facebook:7100000000000002', text: 'A colleague here: refund sent.', attachments: [] }));
    screen = await p.waitForText('Sent from Facebook: A colleague here: refund sent.');
    expectFits(p.frame());

    // A second reply Messenger refuses: not sent, in Messenger's words.
    await p.type('One more thing');
    await p.press('composer.send');
    await p.waitForText('You: One more thing');
    const second = agentMessages(p, tagged.id).find((m) => m.text === 'One more thing')!;
    provider(p, 'facebook', second.id, 'm_ours_2', 'failed', 'This person isn\'t available right now.');
    screen = await p.waitForText('One more thing ✗ not sent');
    expect(screen).toContain("⚠ This person isn't available right now.");
    await p.press('composer.leave');

    // The profile: what Messenger gives of the customer.
    await p.press('conversation.profile');
    screen = await p.waitForText('Page ID');
    expect(screen).toMatch(/Facebook\s+Fiona Late/);
    // The page id follows its name where the pane is wide enough.
    expect(screen).toMatch(/Page\s+Demo Contact Center \(1048/);
    expect(screen).toMatch(/Page ID\s+7100000000000002/);
    expect(screen).toContain('B ban customer');
    expectFits(p.frame());
  });
});

describe('a message the provider delivered late', () => {
  it('counts the time left from when the customer sent it, as WhatsApp and Messenger state it', async () => {
    const clock = new JumpingClock();
    panel = await startPanel({ clock, config: config() });
    const p = panel;
    // Meta retried these webhooks while the server was down: they arrive now, sent long before.
    writes(p, 'whatsapp', 'Lena Late', '+447700900444', 'Sent yesterday morning', clock.now() - 25 * H);
    writes(p, 'whatsapp', 'Hugo Half', '+447700900555', 'Sent half an hour ago', clock.now() - H / 2 + 30_000);
    writes(p, 'facebook', 'Fred Tardy', '7100000000000003', 'Sent 30 hours ago', clock.now() - 30 * H);
    await logIn(p, '1001');
    await p.press('nav.chats');
    let screen = await p.waitForText('Lena Late');
    expect(screen).toMatch(/Lena Late\s+Sent yesterday.*Open\s+tmpl/);
    expect(screen).toMatch(/Hugo Half\s+Sent half an.*Open\s+23h/);
    expect(screen).toMatch(/Fred Tardy\s+Sent 30 hours ago.*Open\s+5d/);
    expectFits(p.frame());

    screen = await open(p, 'Lena Late');
    expect(screen).toContain('WhatsApp window closed: templates only');
    expect(squash(screen)).toContain('The customer last wrote 2026-01-04 09:00, over 24 hours ago');
    expectFits(p.frame());

    screen = await open(p, 'Hugo Half');
    expect(screen).toContain('WhatsApp window 23h 30m left');
    expect(screen).toContain('Reply · 23h 30m left to reply');
    await p.press('composer.leave');

    screen = await open(p, 'Fred Tardy');
    expect(screen).toContain('Facebook window 5d 17h left (HUMAN_AGENT tag)');
    expectFits(p.frame());
  });
});

describe('SMS in the panel', () => {
  it('counts the draft in SMS segments, Unicode apart, and shows the number in the profile', async () => {
    panel = await startPanel({ config: config() });
    const p = panel;
    await logIn(p, '1001');
    await p.press('nav.chats');
    writes(p, 'sms', '+447700900333', '+447700900333', 'Is the shop open on Sunday?');
    await p.waitForText('+447700900333');
    let screen = await open(p, '+447700900333');
    expect(screen).toContain('Reply · SMS ─');
    await p.type('Yes, 10 to 4.');
    screen = await p.waitForText('1 SMS · 147 left');
    await p.type(' 😊');
    screen = await p.waitForText('1 SMS · 54 left · Unicode');
    expectFits(p.frame());
    await p.press('composer.leave');
    await p.press('conversation.profile');
    screen = await p.waitForText('Phone');
    expect(screen).toMatch(/Phone\s+\+447700900333/);
  });
});

describe('Settings > WhatsApp templates', () => {
  it('lists the configured templates, searches them and previews one with its parameters marked', async () => {
    panel = await startPanel({ config: config() });
    const p = panel;
    await logIn(p, '1001');
    await p.press('nav.settings');
    while (!/Name\s+Language\s+Category\s+Body/.test(p.screen())) await p.press('tab.next');
    let screen = await p.waitForText('5 of 5');
    expect(screen).toMatch(/order_update\s+en_US\s+utility\s+Hello \[1\], your order \[2\]/);
    expect(screen).toMatch(/payment_due\s+es_ES\s+utility/);
    expectFits(p.frame());
    await p.press('search.open');
    await p.type('marketing');
    screen = await p.waitForText('1 of 5');
    expect(screen).toContain('feedback_request');
    await p.press('search.done');
    await p.press('template.preview');
    screen = await p.waitForText('feedback_request · en_US · marketing');
    expect(screen).toContain('No parameters.');
    await p.press('dialog.confirm');
    await p.press('search.clear');
    await p.waitForText('5 of 5');
    await p.press('template.preview');
    screen = await p.waitForText('Parameters [1]..[3] are asked for when it is sent.');
    expectFits(p.frame());
  });
});
