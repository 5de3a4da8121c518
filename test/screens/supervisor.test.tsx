import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/core/config/schema.js';
import { visitorMessage, visitorStart } from '../../src/core/messaging/visitor.js';
import type { Conversation } from '../../src/core/protocol/model.js';
import { demoConfig } from '../helpers.js';
import { readConversation } from './read-only.js';
import { expectFits, footerOf, loginAgent, logIn, startPanel, type Panel } from './support.js';

/**
 * Supervisors at work (issue 16.1): from Conversations > Active a supervisor
 * assigns a conversation to an agent or a queue, closes it, and follows one
 * live, read-only; a supervisor writing to an agent shows the agent a typing
 * notice with the supervisor's name, and so does any colleague.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

/** The demo, its chat queue always open, and a queue nobody is in (transfers there are refused). */
function config(): Config {
  const c = demoConfig();
  delete (c.messagingQueues.find((q) => q.id === 'support-chat') as { hours?: unknown }).hours;
  c.messagingQueues.push({ id: 'empty-chat', name: 'Empty Chat', channels: ['livechat'], survey: false, autoAssign: true, reassign: { onLogout: true, disconnectedSeconds: 120, pausedMinutes: null } });
  return c;
}

let visitors = 0;
function visit(p: Panel, name: string): Conversation {
  visitors++;
  return p.server.engine.run((ctx) =>
    visitorStart(ctx, { visitorId: `sv-${visitors}`, name, email: null, queue: 'support-chat', ip: `198.51.100.${visitors}`, geo: null, text: 'My parcel is late.' }),
  );
}

const squash = (s: string) => s.replace(/[│║╭╮╰╯╔╗╚╝═─]/g, ' ').replace(/\s+/g, ' ');

/** Supervisor 9001 in Conversations > Active with Pat Jones's chat, these agents logged in at the server. */
async function supervisorOnActive(agents = ['1001', '1002']): Promise<{ p: Panel; chat: Conversation }> {
  panel = await startPanel({ config: config() });
  const p = panel;
  for (const agent of agents) loginAgent(p.server, agent);
  const chat = visit(p, 'Pat Jones');
  await logIn(p, '9001');
  await p.press('nav.conversations');
  await p.waitForText('Pat Jones');
  return { p, chat };
}

const holder = (p: Panel, id: string) => p.server.engine.state.get('conversation', id)!;

