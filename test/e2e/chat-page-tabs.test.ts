import { describe, expect, it } from 'vitest';
import { desk, hasChromium, inStore, myChat, onScreen, skipReason, startChat } from './chat-browser-support.js';

/**
 * One visitor, two tabs of the chat page (one browser, one localStorage): a
 * tab left on an ended chat must not make the other tab forget the chat it
 * has since started.
 */

describe.skipIf(!hasChromium)(`the chat page in two tabs${skipReason}`, () => {
  it('keeps the chat one tab started when the other, still on the ended chat, starts over', async () => {
    const { agent, page } = await desk();
    await startChat(page);
    const chat = await inStore(agent, 'the first chat', () => myChat(agent));
    const other = await page.context().newPage();
    await other.goto(page.url());
    await onScreen(other).getByText('Ana Lima joined the conversation').waitFor();

    // Ended in both tabs; the first tab starts a new chat.
    await agent.send('conversation.status', { id: chat.id, status: 'solved' });
    await page.locator('label[for="score-9"]').click();
    await page.getByRole('button', { name: 'Send rating' }).click();
    await other.getByRole('button', { name: 'Start a new chat' }).waitFor();
    await page.getByRole('button', { name: 'Start a new chat' }).click();
    await page.getByLabel('How can we help?').fill('A second question.');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await onScreen(page).getByText('A second question.').waitFor();

    // The other tab, still on the ended chat, starts over: the first tab's chat is still the one kept.
    await other.getByRole('button', { name: 'Start a new chat' }).click();
    await page.reload();
    await onScreen(page).getByText('A second question.').waitFor();
    expect(await page.locator('#start-view').isHidden()).toBe(true);
  });
});
