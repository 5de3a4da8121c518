import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DraftFile } from '../../src/client/drafts.js';
import { draftsPathFor } from '../../src/client/paths.js';
import type { Conversation } from '../../src/core/protocol/model.js';
import { receiveInbound } from '../../src/core/messaging/inbound.js';
import { visitorClose } from '../../src/core/messaging/visitor.js';
import { tempDir } from '../server/support.js';
import { alwaysOpenChatConfig, killedPanelScene, visitPatJones } from './killed-panel-scene.js';
import { expectFits, fillFormHalfway, footerOf, logIn, loginAgent, type Panel, placeCall } from './support.js';

/**
 * A panel killed (kill -9, a closed SSH session, a crashed terminal) gives
 * back what the agent typed and had not sent: the next login of the same
 * agent to the same server finds the chat reply in its composer and the
 * feedback form's values. "Killed" here: the first panel's connection is cut
 * and it is left as it was, never unmounted, so its clean exit never runs.
 */
const { open } = killedPanelScene();
const chatConfig = alwaysOpenChatConfig;
const visit = visitPatJones;

/** Maya's email to Support Chat, which assigns it to the agent logged in. */
function mail(p: Panel): Conversation {
  return p.server.engine.run(
    (ctx) =>
      receiveInbound(ctx, {
        channel: 'email',
        queue: 'support-chat',
        externalId: '<refund@example.org>',
        threadRef: '<refund@example.org>',
        customer: { id: 'email:maya@example.org', name: 'Maya Fischer', email: 'maya@example.org', phone: null, ip: null, geo: null },
        subject: 'Refund for order 4411',
        text: 'Where is my refund?',
        attachments: [],
        mail: { from: 'maya@example.org', to: ['support@demo.switchboard'], cc: [], subject: 'Refund for order 4411' },
      }).conversation,
  );
}

async function openChat(p: Panel): Promise<string> {
  await p.press('nav.chats');
  await p.waitForText('Pat Jones');
  await p.press('chats.open');
  return p.waitFor((s) => s.includes('Pat Jones —') && s.includes('Reply'), 'the conversation with Pat Jones');
}

/** Wait for the draft file to hold what `has` looks for: written after the typing stops, not at exit. */
async function waitForDrafts(file: string, has: (drafts: DraftFile) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!(existsSync(file) && has(new DraftFile(file)))) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} in ${file}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Log in as an agent still in wrap-up (logIn waits for AVAILABLE). */
async function logInAgain(p: Panel, agent: string): Promise<void> {
  await p.type(agent);
  await p.press('form.next');
  await p.type(agent);
  await p.press('login.submit');
  await p.waitForText('Agent login');
  await p.press('agentLogin.submit');
  await p.waitFor((s) => s.includes('Profile'), 'the agent panel');
}

/** The panel is gone without its clean exit: its connection cut, its tree left as it was. */
function kill(p: Panel): void {
  p.client.close();
}

/** Agent 1001's panel, its drafts kept in a file of their own, with a visitor's chat open. */
async function chatOpenWithDraftFile() {
  const journalPath = join(tempDir(), 'state', 'journal.jsonl');
  const file = draftsPathFor(journalPath, '1001');
  const first = await open({ config: chatConfig(), journalPath });
  await logIn(first, '1001');
  const c = visit(first);
  await openChat(first);
  return { journalPath, file, first, c };
}

