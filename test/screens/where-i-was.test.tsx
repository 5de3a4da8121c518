import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { visitorClose } from '../../src/core/messaging/visitor.js';
import { tempDir } from '../server/support.js';
import { alwaysOpenChatConfig, killedPanelScene, visitPatJones } from './killed-panel-scene.js';
import { expectFits, logIn, placeCall, type Panel } from './support.js';

/**
 * A panel killed (kill -9 of `switchboard connect`, a cut SSH session) used
 * to come back on Calls at the next login, wherever the agent had been: a
 * chat open with a half-typed reply had to be found again. The panel now
 * opens where the agent was (the section, and the conversation while it is
 * still theirs), unless a call rings for them. "Killed": the first panel's
 * connection is cut and its tree left as it was, so its clean exit never runs.
 */
const { open } = killedPanelScene();
const chatConfig = alwaysOpenChatConfig;
const visit = visitPatJones;

const isChatOpen = (s: string) => s.includes('Pat Jones —') && s.includes('Reply');
/** The Calls section's tab strip (its first tab counts the calls listed). */
const onCalls = (s: string) => /Calls(?: \d+)? │ Queues/.test(s);

/** Agent 1001 in Chats with Pat Jones's chat open and a reply half typed; the panel then killed once it is on disk. */
async function killedMidReply() {
  const journalPath = join(tempDir(), 'state', 'journal.jsonl');
  const first = await open({ config: chatConfig(), journalPath });
  await logIn(first, '1001');
  const chat = visit(first);
  await first.press('nav.chats');
  await first.waitForText('Pat Jones');
  await first.press('chats.open');
  await first.waitFor(isChatOpen, 'the conversation with Pat Jones');
  await first.type('Your parcel left');
  await first.waitForText('Your parcel left');
  // Written a short while after the typing stops (client/drafts.ts).
  await new Promise((r) => setTimeout(r, 700));
  first.client.close();
  return { first, journalPath, chat };
}

/** The next login of the same agent, from a panel of the same machine; a call may be ringing, so AVAILABLE is not waited for. */
async function logInAgain(first: Panel, journalPath: string): Promise<Panel> {
  const next = await open({ server: first.server, journalPath });
  await next.type('1001');
  await next.press('form.next');
  await next.type('1001');
  await next.press('login.submit');
  await next.waitForText('Agent login');
  await next.press('agentLogin.submit');
  await next.waitFor((s) => s.includes('Profile'), 'the agent panel');
  return next;
}

describe('the panel opens where the agent was when it was killed', () => {
  it('a chat open with a half-typed reply: the next login opens it in Chats, the reply in its composer, ready to send', async () => {
    const { first, journalPath, chat } = await killedMidReply();
    const next = await logInAgain(first, journalPath);
    const screen = await next.waitFor(isChatOpen, 'the chat with Pat Jones, open again');
    expect(screen).toContain('Your parcel left');
    expect(onCalls(screen)).toBe(false);
    expectFits(next.frame());
    await next.press('composer.send');
    await next.waitFor(() => first.sent('message.send').length > 0, 'the reply to be sent');
    expect(first.sent('message.send')[0]!.args).toMatchObject({ conversation: chat.id, text: 'Your parcel left' });
  });

  it('never over a ringing call: with a call ringing at the next login, Calls opens, and the chat waits in Chats', async () => {
    const { first, journalPath } = await killedMidReply();
    placeCall(first, '7001');
    const next = await logInAgain(first, journalPath);
    const screen = await next.waitFor((s) => s.includes('Ring In'), 'the ringing call');
    expect(onCalls(screen)).toBe(true);
    expect(screen).not.toContain('Pat Jones —');
    await next.press('nav.chats');
    expect(await next.waitFor(isChatOpen, 'the chat, still open in Chats')).toContain('Your parcel left');
  });

  it('a chat closed meanwhile is not opened again: Chats opens on My Chats', async () => {
    const { first, journalPath, chat } = await killedMidReply();
    first.server.engine.run((ctx) => visitorClose(ctx, chat.id, '198.51.100.1'));
    const next = await logInAgain(first, journalPath);
    const screen = await next.waitFor((s) => s.includes('My Chats') && s.includes('Pat Jones'), 'My Chats');
    expect(screen).not.toContain('Pat Jones —');
    expect(onCalls(screen)).toBe(false);
  });

  it('another section (Email) opens again too', async () => {
    const journalPath = join(tempDir(), 'state', 'journal.jsonl');
    const first = await open({ journalPath });
    await logIn(first, '1001');
    await first.press('nav.email');
    await first.waitForText('My Emails');
    await new Promise((r) => setTimeout(r, 700));
    first.client.close();
    const next = await logInAgain(first, journalPath);
    const screen = await next.waitForText('My Emails');
    expect(onCalls(screen)).toBe(false);
  });

  it('an agent who logged out starts on Calls at the next login: logging out ends the shift, it is not a cut', async () => {
    const { first, journalPath } = await killedMidReply();
    // The same agent on the same machine, back in the chat, then logging out on purpose.
    const second = await logInAgain(first, journalPath);
    await second.waitFor(isChatOpen, 'the chat, open again');
    await second.press('app.back'); // out of the reply box, whose keys are letters
    await second.press('session.logout');
    await second.waitForText('Log out?');
    await second.press('dialog.confirm');
    await second.waitForText('agent login');
    const next = await logInAgain(first, journalPath);
    const screen = await next.waitFor(onCalls, 'the Calls section');
    expect(screen).not.toContain('Pat Jones —');
    expect(screen).not.toContain('My Chats');
  });
});
