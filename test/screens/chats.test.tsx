import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/core/config/schema.js';
import type { Conversation, Message } from '../../src/core/protocol/model.js';
import { visitorMessage, visitorStart, visitorSurvey, visitorTyping } from '../../src/core/messaging/visitor.js';
import { command, keyHint } from '../../src/keys/registry.js';
import { themeFor } from '../../src/ui/theme.js';
import { allMessages, demoConfig } from '../helpers.js';
import { expectFits, footerOf, loginAgent, logIn, startPanel, type Panel } from './support.js';

/**
 * Chats from the agent's side at 80x24: a customer's chat reaches My Chats
 * with its notice; opened, its log shows and the customer's messages are
 * seen; the customer's draft shows as it is typed; the agent replies with a
 * canned response whose placeholders the server fills, solves it, and the
 * survey answer leaves it greyed until hidden. Unassigned chats are taken
 * with Assign to me; transfers, closure, bans and attachments keep the
 * server's sentences.
 */
let panel: Panel | undefined;
const temp: string[] = [];
afterEach(async () => {
  await panel?.close();
  panel = undefined;
  for (const dir of temp.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The demo, with its chat queue always open (tests must not depend on the hour), a queue taken by hand, an empty one, and canned responses. */
function chatConfig(): Config {
  const config = demoConfig();
  const support = config.messagingQueues.find((q) => q.id === 'support-chat')!;
  delete (support as { hours?: unknown }).hours;
  config.messagingQueues.push(
    { id: 'manual-chat', name: 'Manual Chat', channels: ['livechat'], survey: false, autoAssign: false },
    { id: 'empty-chat', name: 'Empty Chat', channels: ['livechat'], survey: false, autoAssign: true },
    // Never open: a transfer there is allowed, with the server's warning.
    { id: 'night-chat', name: 'Night Chat', channels: ['livechat'], survey: false, autoAssign: true, hours: { timeZone: 'UTC', weekly: {} } },
  );
  config.agents.find((a) => a.number === '1001')!.messagingQueues.push('manual-chat');
  config.agents.find((a) => a.number === '1002')!.messagingQueues.push('night-chat');
  config.cannedResponses = [];
  config.cannedResponses.push(
    { title: 'Greeting', text: 'Hello {{customer.firstname}}, this is {{agent.name}}. How can I help?', channels: ['livechat', 'email'], language: 'English' },
    { title: 'Email follow-up', text: 'We will write to you at {{customer.email}}.', channels: ['livechat', 'email'], language: 'English' },
    { title: 'SMS only', text: 'Reply STOP to stop.', channels: ['sms'], language: 'English' },
  );
  return config;
}

let visitors = 0;
/** A website visitor starts a chat, as the visitor gateway would. */
function visit(p: Panel, options: { name?: string; email?: string | null; queue?: string; text?: string; ip?: string; visitorId?: string } = {}): Conversation {
  visitors++;
  return p.server.engine.run((ctx) =>
    visitorStart(ctx, {
      visitorId: options.visitorId ?? `v-${visitors}`,
      name: options.name ?? 'Pat Jones',
      email: options.email ?? null,
      queue: options.queue ?? 'support-chat',
      ip: options.ip ?? `198.51.100.${visitors}`,
      geo: { lat: 51.5072, lon: -0.1276, city: 'London', country: 'GB' },
      text: options.text ?? 'Hello, my order is late.',
    }),
  );
}

const conversation = (p: Panel, id: string) => p.server.engine.state.get('conversation', id)!;
const messagesOf = (p: Panel, id: string) => allMessages(p.server.engine).filter((m: Message) => m.conversation === id);
/** The screen as one line: a sentence wrapped over two lines still reads as itself. */
const squash = (screen: string) => screen.replace(/\s+/g, ' ');
/** Wait for a sentence, wherever the screen wraps it. */
const waitForSentence = (p: Panel, sentence: string) => p.waitFor((s) => squash(s).includes(sentence), `"${sentence}" on screen`);
const hint = (id: string) => `${keyHint(command(id))} ${command(id).label}`;

async function chatsPanel(): Promise<Panel> {
  panel = await startPanel({ config: chatConfig() });
  await logIn(panel, '1001');
  await panel.press('nav.chats');
  await panel.waitForText('My Chats');
  return panel;
}

/** Open the selected chat of the list and wait for its composer. */
async function openChat(p: Panel, customer = 'Pat Jones'): Promise<string> {
  await p.press('chats.open');
  return p.waitFor((s) => s.includes(`${customer} —`) && s.includes('Reply'), `the conversation with ${customer}`);
}

describe('My Chats -> reply with a canned response -> solve', () => {
  it('lists an assigned chat with its notice, opens it, marks it seen, and shows the sneak peek', async () => {
    const p = await chatsPanel();
    let screen = await p.waitForText('No chats assigned to you');
    expectFits(p.frame());

    const c = visit(p);
    expect(conversation(p, c.id).agent).toBe('1001');
    screen = await p.waitForText('You have a new assigned chat.');
    // The last message, not the subject every live chat shares.
    expect(screen).toMatch(/●1\s+Pat Jones\s+Hello, my order is late\.\s+\d\d:\d\d\s+Support Chat\s+Open/);
    expect(screen).toMatch(/My Chats 1 ●1/);
    expect(screen.split('\n')[0]).toMatch(/Chats 1 ●1 +IN/);
    expectFits(p.frame());

    // The customer types: the sneak peek shows under the chat.
    p.server.engine.run((ctx) => visitorTyping(ctx, c.id, 'It was due on Monday'));
    screen = await p.waitForText('✎ typing: It was due on Monday');
    expectFits(p.frame());

    screen = await openChat(p);
    expect(screen).toContain('Conversation started in queue Support Chat.');
    expect(screen).toContain('Conversation assigned to Ava Turner automatically.');
    expect(screen).toMatch(/Pat Jones: Hello, my order is late\./);
    expect(screen).toContain('Pat Jones is typing: It was due on Monday');
    expect(screen).toMatch(/Why: automatic, 2 free, 33% load/);
    // Opening it marks the customer's messages seen: the visitor's ✓✓.
    await p.waitFor(() => messagesOf(p, c.id).filter((m) => m.author === 'customer').every((m) => m.seenAt !== null), 'the message to be seen');
    expect(p.sent('conversation.seen').length).toBeGreaterThan(0);
    screen = await p.waitFor((s) => footerOf(s).includes(hint('composer.send')), 'the composer keys in the footer');
    expectFits(p.frame());
  });

  it('after leaving the composer, the help opened and closed leaves the keyboard with the conversation keys', async () => {
    const p = await chatsPanel();
    visit(p, { name: 'Pat Jones' });
    await p.waitForText('Pat Jones');
    await openChat(p);
    await p.press('composer.leave');
    await p.waitFor((s) => footerOf(s).includes(hint('conversation.status')), 'the conversation keys in the footer');
    await p.press('app.help');
    await p.waitForText(/Keys\s+\(/);
    await p.press('help.close');
    const screen = await p.waitFor((s) => !/Keys\s+\(/.test(s), 'the help to close');
    expect(footerOf(screen)).toContain(hint('conversation.status'));
    await p.press('conversation.status');
    await p.waitForText('Status of this chat');
  });

  it('a paste of several lines goes into the draft whole; only Enter sends it', async () => {
    const p = await chatsPanel();
    const c = visit(p, { name: 'Pat Jones' });
    await p.waitForText('Pat Jones');
    await openChat(p);
    // A terminal delivers a paste as one read, line breaks as carriage returns.
    await p.write('Order 1234\rShipped Monday\r\nTracking follows');
    const screen = await p.waitForText('Tracking follows');
    expect(screen).toContain('Order 1234');
    expect(screen).toContain('Shipped Monday');
    expect(p.sent('message.send')).toHaveLength(0);
    await p.press('composer.send');
    await p.waitFor(() => messagesOf(p, c.id).some((m) => m.author === 'agent'), 'the reply');
    expect(messagesOf(p, c.id).filter((m) => m.author === 'agent').map((m) => m.text)).toEqual(['Order 1234\nShipped Monday\nTracking follows']);
  });

  it('replies with a canned response the server fills in, keeps a draft the server refuses, solves, and the survey closes it greyed until hidden', async () => {
    const began = Date.now();
    const p = await chatsPanel();
    const c = visit(p, { name: 'Pat Jones' });
    await p.waitForText('Pat Jones');
    await openChat(p);

    // Canned responses: this channel's only, searched by title and text.
    await p.press('composer.canned');
    let screen = await p.waitForText('Canned responses');
    expect(screen).toContain('Greeting');
    expect(screen).not.toContain('SMS only');
    await p.type('help');
    screen = await p.waitFor((s) => s.includes('Greeting') && !s.includes('Email follow-up'), 'the search to keep only Greeting');
    expectFits(p.frame());
    await p.press('canned.insert');
    // Filled in the composer as the server fills them: the agent reads what Pat will.
    screen = await p.waitForText('› Hello Pat, this is Ava Turner. How can I help?');
    expect(screen).not.toContain('{{');
    await p.press('composer.send');
    screen = await p.waitForText('You: Hello Pat, this is Ava Turner. How can I help?');

    expect(messagesOf(p, c.id).filter((m) => m.author === 'agent').map((m) => m.text)).toEqual(['Hello Pat, this is Ava Turner. How can I help?']);
    // Sent, not yet seen by the customer: one mark; the draft is empty again.
    expect(screen).toMatch(/How can I help\? ✓$/m);
    expect(screen).not.toContain('› Hello Pat');

    // A placeholder with no value: the server's sentence, and the draft stays to be edited.
    await p.press('composer.canned');
    await p.waitForText('Canned responses');
    await p.type('write to');
    await p.waitFor((s) => s.includes('Email follow-up') && !s.includes('Greeting'), 'the search to keep only Email follow-up');
    await p.press('canned.insert');
    await p.waitForText('› We will write to you at {{customer.email}}.');
    await p.press('composer.send');
    screen = await waitForSentence(p, '{{customer.email}} has no value in this conversation; edit the message before sending.');
    expect(screen).toContain('› We will write to you at {{customer.email}}.');
    expect(messagesOf(p, c.id).filter((m) => m.author === 'agent')).toHaveLength(1);
    expectFits(p.frame());
    // Edit it and send: emoji by shortcode on the way.
    for (let i = 0; i < 'We will write to you at {{customer.email}}.'.length; i++) await p.key('backspace');
    await p.type('Thanks :smile:');
    await p.waitForText('› Thanks 😄');
    await p.press('composer.send');
    await p.waitForText('You: Thanks 😄');
    // The customer saw three dots while the agent typed (told once, not per key), and not after it was sent.
    // (Once more every three seconds while keys keep coming: a loaded machine types slowly.)
    const typing = p.sent('conversation.typing').map((c) => c.args.typing);
    expect(typing.at(-1)).toBe(false);
    expect(typing.filter((t) => t === false)).toHaveLength(1);
    expect(typing.filter((t) => t === true).length).toBeLessThanOrEqual(1 + Math.floor((Date.now() - began) / 3000));

    // Solve it: the survey is asked, and the status can no longer change.
    await p.press('composer.leave');
    await p.press('conversation.status');
    screen = await p.waitForText('Status of this chat');
    // Each choice is read whole at 80 columns.
    expect(screen).toContain("Solved — ends the chat (the queue's survey, if any)");
    expect(screen).toContain('Waiting — for more from the customer');
    await p.press('list.down');
    await p.press('list.down');
    await p.press('list.choose');
    screen = await p.waitForText('Assistant: How would you rate this conversation');
    expect(screen).toContain('Ticket status updated from Open to Solved.');
    expect(screen).toMatch(/Solved \(survey\) · Support Chat/);
    expect(screen).toContain('Messages cannot be sent: the ticket is solved.');
    expect(conversation(p, c.id)).toMatchObject({ status: 'solved', surveyPending: true });
    await p.press('conversation.status');
    await p.waitForText('Status of this chat');
    await p.press('list.choose');
    screen = await waitForSentence(p, 'Ticket status cannot be changed for live chat as the ticket is in survey mode.');
    expect(conversation(p, c.id).status).toBe('solved');
    expectFits(p.frame());
    // Solved is finished: no subject to edit and no transfer are offered, and their keys open nothing.
    expect(footerOf(screen)).not.toContain(hint('conversation.subject'));
    expect(footerOf(screen)).not.toContain(hint('conversation.transfer'));
    await p.press('conversation.subject');
    await p.press('conversation.transfer');
    screen = p.screen();
    expect(screen).not.toContain('Subject of the conversation');
    expect(screen).not.toContain('Transfer Pat Jones');

    // The customer answers the survey: closed, still on My Chats, greyed, with Hide.
    p.server.engine.run((ctx) => visitorSurvey(ctx, c.id, 9, 'quick and kind'));
    screen = await p.waitForText('Closed by the survey');
    expect(screen).toContain('(9/10: quick and kind)');
    await p.press('conversation.back');
    screen = await p.waitFor((s) => /Pat Jones\s+Thanks 😄\s+\d\d:\d\d\s+Support Chat\s+Closed/.test(s), 'the closed chat on My Chats');
    expect(screen).toMatch(/My Chats 0/);
    expect(footerOf(screen)).toContain(hint('chats.hide'));
    expectFits(p.frame());
    await p.press('chats.hide');
    screen = await p.waitForText('No chats assigned to you');
    expect(conversation(p, c.id).hiddenBy).toEqual(['1001']);
  });
});

describe('a chat moved away by someone else', () => {
  it('tells the agent it is no longer theirs, to whom it went and who moved it, and the view goes back to My Chats', async () => {
    const p = await chatsPanel();
    const c = visit(p);
    await p.waitForText('Pat Jones');
    await openChat(p);
    await p.type('Half a reply');
    loginAgent(p.server, '1002');
    const sam = loginAgent(p.server, '9001');
    sam('conversation.transfer', { id: c.id, agent: '1002' });
    const screen = await waitForSentence(p, "Sam Rivera moved Pat Jones's chat to Ben Okafor; it is no longer yours.");
    // Not a view that no longer updates (the customer's next messages and the transfer notice never reach it).
    await p.waitForText('No chats assigned to you');
    expect(squash(p.screen())).not.toContain('you can read it only');
    expect(screen).not.toContain('Pat Jones —');
    expectFits(p.frame());
  });

  it("moved to a queue that is not the agent's, the view closes and nothing is offered to take back: the server would refuse", async () => {
    const p = await chatsPanel();
    const c = visit(p);
    await p.waitForText('Pat Jones');
    await openChat(p);
    await p.press('composer.leave');
    loginAgent(p.server, '9001')('conversation.transfer', { id: c.id, queue: 'night-chat' });
    await waitForSentence(p, "Sam Rivera moved Pat Jones's chat to Night Chat; it is no longer yours.");
    const screen = await p.waitForText('No chats assigned to you');
    expect(footerOf(screen)).not.toContain(hint('conversation.assign'));
    await p.press('conversation.assign');
    expect(p.sent('conversation.assign')).toHaveLength(0);
    expect(conversation(p, c.id).agent).toBeNull();
    expectFits(p.frame());
  });

  it('a supervisor whose chat another supervisor moved keeps it open, read-only, with the transfer notice and the next messages', async () => {
    const config = chatConfig();
    const sam = config.agents.find((a) => a.number === '9001')!;
    config.agents.push({ ...sam, number: '9002', name: 'Rita Shah', pin: '9002', email: '9002@demo.switchboard' });
    panel = await startPanel({ config });
    const p = panel;
    await logIn(p, '9001');
    await p.press('nav.chats');
    const c = visit(p);
    expect(conversation(p, c.id).agent).toBe('9001');
    await p.waitForText('Pat Jones');
    await openChat(p);
    await p.press('composer.leave');
    loginAgent(p.server, '1002');
    loginAgent(p.server, '9002')('conversation.transfer', { id: c.id, agent: '1002' });
    await waitForSentence(p, "Rita Shah moved Pat Jones's chat to Ben Okafor; it is no longer yours.");
    await waitForSentence(p, 'Conversation assigned to Ben Okafor due to direct transfer from another agent.');
    p.server.engine.run((ctx) => visitorMessage(ctx, c.id, '198.51.100.1', 'Is anyone there?', []));
    const screen = await p.waitForText('Pat Jones: Is anyone there?');
    expect(squash(screen)).toContain('This chat is with Ben Okafor; you can read it only.');
    expectFits(p.frame());
  });

  it('the agent it was transferred to is told whose chat it is, who transferred it and from whom', async () => {
    panel = await startPanel({ config: chatConfig() });
    const p = panel;
    loginAgent(p.server, '1001');
    const c = visit(p);
    expect(conversation(p, c.id).agent).toBe('1001');
    await logIn(p, '1002');
    loginAgent(p.server, '9001')('conversation.transfer', { id: c.id, agent: '1002' });
    await waitForSentence(p, "You have a new assigned chat: Sam Rivera transferred Pat Jones's chat to you from Ava Turner.");
    expectFits(p.frame());
  });

  it('the agent given it in the queue it was transferred to is told whose chat, which channel, who transferred it and from whom', async () => {
    panel = await startPanel({ config: chatConfig() });
    const p = panel;
    loginAgent(p.server, '1001');
    const c = visit(p);
    expect(conversation(p, c.id).agent).toBe('1001');
    await logIn(p, '1002');
    loginAgent(p.server, '9001')('conversation.transfer', { id: c.id, queue: 'support-chat' });
    expect(conversation(p, c.id).agent).toBe('1002');
    await waitForSentence(p, "You have a new assigned chat: Pat Jones's live chat, which Sam Rivera transferred from Ava Turner to queue Support Chat.");
    expectFits(p.frame());
  });

  it('the agent given it after its agent logged out is told whose chat it is and why it came', async () => {
    panel = await startPanel({ config: chatConfig() });
    const p = panel;
    const ava = loginAgent(p.server, '1001');
    const c = visit(p);
    expect(conversation(p, c.id).agent).toBe('1001');
    await logIn(p, '1002');
    ava('session.logout', {});
    expect(conversation(p, c.id).agent).toBe('1002');
    await waitForSentence(p, "You have a new assigned chat: Pat Jones's live chat, returned to Support Chat when Ava Turner logged out.");
    expectFits(p.frame());
  });
});

describe('where the work is', () => {
  it('g t opens My Chats at the chat with unread messages, and Unassigned when only chats waiting there need me', async () => {
    panel = await startPanel({ config: chatConfig() });
    const p = panel;
    await logIn(p, '1001');
    // Waiting by hand in Manual Chat, then Pat's chat given to me (with an unread message).
    visit(p, { name: 'Wendy Wait', queue: 'manual-chat' });
    const pat = visit(p, { name: 'Pat Jones' });
    await p.waitForText('You have a new assigned chat.');
    await p.press('nav.chats');
    let screen = await p.waitFor((s) => /› ●1\s+Pat Jones/.test(s), "Pat's unread chat selected on My Chats");
    expect(screen).toMatch(/My Chats 1 ●1/);
    expectFits(p.frame());

    // Pat's chat ends: only Wendy, waiting, needs me. Coming back opens Unassigned at her.
    p.server.engine.run((ctx) => ctx.tx.put('conversation', { ...ctx.state.get('conversation', pat.id)!, status: 'closed', closedBy: { kind: 'customer', id: null }, unread: 0 }));
    await p.press('nav.calls');
    await p.press('nav.chats');
    screen = await p.waitFor((s) => /› .*Wendy Wait/.test(s), 'Unassigned opened at the waiting chat');
    expect(screen).toMatch(/Unassigned Chats 1/);
    expectFits(p.frame());
  });

  it('an open chat with a short log shows the customer and the conversation in the rows above it', async () => {
    const p = await chatsPanel();
    visit(p, { name: 'Pat Jones', email: 'pat@example.com' });
    await p.waitForText('Pat Jones');
    const screen = await openChat(p);
    const lines = screen.split('\n');
    const customerAt = lines.findIndex((l) => /^\s*Customer\s+Conversation/.test(l));
    const logAt = lines.findIndex((l) => l.includes('Pat Jones: Hello, my order is late.'));
    expect(customerAt).toBeGreaterThan(0);
    expect(screen).toMatch(/Email\s+pat@example\.com/);
    expect(screen).toMatch(/Location\s+London, GB/);
    // No run of empty rows between the card and the log any more.
    const blank = lines.slice(customerAt, logAt).filter((l) => l.trim() === '').length;
    expect(blank).toBeLessThanOrEqual(2);
    expectFits(p.frame());
  });
});

describe('Unassigned Chats', () => {
  it('lists a chat waiting in my queue with its notice and preview, and Assign to me takes it', async () => {
    const p = await chatsPanel();
    const c = visit(p, { name: 'Sam Lee', queue: 'manual-chat', text: 'Is the shop open on Sunday?' });
    let screen = await p.waitForText('New unassigned chat in Manual Chat: Sam Lee');
    expect(conversation(p, c.id).agent).toBeNull();
    expect(screen.split('\n')[0]).toMatch(/Chats 0 1 waiting +IN/);
    expect(screen).toMatch(/Unassigned Chats 1/);
    await p.press('tab.next');
    screen = await p.waitForText('Manual Chat (1 waiting)');
    expect(screen).toMatch(/› ●\s+Sam Lee\s+\d\d:\d\d\s+Is the shop open on Sunday\?/);
    expect(footerOf(screen)).toContain(hint('chats.assign'));
    expectFits(p.frame());

    // The preview: the conversation, read-only until taken.
    await p.press('chats.open');
    screen = await p.waitForText('Waiting unassigned in Manual Chat');
    expect(screen).toContain('Sam Lee: Is the shop open on Sunday?');
    expect(footerOf(screen)).toContain(hint('conversation.assign'));
    expect(footerOf(screen)).not.toContain(hint('conversation.close'));
    expectFits(p.frame());
    await p.press('conversation.assign');
    screen = await p.waitForText("Sam Lee's chat is yours now.");
    await p.waitFor(() => conversation(p, c.id).agent === '1001', 'the chat to be assigned to 1001');
    screen = await p.waitForText('Sam Lee assigned the conversation to themselves.'.replace('Sam Lee', 'Ava Turner'));
    expect(conversation(p, c.id).assignment).toMatchObject({ rule: 'manual', by: '1001' });
    // Taking it myself is no news: no "new assigned chat" notice.
    expect(screen).not.toContain('You have a new assigned chat.');
    // Taken to answer it: the composer has the keyboard.
    expect(footerOf(screen)).toContain(hint('composer.send'));
    await p.press('composer.leave');
    await p.waitFor((s) => footerOf(s).includes(hint('conversation.back')), 'the conversation keys');
    // Back on My Chats with it, not on the Unassigned list it has left.
    await p.press('conversation.back');
    await p.waitFor((s) => /› \s*Sam Lee\s+Is the shop open on Sun…\s+\d\d:\d\d\s+Manual Chat\s+Open/.test(s), 'the chat on My Chats');

    // Straight from the list: taken, and opened to be answered.
    const d = visit(p, { name: 'Kim Park', queue: 'manual-chat', text: 'Hi' });
    await p.waitForText('New unassigned chat in Manual Chat: Kim Park');
    await p.press('tab.next');
    await p.waitForText('Manual Chat (1 waiting)');
    await p.press('chats.assign');
    screen = await p.waitFor((s) => s.includes('Kim Park —') && s.includes('› '), 'the taken chat open with its composer');
    expect(conversation(p, d.id).agent).toBe('1001');
    await p.type('Hello Kim');
    await p.waitForText('› Hello Kim');
  });
});

describe('transfer, close and ban', () => {
  it('refuses a transfer to a queue with no agents, warns about one outside its hours, and the chat leaves me', async () => {
    const p = await chatsPanel();
    const c = visit(p);
    await p.waitForText('Pat Jones');
    await openChat(p);
    await p.press('composer.leave');
    await p.press('conversation.transfer');
    let screen = await p.waitForText('Transfer Pat Jones');
    expect(screen).toMatch(/Support Chat\s+8 agents, 1 logged in — this chat’s queue/);
    expect(screen).toMatch(/Empty Chat\s+no agents, 0 logged in/);
    expectFits(p.frame());
    while (!/› Empty Chat/.test(p.screen())) await p.press('list.down');
    await p.press('transfer.confirm');
    screen = await waitForSentence(p, 'Empty Chat has no agents: transfers to it are not allowed.');
    expect(conversation(p, c.id)).toMatchObject({ queue: 'support-chat', agent: '1001' });
    expectFits(p.frame());

    // Agents: with their state; those logged off cannot be chosen.
    await p.press('chatTransfer.switch');
    screen = await p.waitForText('Ben Okafor');
    expect(screen).toMatch(/Ben Okafor\s+1002\s+Logged off/);

    await p.press('chatTransfer.switch');
    while (!/› Night Chat/.test(p.screen())) await p.press('list.down');
    await p.press('transfer.confirm');
    screen = await waitForSentence(p, 'Transferred Pat Jones to Night Chat. Night Chat is outside its operation hours');
    expect(conversation(p, c.id)).toMatchObject({ queue: 'night-chat', agent: null });
    // Moved by the agent themselves: no notice that someone took it from them.
    expect(squash(screen)).not.toContain('no longer yours');
    await p.waitForText('No chats assigned to you');
  });

  it("asks the manual's question before closing, and a chat I closed leaves My Chats", async () => {
    const p = await chatsPanel();
    const c = visit(p);
    await p.waitForText('Pat Jones');
    await openChat(p);
    await p.press('composer.leave');
    // The subject first: the card and the log say the new one.
    await p.press('conversation.subject');
    await p.waitForText('Subject of the conversation');
    await p.key('ctrl+u');
    await p.write('Late parcel');
    await p.press('entry.submit');
    let screen = await p.waitForText('Pat Jones — Late parcel');
    expect(squash(screen)).toContain('Ava Turner updated the subject to "Late parcel".');
    expect(conversation(p, c.id).subject).toBe('Late parcel');
    await p.press('conversation.close');
    screen = await p.waitForText('Are you sure you want to close the conversation?');
    expectFits(p.frame());
    await p.press('dialog.cancel');
    await p.waitFor((s) => !s.includes('Are you sure'), 'the question to go');
    expect(conversation(p, c.id).status).toBe('open');
    await p.press('conversation.close');
    await p.waitForText('Are you sure you want to close the conversation?');
    await p.press('dialog.confirm');
    screen = await p.waitForText('Conversation closed.');
    expect(conversation(p, c.id)).toMatchObject({ status: 'closed', closedBy: { kind: 'agent', id: '1001' } });
    expect(screen).toContain('No chats assigned to you');
  });


  it('a chat a supervisor closed names the supervisor, so the agent knows whom to ask, and stays greyed with Hide', async () => {
    const p = await chatsPanel();
    const c = visit(p);
    await p.waitForText('Pat Jones');
    await openChat(p);
    await p.press('composer.leave');
    loginAgent(p.server, '9001')('conversation.close', { id: c.id });
    const screen = await waitForSentence(p, 'Closed by Sam Rivera (supervisor) at');
    expect(footerOf(screen) + screen).toContain('H hide');
    expect(conversation(p, c.id).closedBy).toEqual({ kind: 'supervisor', id: '9001' });
    expectFits(p.frame());
  });
  it('bans the customer from the profile pane: the chat ends, and Settings > Security lists the ban', async () => {
    const p = await chatsPanel();
    const c = visit(p, { ip: '203.0.113.77' });
    await p.waitForText('Pat Jones');
    await openChat(p);
    await p.press('composer.leave');
    await p.press('conversation.profile');
    let screen = await p.waitForText('Location');
    expect(screen).toMatch(/Location\s+London, GB/);
    expect(screen).toMatch(/Lat, lon\s+51\.5072, -0\.1276/);
    expect(screen).toMatch(/IP\s+203\.0\.113\.77/);
    expect(screen).toMatch(/Why me\s+assigned automatically/);
    // The map link is a real OSC 8 hyperlink.
    expect(p.frame()).toContain('\u001b]8;;https://www.openstreetmap.org/?mlat=51.5072&mlon=-0.1276#map=12/51.5072/-0.1276\u0007OpenStreetMap');
    expectFits(p.frame());

    await p.press('conversation.ban');
    screen = await p.waitForText('Ban Pat Jones');
    await p.press('form.next');
    await p.write('Abusive language');
    await p.waitForText('Abusive language');
    expectFits(p.frame());
    await p.press('entry.submit');
    screen = await p.waitForText('Pat Jones is banned until');
    expect(conversation(p, c.id)).toMatchObject({ status: 'closed', closedBy: { kind: 'ban' } });
    await p.press('conversation.profile');
    screen = await p.waitForText('Closed by a ban');

    await p.press('nav.settings');
    await p.waitForText('General');
    while (!/Banned customers/.test(p.screen())) await p.press('tab.next');
    screen = await p.waitForText('Banned customers: 1');
    expect(screen).toMatch(/Name\s+Email\s+ID\s+IP Address\s+Start\s+End\s+Ban Reason\s+Banned By/);
    expect(screen).toMatch(/› Pat Jones\s+—\s+visitor\S*\s+203\.0\.113\.77\s+\d\d-\d\d\s+\d\d-\d\d\s+Abusive language\s+Ava Turn\S*/);
    expect(screen).toContain('Abusive language');
    expect(footerOf(screen)).toContain(hint('security.unban'));
    // Agents cannot ban an address: supervisors only.
    expect(footerOf(screen)).not.toContain(hint('security.ban'));
    expectFits(p.frame());
    await p.press('security.unban');
    screen = await p.waitForText('Pat Jones is no longer banned.');
    expect(screen).toContain('Nobody is banned.');
  });

  it("refuses an agent lifting a supervisor's ban, with the server's sentence", async () => {
    const p = await chatsPanel();
    const sam = loginAgent(p.server, '9001');
    sam('ban.address', { ip: '192.0.2.66', hours: 48, reason: 'Spam from this address' });
    await p.press('nav.settings');
    while (!/Banned customers/.test(p.screen())) await p.press('tab.next');
    await p.waitForText('192.0.2.66');
    // Who banned it is named once the panel has learnt the name (directory.lookup).
    await p.waitForText(/Sam Rivera|Sam Rive…/);
    await p.press('security.unban');
    await p.waitForText('You can lift only the bans you made.');
    expect(p.server.engine.state.get('ban', '192.0.2.66')).toBeDefined();
  });
});

describe('attachments', () => {
  it('refuses a file over 20 MB with the sentence, and sends one that fits', async () => {
    panel = await startPanel({ config: chatConfig(), listen: true });
    const p = panel;
    await logIn(p, '1001');
    await p.press('nav.chats');
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-attach-'));
    temp.push(dir);
    const big = join(dir, 'big.bin');
    writeFileSync(big, '');
    truncateSync(big, 21 * 1024 * 1024);
    const small = join(dir, 'notes.txt');
    writeFileSync(small, 'order 4411\n');
    const c = visit(p);
    await p.waitForText('Pat Jones');
    await openChat(p);

    await p.press('composer.attach');
    await p.waitForText('Attach a file');
    await p.write(big);
    await p.press('entry.submit');
    let screen = await waitForSentence(p, 'big.bin is 21.0 MB; files are limited to 20 MB each.');
    expectFits(p.frame());
    // The path stays to be corrected.
    for (let i = 0; i < 'big.bin'.length; i++) await p.key('backspace');
    await p.write('notes.txt');
    await p.press('entry.submit');
    screen = await p.waitForText('📎 notes.txt (11 B)');
    await p.type('Here is your order');
    await p.press('composer.send');
    screen = await p.waitForText('You: Here is your order');
    const sent = messagesOf(p, c.id).find((m) => m.author === 'agent')!;
    expect(sent.attachments).toMatchObject([{ name: 'notes.txt', size: 11 }]);
    expect(screen).toMatch(/📎 notes\.txt \(11 B\) ✓/);
    expectFits(p.frame());
  });
});

describe('Settings > Canned responses', () => {
  it('lists, searches and shows them; supervisors create them', async () => {
    panel = await startPanel({ config: chatConfig() });
    const p = panel;
    await logIn(p, '9001');
    await p.press('nav.settings');
    while (!/Canned Response\s+Channels\s+Language/.test(p.screen())) await p.press('tab.next');
    let screen = await p.waitForText('3 of 3');
    expect(screen).toMatch(/Greeting\s+Hello \{\{customer\.firstname\}\}.*Live chat, Em…\s+English/);
    expect(footerOf(screen)).toContain(hint('canned.new'));
    expectFits(p.frame());
    await p.press('search.open');
    await p.type('stop');
    screen = await p.waitForText('1 of 3');
    expect(screen).toContain('SMS only');
    await p.press('search.done');
    await p.press('canned.view');
    screen = await p.waitForText('Reply STOP to stop.');
    expect(screen).toContain('Channels: SMS · Language: English');
    await p.press('dialog.confirm');
    await p.press('search.clear');
    await p.waitForText('3 of 3');

    await p.press('canned.new');
    await p.waitForText('New canned response');
    await p.write('Goodbye');
    await p.press('form.next');
    await p.write('Thanks for chatting, {{customer.firstname}}!');
    await p.press('form.next');
    // Only live chat: untick the others.
    for (let i = 0; i < 4; i++) {
      await p.press('form.right');
      await p.key('space');
    }
    await p.waitForText('[x] Live chat  [ ] Email');
    expectFits(p.frame());
    await p.press('entry.submit');
    screen = await p.waitForText('Created "Goodbye".');
    const made = [...p.server.engine.state.all('canned')].find((r) => r.title === 'Goodbye')!;
    expect(made).toMatchObject({ text: 'Thanks for chatting, {{customer.firstname}}!', channels: ['livechat'], language: 'English', createdBy: '9001' });
    await p.waitForText('4 of 4');
  });

  it('supervisors ban an IP address from Settings > Security', async () => {
    panel = await startPanel({ config: chatConfig() });
    const p = panel;
    await logIn(p, '9001');
    await p.press('nav.settings');
    while (!/Banned customers/.test(p.screen())) await p.press('tab.next');
    let screen = await p.waitForText('Nobody is banned.');
    expect(footerOf(screen)).toContain(hint('security.ban'));
    await p.press('security.ban');
    await p.waitForText('Ban an IP address');
    await p.write('198.51.100.250');
    await p.press('form.next');
    await p.key('ctrl+u');
    await p.write('0');
    await p.press('form.next');
    await p.write('Bots');
    await p.press('entry.submit');
    // Refused with the server's sentence, the entries kept; then corrected.
    screen = await waitForSentence(p, 'A ban lasts from 1 hour to 8760 hours.');
    expect(screen).toContain('198.51.100.250');
    await p.press('form.prev');
    await p.key('backspace');
    await p.write('12');
    await p.press('entry.submit');
    screen = await p.waitForText('198.51.100.250 is banned until');
    expect(screen).toMatch(/›\s+—\s+—\s+—\s+198\.51\.100\.250\s+\d\d-\d\d\s+\d\d-\d\d\s+Bots\s+Sam Riv\S*/);
    expect(p.server.engine.state.get('ban', '198.51.100.250')).toMatchObject({ reason: 'Bots', by: { kind: 'supervisor', id: '9001' } });
  });

  it('agents see the list but cannot change it', async () => {
    panel = await startPanel({ config: chatConfig() });
    const p = panel;
    await logIn(p, '1001');
    await p.press('nav.settings');
    while (!/Canned Response\s+Channels\s+Language/.test(p.screen())) await p.press('tab.next');
    const screen = await p.waitForText('3 of 3');
    expect(footerOf(screen)).toContain(hint('canned.view'));
    expect(footerOf(screen)).not.toContain(hint('canned.new'));
    expect(footerOf(screen)).not.toContain(hint('canned.delete'));
  });
});

describe('the conversation log', () => {
  it('scrolls back into earlier conversations with the same customer, and reads without colour', async () => {
    panel = await startPanel({ config: chatConfig(), theme: themeFor({ NO_COLOR: '1' }) });
    const p = panel;
    await logIn(p, '1001');
    await p.press('nav.chats');
    // Pat came before, from the same browser: that chat was answered and closed.
    const first = visit(p, { name: 'Pat Jones', visitorId: 'pat-browser', text: 'Where is my parcel?' });
    const ava = loginAgent(p.server, '1001');
    ava('message.send', { conversation: first.id, text: 'It left the depot this morning.' });
    ava('conversation.close', { id: first.id });
    // Pat is back: the returning customer goes to Ava again.
    const again = visit(p, { name: 'Pat Jones', visitorId: 'pat-browser', text: 'It still has not come.' });
    expect(conversation(p, again.id).assignment?.rule).toBe('returning-customer');
    await p.waitFor((s) => /Pat Jones\s+It still has not come\./.test(s), 'the new chat on My Chats');
    let screen = await openChat(p);
    expect(squash(screen)).toContain('Conversation assigned to Ava Turner due to last interaction with returning customer.');
    expect(screen).toContain('↑ PgUp: earlier conversations with Pat Jones');
    expect(screen).not.toContain('Where is my parcel?');
    await p.press('log.pageUp');
    screen = await p.waitForText('── Earlier:');
    await p.press('log.pageUp');
    screen = await p.waitForText('Pat Jones: Where is my parcel?');
    expect(screen).toContain('It left the depot this morning.');
    expect(p.sent('conversation.history')).toHaveLength(1);
    // Without colour: no colour codes, and authors still told apart by their names and marks.
    expect(p.frame()).not.toMatch(/\u001b\[3[0-9](;\d+)*m/);
    expect(screen).toMatch(/· Conversation started in queue Support Chat\./);
    expectFits(p.frame());
    await p.press('log.pageDown');
    await p.press('log.pageDown');
    await p.press('log.pageDown');
    screen = await p.waitForText('Pat Jones: It still has not come.');
  });
});