describe('a supervisor in Conversations > Active', () => {
  it('assigns a conversation to an agent, with the transfer rules: a queue without agents is refused in the dialog', async () => {
    const { p, chat } = await supervisorOnActive();
    const first = holder(p, chat.id).agent;
    expect(footerOf(p.screen())).toContain('a assign');
    await p.press('conversations.assign');
    let screen = await p.waitForText("Assign Pat Jones's chat");
    expectFits(p.frame());
    // The footer names what Enter does here: it assigns, it does not transfer.
    expect(footerOf(screen)).toContain('Enter assign');
    expect(footerOf(screen)).not.toContain('transfer');
    // The queue nobody is in: refused, the dialog stays with the server's words.
    while (!/› Empty Chat/.test(p.screen())) await p.press('list.down');
    await p.press('assign.confirm');
    screen = await p.waitFor((s) => squash(s).includes('Empty Chat has no agents: transfers to it are not allowed.'), 'the refusal');
    expect(screen).toContain("Assign Pat Jones's chat");
    expect(holder(p, chat.id).agent).toBe(first);

    // To the other agent.
    await p.press('chatTransfer.switch');
    const other = first === '1001' ? 'Ben Okafor' : 'Ava Turner';
    while (!new RegExp(`› ${other}`).test(p.screen())) await p.press('list.down');
    await p.press('assign.confirm');
    await p.waitForText(`Assigned Pat Jones to ${other}.`);
    expect(holder(p, chat.id).agent).toBe(first === '1001' ? '1002' : '1001');
    expect(p.sent('conversation.transfer').at(-1)?.agent).toBe('9001');
  });

  it('keeps the agent chosen when the live list moves under it: an agent logging in does not shift the choice to another', async () => {
    const { p, chat } = await supervisorOnActive(['1002', '1003']);
    await p.press('conversations.assign');
    await p.waitForText("Assign Pat Jones's chat");
    await p.press('chatTransfer.switch');
    while (!/› Sam Rivera/.test(p.screen())) await p.press('list.down');
    // Ava logs in: logged-in agents come first, by name, so she is put above the choice.
    loginAgent(p.server, '1001');
    const screen = await p.waitFor((s) => /Ava Turner\s+1001\s+Idle/.test(s), 'Ava logged in');
    expect(screen).toMatch(/› Sam Rivera/);
    await p.press('assign.confirm');
    // Not the toast: the chat arriving for Sam brings a toast of its own that may take its place.
    await p.waitFor(() => holder(p, chat.id).agent !== chat.agent, 'the chat assigned');
    expect(holder(p, chat.id).agent).toBe('9001');
    expect(p.sent('conversation.transfer').at(-1)?.args).toMatchObject({ agent: '9001' });
  });

  it('keeps the conversation chosen when a new one comes in above it: close asks about the chosen one', async () => {
    const { p } = await supervisorOnActive();
    visit(p, 'Kim Lee');
    await p.waitForText('Kim Lee');
    while (!/› .*Pat Jones/.test(p.screen())) await p.press('list.down');
    // A new chat starts: the newest come first, so it is put above the choice.
    visit(p, 'Lou Park');
    const screen = await p.waitForText('Lou Park');
    expect(screen).toMatch(/› .*Pat Jones/);
    expect(screen).toMatch(/Total conversations: 3/);
    await p.press('conversations.close');
    expect(squash(await p.waitForText('Are you sure you want to close the conversation?'))).toContain("Pat Jones's chat with its agent ends now.");
  });

  it("closes a conversation after the manual's question; it is closed by a supervisor", async () => {
    const { p, chat } = await supervisorOnActive();
    await p.press('conversations.close');
    const screen = await p.waitForText('Are you sure you want to close the conversation?');
    expectFits(p.frame());
    expect(squash(screen)).toContain("Pat Jones's chat with its agent ends now.");
    await p.press('dialog.confirm');
    await p.waitForText('Conversation closed.');
    expect(holder(p, chat.id)).toMatchObject({ status: 'closed', closedBy: { kind: 'supervisor', id: '9001' } });
  });

  it('follows a conversation live and read-only: new messages arrive while it is open, a and x work from it', async () => {
    const { p, chat } = await supervisorOnActive();
    let screen = await readConversation(p, 'Pat Jones', 'Pat Jones: My parcel is late.');
    expect(screen).toContain('live, read-only');
    expectFits(p.frame());
    p.server.engine.run((ctx) => visitorMessage(ctx, chat.id, '198.51.100.1', 'Order 4411, sent Monday.', []));
    screen = await p.waitForText('Pat Jones: Order 4411, sent Monday.');
    // Nothing to write with: it is read-only.
    expect(screen).not.toContain('Reply');
    expect(footerOf(screen)).toContain('x close');
    // The log fits: no scrolling keys to offer.
    expect(screen).toMatch(/│ a assign · x close · Esc close\s+│/);
    await p.press('conversations.close');
    await p.waitForText('Are you sure you want to close the conversation?');
    await p.press('dialog.cancel');
    expect(p.sent('conversation.close')).toEqual([]);
  });
});

