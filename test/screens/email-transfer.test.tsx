import { afterEach, describe, expect, it } from 'vitest';
import { assignTo } from '../../src/core/messaging/assign.js';
import type { Conversation } from '../../src/core/protocol/model.js';
import { mail, mailConfig } from './email-support.js';
import { expectFits, loginAgent, logIn, startPanel, type Panel } from './support.js';

/**
 * Transferring an email at 80x24: each colleague is listed with the emails
 * they hold (not a count called "chats"); an email a colleague moved to a
 * queue and given to me there is announced with whose it is and who moved it.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

/** Give a conversation to an agent by hand, as Assign to me would. */
const giveTo = (p: Panel, c: Conversation, agent: string) => p.server.engine.run((ctx) => assignTo(ctx, ctx.state.get('conversation', c.id)!, agent, 'manual', agent));

describe('transferring an email', () => {
  it('lists each colleague with the emails they hold', async () => {
    panel = await startPanel({ config: mailConfig() });
    const p = panel;
    loginAgent(p.server, '1002');
    // Ben holds two emails and no chat.
    for (const from of ['a@example.org', 'b@example.org']) giveTo(p, mail(p, { queue: 'manual-mail', from }), '1002');
    await logIn(p);
    await p.press('nav.email');
    giveTo(p, mail(p, { queue: 'manual-mail', subject: 'Lost parcel' }), '1001');
    await p.waitForText('Lost parcel');
    await p.press('email.transfer');
    await p.waitForText("Transfer Maya Fischer's email");
    await p.press('chatTransfer.switch');
    const screen = await p.waitForText('Ben Okafor');
    expect(screen).toMatch(/Ben Okafor\s+1002\s+.*emails 2 · \d+%/);
    expect(screen).not.toMatch(/chats \d/);
    expectFits(p.frame());
  });
});

describe('an email a colleague transferred to a queue, assigned to me there', () => {
  it('is announced with whose email it is, who transferred it and to which queue', async () => {
    panel = await startPanel({ config: mailConfig() });
    const p = panel;
    const ben = loginAgent(p.server, '1002');
    const c = mail(p, { queue: 'manual-mail', subject: 'Lost parcel' });
    giveTo(p, c, '1002');
    await logIn(p);
    ben('conversation.transfer', { id: c.id, queue: 'support-chat' });
    expect(p.server.engine.state.get('conversation', c.id)!.agent).toBe('1001');
    const screen = await p.waitFor(
      (s) => s.replace(/\s+/g, ' ').includes("You have a new assigned email: Maya Fischer's email, which Ben Okafor transferred to queue Support Chat."),
      'the notice naming the email and who transferred it',
    );
    expectFits(screen);
  });
});

describe('an email whose agent logged out, assigned to me from its queue', () => {
  it('is announced with whose email it is and why it came', async () => {
    panel = await startPanel({ config: mailConfig() });
    const p = panel;
    const ben = loginAgent(p.server, '1002');
    const c = mail(p, { subject: 'Lost parcel' });
    expect(p.server.engine.state.get('conversation', c.id)!.agent).toBe('1002');
    await logIn(p);
    ben('session.logout', {});
    expect(p.server.engine.state.get('conversation', c.id)!.agent).toBe('1001');
    const screen = await p.waitFor(
      (s) => s.replace(/\s+/g, ' ').includes("You have a new assigned email: Maya Fischer's email, returned to Support Chat when Ben Okafor logged out."),
      'the notice naming the email and why it came',
    );
    expectFits(screen);
  });
});