describe('drafts kept across a killed panel', () => {
  it('gives a chat reply typed before the kill back in the composer at the next login', async () => {
    const { journalPath, file, first, c } = await chatOpenWithDraftFile();
    await first.type('Your refund is on its way');
    await first.waitForText('Your refund is on its way');
    await waitForDrafts(file, (d) => d.get(`composer:${c.id}`) === 'Your refund is on its way', 'the chat draft');
    kill(first);

    const next = await open({ server: first.server, journalPath });
    await logIn(next, '1001');
    // The panel opens where the agent was (where-i-was.test.tsx): the chat, its reply in the composer.
    const screen = await next.waitFor((s) => s.includes('Pat Jones —') && s.includes('Reply'), 'the conversation with Pat Jones');
    expect(screen).toContain('Your refund is on its way');
    expectFits(next.frame());
    // It is the composer's: sending it sends what was typed before the kill.
    await next.press('composer.send');
    // The server is the first panel's: it notes the commands.
    await next.waitFor(() => first.sent('message.send').length > 0, 'the message to be sent');
    expect(first.sent('message.send')[0]!.args).toMatchObject({ conversation: c.id, text: 'Your refund is on its way' });
  });

  it('gives a half-filled feedback form back with its values while its call still awaits it', async () => {
    const journalPath = join(tempDir(), 'state', 'journal.jsonl');
    const file = draftsPathFor(journalPath, '1001');
    const first = await open({ journalPath });
    await logIn(first, '1001');
    placeCall(first, '7001');
    await first.waitForText('Ring In');
    await first.press('call.answer');
    await first.waitForText('On-call');
    await first.press('call.hangup');
    await first.waitFor((s) => /Test Caller\s+Ended/.test(s), 'the ended call');
    await fillFormHalfway(first);
    await waitForDrafts(file, (d) => d.keys('form:').some((k) => (d.get(k) as Record<string, string>).notes === 'wants a refund'), 'the form draft');
    kill(first);

    const next = await open({ server: first.server, journalPath });
    await logInAgain(next, '1001');
    // The title names the key as the footer does.
    let screen = await next.waitForText('not submitted — s start form');
    expect(footerOf(screen)).toContain('s start form');
    expect(screen).toContain('(•) Billing');
    expect(screen).toContain('(•) Yes');
    expect(screen).toContain('wants a refund');
    expectFits(next.frame());

    await next.press('call.startForm');
    screen = await next.waitForText('editing');
    expect(screen).toContain('Notes                 wants a refund');
    await next.press('feedback.submit');
    await next.waitForText('Feedback form submitted successfully');
    expect(first.sent('form.submit').at(-1)!.args).toMatchObject({ values: { topic: 'Billing', notes: 'wants a refund' } });
    // Submitted: nothing of it is kept any longer.
    await next.waitFor(() => !existsSync(file) || new DraftFile(file).keys('form:').length === 0, 'the form to be forgotten on disk');
  });

  it("gives an email reply back with its Cc, Bcc, chosen signature and attached file, not the text alone", async () => {
    const journalPath = join(tempDir(), 'state', 'journal.jsonl');
    const file = draftsPathFor(journalPath, '1001');
    const first = await open({ config: chatConfig(), journalPath, listen: true });
    await logIn(first, '1001');
    const notes = join(tempDir(), 'notes.txt');
    writeFileSync(notes, 'order 4411\n');
    const c = mail(first);
    await first.press('nav.email');
    await first.waitForText('Refund for order 4411');
    await first.press('chats.open');
    await first.waitForText('Reply (Ctrl+D sends)');
    await first.type('Your refund left today.');
    await first.press('email.copies');
    await first.type('boss@example.org');
    await first.key('tab');
    await first.type('audit@example.org');
    await first.key('enter');
    await first.waitForText('Cc boss@example.org · Bcc audit@example.org');
    await first.press('email.signature');
    await first.waitForText('Signature of this email');
    await first.key('down');
    await first.key('enter');
    await first.press('composer.attach');
    await first.waitForText('Attach a file');
    await first.write(notes);
    await first.press('entry.submit');
    await first.waitForText('📎 notes.txt (11 B)');
    await waitForDrafts(file, (d) => d.keys('extras:').length === 1 && String((d.get(`extras:${c.id}`) as Record<string, string>).files).includes('notes.txt'), 'the reply’s extras');
    kill(first);

    const next = await open({ server: first.server, journalPath });
    await logIn(next, '1001');
    // The panel opens where the agent was: the email, its reply as it was left.
    const screen = await next.waitForText('Cc boss@example.org · Bcc audit@example.org');
    expect(screen).toContain('Your refund left today.');
    expect(screen).toContain('📎 notes.txt (11 B)');
    expectFits(screen);
    await next.press('email.send');
    await next.waitFor(() => first.sent('message.send').length > 0, 'the reply to be sent');
    expect(first.sent('message.send')[0]!.args).toMatchObject({
      conversation: c.id,
      text: 'Your refund left today.',
      cc: ['boss@example.org'],
      bcc: ['audit@example.org'],
      signature: null,
      attachments: [expect.any(String)],
    });
  });

  it('forgets a draft once its message is sent, and one whose conversation is closed', async () => {
    const { journalPath, file, first, c } = await chatOpenWithDraftFile();
    await first.type('On its way');
    await waitForDrafts(file, (d) => d.get(`composer:${c.id}`) === 'On its way', 'the chat draft');
    await first.press('composer.send');
    await first.waitFor(() => first.sent('message.send').length > 0, 'the message to be sent');
    await first.waitFor(() => !existsSync(file) || new DraftFile(file).get(`composer:${c.id}`) === undefined, 'the draft to be forgotten on disk');

    await first.type('Anything else?');
    await waitForDrafts(file, (d) => d.get(`composer:${c.id}`) === 'Anything else?', 'the next draft');
    first.server.engine.run((ctx) => visitorClose(ctx, c.id, '198.51.100.1'));
    await first.waitFor(() => !existsSync(file) || new DraftFile(file).get(`composer:${c.id}`) === undefined, 'the closed conversation’s draft to be forgotten');
    kill(first);

    // Nothing comes back for it.
    const next = await open({ server: first.server, journalPath });
    await logIn(next, '1001');
    await next.press('nav.chats');
    await next.waitForText('Pat Jones');
    await next.press('chats.open');
    const screen = await next.waitForText('Pat Jones —');
    expect(screen).not.toContain('Anything else?');
  });

  it('gives a message half written to a colleague (Agents tab, m) back in its line, and sends it', async () => {
    const journalPath = join(tempDir(), 'state', 'journal.jsonl');
    const file = draftsPathFor(journalPath, '1001');
    const first = await open({ journalPath });
    loginAgent(first.server, '1002');
    await logIn(first, '1001');
    const openChatWithBen = async (p: Panel) => {
      await p.press('tab.next');
      await p.press('tab.next');
      await p.waitForText(/› Ben Okafor/);
      await p.press('agents.chat');
      return p.waitForText('Chat with Ben Okafor (1002)');
    };
    await openChatWithBen(first);
    await first.type('Can you take the next billing call?');
    await first.waitForText('Message  Can you take the next billing call?');
    await waitForDrafts(file, (d) => d.get('agentchat:1002') === 'Can you take the next billing call?', 'the message to Ben');
    kill(first);

    const next = await open({ server: first.server, journalPath });
    await logIn(next, '1001');
    const screen = await openChatWithBen(next);
    expect(screen).toContain('Message  Can you take the next billing call?');
    expectFits(next.frame());
    await next.press('agentChat.send');
    await next.waitForText('You: Can you take the next billing call?');
    expect(next.server.engine.state.get('agentChat', '1001|1002')!.messages.map((m) => m.text)).toEqual(['Can you take the next billing call?']);
    // Sent: nothing of it is kept any longer.
    await next.waitFor(() => !existsSync(file) || new DraftFile(file).get('agentchat:1002') === undefined, 'the message to be forgotten on disk');
  });
});