describe('agents in Conversations > Active', () => {
  it('have no assign or close keys there', async () => {
    panel = await startPanel({ config: config() });
    const p = panel;
    await logIn(p, '1001');
    visit(p, 'Pat Jones');
    await p.press('nav.conversations');
    const screen = await p.waitForText('Pat Jones');
    expect(footerOf(screen)).not.toContain('assign');
    await p.key('a');
    await p.key('x');
    expect(p.screen()).not.toContain('Assign Pat');
    expect(p.screen()).not.toContain('Are you sure');
    expect(p.sent('conversation.transfer')).toEqual([]);
  });

  it('are not offered assign or close in the open conversation, only the keys that work', async () => {
    panel = await startPanel({ config: config() });
    const p = panel;
    await logIn(p, '1001');
    visit(p, 'Pat Jones');
    const screen = await readConversation(p, 'Pat Jones', 'Pat Jones: My parcel is late.');
    expectFits(p.frame());
    // The log fits: nothing to scroll either.
    expect(screen).toMatch(/│ Esc close\s+│/);
    expect(screen).not.toContain('a assign');
    expect(screen).not.toContain('x close');
  });
});

describe('typing notices between agents', () => {
  it("shows the agent a supervisor's typing with the supervisor's name, wherever the agent is, and in the chat with them", async () => {
    panel = await startPanel({ config: config() });
    const p = panel;
    const sam = loginAgent(p.server, '9001');
    await logIn(p, '1001');
    sam('agentchat.typing', { to: '1001', typing: true });
    let screen = await p.waitForText('✎ Sam Rivera (supervisor) is writing to you…');
    expectFits(p.frame());
    await p.press('nav.dashboard');
    await p.waitForText('✎ Sam Rivera (supervisor) is writing to you…');
    sam('agentchat.typing', { to: '1001', typing: false });
    await p.waitFor((s) => !s.includes('is writing to you'), 'the notice to go when Sam stops');

    // A colleague, in the open chat with them; a message ends it.
    const ben = loginAgent(p.server, '1002');
    await p.press('nav.calls');
    await p.press('tab.next');
    await p.press('tab.next');
    await p.waitForText('search by name or agent number');
    while (!/› Ben Okafor/.test(p.screen())) await p.press('list.down');
    await p.press('agents.chat');
    await p.waitForText('Chat with Ben Okafor (1002)');
    ben('agentchat.typing', { to: '1001', typing: true });
    screen = await p.waitForText('✎ Ben Okafor is writing to you…');
    // Inside the chat it is said once, not again under the panel.
    expect(screen.split('is writing to you').length).toBe(2);
    ben('agentchat.send', { to: '1001', text: 'Lunch at one?' });
    screen = await p.waitForText('Ben Okafor: Lunch at one?');
    expect(screen).not.toContain('is writing to you');

    // And Ava's own typing reaches Ben as a notice.
    await p.type('Yes');
    const mine = () => p.sent('agentchat.typing').filter((c) => c.agent === '1001');
    await p.waitFor(() => mine().length > 0, 'the typing notice to be sent');
    expect(mine()[0]!.args).toEqual({ to: '1002', typing: true });
    // Sending ends it.
    await p.press('agentChat.send');
    await p.waitFor(() => mine().some((c) => c.args.typing === false), 'the end of typing to be sent');
  });
});

describe('a customer with a long name in an open conversation', () => {
  // Visitor names run to 100 characters; the head is cut, the text still shows.
  for (const name of ['Maximilian '.repeat(9).trim(), '山田太郎🙂'.repeat(16)]) {
    it(`shows the message text beside a name of ${[...name].length} characters`, async () => {
      panel = await startPanel({ config: config() });
      const p = panel;
      await logIn(p, '1001');
      const chat = visit(p, name);
      // Long enough to wrap: its continuation lines must show too.
      p.server.engine.run((ctx) => visitorMessage(ctx, chat.id, `198.51.100.${visitors}`, 'It was sent on Monday by express post and the tracking page still says it is waiting at the depot.', []));
      const screen = await readConversation(p, name.slice(0, 4), 'My parcel is late.');
      expectFits(p.frame());
      expect(screen).toMatch(/\d\d:\d\d (Maximilian|山田).*…: My parcel is late\./);
      await p.waitForText('tracking page still says');
    });
  }
});
