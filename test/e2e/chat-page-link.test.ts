import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AgentClient } from '../../src/client/session.js';
import { desk, hasChromium, inStore, myChat, onScreen, skipReason, startChat } from './chat-browser-support.js';
import { startRelay } from '../tcp-relay.js';

/**
 * The chat page on a bad link: what the visitor sends while the link is dead
 * is shown as not sent yet, kept, and sent once when a new connection is up;
 * what reached the server but whose answer was lost is not sent twice.
 */

const customerTexts = async (agent: AgentClient, id: string) =>
  (await agent.send('conversation.messages', { id })).messages.filter((m) => m.author === 'customer').map((m) => m.text);

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

/** A visitor's chat started through a link the test can make silent, deaf or cut, and the agent who has it. */
async function chatThroughLink() {
  const { agent, page, server } = await desk();
  const link = await startRelay(server.http!.port);
  await page.goto(`http://127.0.0.1:${link.port}/chat`);
  await startChat(page);
  const chat = await inStore(agent, 'the new chat', () => myChat(agent));
  return { agent, page, link, chat };
}

describe.skipIf(!hasChromium)(`the chat page on a bad link${skipReason}`, () => {
  it('keeps what was sent into a silent link, says it is not sent yet, and sends it once when the link is back', async () => {
    const { agent, page, link, chat } = await chatThroughLink();

    link.set('silent');
    await send(page, 'Sent into the tunnel.');
    await send(page, 'And another.');
    // Not lost from sight: in the conversation, marked as not sent yet.
    const pending = page.locator('#log li.pending');
    await expect.poll(() => pending.count()).toBe(2);
    expect(await pending.first().textContent()).toContain('Sent into the tunnel.');
    expect(await pending.first().textContent()).toContain('Sending…');

    link.set('up');
    link.drop();
    await onScreen(page).locator('#log li.customer:not(.pending)', { hasText: 'And another.' }).waitFor();
    expect(await pending.count()).toBe(0);
    expect(await customerTexts(agent, chat.id)).toEqual(['Where is my parcel?', 'Sent into the tunnel.', 'And another.']);
  });

  it('does not send twice what reached the server when only its answer was lost', async () => {
    const { agent, page, link, chat } = await chatThroughLink();

    link.set('deaf');
    await send(page, 'Heard, but never answered.');
    await inStore(agent, 'the message', () => agent.store.list('message').find((m) => m.text === 'Heard, but never answered.'));
    expect(await page.locator('#log li.pending').count()).toBe(1);

    link.set('up');
    link.drop();
    await onScreen(page).locator('#log li.customer:not(.pending)', { hasText: 'Heard, but never answered.' }).waitFor();
    expect(await page.locator('#log li.pending').count()).toBe(0);
    expect(await page.locator('#log li', { hasText: 'Heard, but never answered.' }).count()).toBe(1);
    expect(await customerTexts(agent, chat.id)).toEqual(['Where is my parcel?', 'Heard, but never answered.']);
  });

  it('opens a new connection by itself when a message is not confirmed in time, so a link that stays silent does not hold it', async () => {
    const { agent, page, link, chat } = await chatThroughLink();

    // The old connection stays open and silent (nothing tells the browser it is dead); new ones pass.
    link.set('silent');
    await send(page, 'Still there?');
    await page.locator('#log li.pending').waitFor();
    link.set('up');
    await onScreen(page).locator('#log li.customer:not(.pending)', { hasText: 'Still there?' }).waitFor({ timeout: 20_000 });
    expect(await customerTexts(agent, chat.id)).toEqual(['Where is my parcel?', 'Still there?']);
  }, 30_000);
});
