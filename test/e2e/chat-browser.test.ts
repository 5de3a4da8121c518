import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../server/support.js';
import { axeViolations, onScreen, box, conversation, desk, hasChromium, inStore, myChat, skipReason, startChat } from './chat-browser-support.js';

/**
 * A whole chat in the visitor's page (Chromium at 1280x800) with an agent
 * answering through AgentClient: the first message from the form, both ways
 * with typing, seen marks and a file, End chat asked first, the survey asked
 * once and the rating echoed; bans and oversized files.
 */

const QUESTION = 'How would you rate this conversation, from 1 to 10? You can add a comment.';

describe.skipIf(!hasChromium)(`the visitor chat page in Chromium${skipReason}`, () => {
  it('chats both ways from the first message of the form, with typing, seen marks and a file; End chat is asked first; the survey is asked once and echoed', async () => {
    const { agent, page } = await desk();
    expect(await page.locator('h1').textContent()).toBe('Chat Test');
    expect(await page.locator('#status-text').textContent()).toBe('We are online');
    expect(await axeViolations(page)).toEqual([]);

    // The form asks the first message; it is the chat's first customer message, and the message box has the focus.
    await startChat(page, 'Vera Visitor', 'Where is my parcel?');
    const chat = await inStore(agent, 'the new chat', () => myChat(agent));
    expect(chat.customer).toMatchObject({ name: 'Vera Visitor', email: 'vera@example.com' });
    // Written before the chat was the agent's: the panel reads it with the log (a snapshot carries only the last message).
    const log = await agent.send('conversation.messages', { id: chat.id });
    const first = log.messages.find((m) => m.author === 'customer')!;
    expect(first.text).toBe('Where is my parcel?');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('text');
    expect(await page.locator('#status-text').textContent()).toBe('Chatting with Ana Lima');

    // The agent sees the draft as it is typed, before it is sent.
    const box_ = page.getByLabel('Message', { exact: true });
    await box_.pressSequentially('It was due Friday.');
    await inStore(agent, 'the whole draft', () => agent.store.typing.get(chat.id)?.text === 'It was due Friday.');
    expect(agent.store.list('message').some((m) => m.text === 'It was due Friday.')).toBe(false);
    await box_.press('Enter');
    const sent = await inStore(agent, 'the message', () => agent.store.list('message').find((m) => m.text === 'It was due Friday.'));
    expect(sent).toMatchObject({ conversation: chat.id, author: 'customer' });
    expect(await box_.inputValue()).toBe('');

    // The agent's reply shows in the page, with the agent's name; the page marks it read.
    await agent.send('message.send', { conversation: chat.id, text: 'Hello Vera, let me check.' });
    const reply = page.locator('#log li', { hasText: 'Hello Vera, let me check.' });
    await reply.waitFor();
    expect(await reply.textContent()).toContain('Ana Lima');
    // A screen reader hears it (and not the visitor's own messages) through the page's polite live region.
    await page.locator('#announce[aria-live="polite"]', { hasText: 'Ana Lima: Hello Vera, let me check.' }).waitFor({ state: 'attached' });
    await inStore(agent, 'the visitor reading the reply', () => agent.store.list('message').find((m) => m.text === 'Hello Vera, let me check.' && m.seenAt !== null));

    // Three dots while the agent types, under the messages: the message box does not move.
    const before = await box(page, '#composer');
    const dots = page.getByRole('status', { name: 'Ana Lima is typing' });
    await agent.send('conversation.typing', { id: chat.id, typing: true });
    await dots.waitFor({ state: 'visible' });
    expect(await box(page, '#composer')).toEqual(before);
    await agent.send('conversation.typing', { id: chat.id, typing: false });
    await dots.waitFor({ state: 'hidden' });

    // The agent reads the visitor's messages: ✓✓ beside them.
    const mine = page.locator('#log li.customer', { hasText: 'It was due Friday.' });
    expect(await mine.getByLabel('Seen').count()).toBe(0);
    await agent.send('conversation.seen', { id: chat.id });
    await mine.getByLabel('Seen').waitFor();

    // A file goes up and reaches the agent as an attachment.
    await page.getByLabel('Attach a file').setInputFiles({ name: 'receipt.txt', mimeType: 'text/plain', buffer: Buffer.from('order 48213') });
    const withFile = await inStore(agent, 'the file', () => agent.store.list('message').find((m) => m.attachments.length > 0));
    expect(withFile.attachments).toEqual([expect.objectContaining({ name: 'receipt.txt', size: 11, type: 'text/plain' })]);
    await page.getByRole('button', { name: /receipt\.txt/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A reload resumes the same chat.
    await page.reload();
    await page.locator('#log li', { hasText: 'Hello Vera, let me check.' }).waitFor();
    await page.locator('#log li.customer', { hasText: 'It was due Friday.' }).getByLabel('Seen').waitFor();

    // End chat sits in the header, away from Send, and is asked first: keeping on chatting ends nothing.
    const endChat = page.getByRole('button', { name: 'End chat' });
    expect((await endChat.boundingBox())!.y).toBeLessThan((await box(page, '#send')).y - 300);
    await endChat.click();
    const dialog = page.getByRole('dialog', { name: 'End this chat?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Keep chatting' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await box_.fill('Still here.');
    await box_.press('Enter');
    await inStore(agent, 'a message after Keep chatting', () => agent.store.list('message').find((m) => m.text === 'Still here.'));
    expect(conversation(agent, chat.id)?.status).toBe('open');
    await endChat.click();
    await dialog.getByRole('button', { name: 'Yes, end chat' }).click();
    await inStore(agent, 'the chat solved by the visitor', () => conversation(agent, chat.id)?.status === 'solved');

    // The survey: its question once on the page (not also in the conversation), 1-10 in one row of 44 px targets.
    const question = onScreen(page).getByText(QUESTION);
    await question.waitFor();
    expect(await question.count()).toBe(1);
    expect(await page.locator('#log').textContent()).not.toContain('How would you rate');
    expect(await box_.isVisible()).toBe(false);
    const targets = await Promise.all(Array.from({ length: 10 }, (_, i) => box(page, `label[for="score-${i + 1}"]`)));
    for (const t of targets) expect(Math.min(t.width, t.height)).toBeGreaterThanOrEqual(44);
    expect(new Set(targets.map((t) => t.y)).size).toBe(1);
    expect(await page.locator('.scale-ends').textContent()).toBe('1 · Poor10 · Excellent');
    expect(await axeViolations(page)).toEqual([]);

    await page.locator('label[for="score-9"]').click();
    await page.getByLabel('Anything to add?').fill('Quick and kind.');
    await page.getByRole('button', { name: 'Send rating' }).click();
    await onScreen(page).getByText('Thank you for your feedback!').waitFor();
    expect(await page.locator('#log li.rating').textContent()).toBe('You rated 9/10\n“Quick and kind.”');

    const closed = await inStore(agent, 'the chat closed by the survey', () => {
      const c = conversation(agent, chat.id);
      return c?.status === 'closed' ? c : undefined;
    });
    expect(closed.closedBy?.kind).toBe('survey');
    expect(closed.survey).toMatchObject({ score: 9, comment: 'Quick and kind.' });
  });

  it('tells a banned visitor why and until when, and keeps them out after a reload', async () => {
    const { agent, page } = await desk();
    await startChat(page, 'Rude Visitor');
    const chat = await inStore(agent, 'the new chat', () => myChat(agent));
    await agent.send('ban.customer', { conversation: chat.id, hours: 24, reason: 'Abusive language' });
    const notice = onScreen(page).getByText(/You cannot chat with us until .+\. Reason: Abusive language/);
    await notice.waitFor();
    expect(await page.getByRole('button', { name: 'Start a new chat' }).isVisible()).toBe(false);

    await page.reload();
    await page.getByLabel('Your name').fill('Rude Again');
    await page.getByLabel('How can we help?').fill('Let me back in');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await notice.waitFor();
  });

  it('refuses a file over 20 MB in the page itself, with the same sentence as the server', async () => {
    const { page } = await desk();
    await startChat(page);
    // From a file on disk: the browser reads it itself, instead of 21 MB travelling over the driver's pipe.
    const big = join(tempDir(), 'holiday.mov');
    writeFileSync(big, Buffer.alloc(21 * 1024 * 1024));
    await page.getByLabel('Attach a file').setInputFiles(big);
    await page.getByRole('alert').getByText('holiday.mov is 21.0 MB; files are limited to 20 MB each.').waitFor();
  });

  it('tells a visitor sending too fast to wait, and puts the refused message back in the box to send again', async () => {
    // One message, then (in practice) no refill: the second is refused however slowly the browser goes.
    const { agent, page } = await desk({ limits: { visitorChatMessages: { burst: 1, perSecond: 0.001 } } });
    await startChat(page);
    const box_ = page.getByLabel('Message', { exact: true });
    await box_.fill('One.');
    await box_.press('Enter');
    await inStore(agent, 'the first message', () => agent.store.list('message').find((m) => m.text === 'One.'));

    await box_.fill('Two.');
    await box_.press('Enter');
    await page.getByRole('alert').getByText('You are sending messages too fast; wait a moment and send it again.').waitFor();
    expect(await box_.inputValue()).toBe('Two.');
    expect(agent.store.list('message').some((m) => m.text === 'Two.')).toBe(false);
  });
});
