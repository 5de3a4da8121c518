import { describe, expect, it } from 'vitest';
import { chatConfig, VisitorSocket } from '../server/visitor-support.js';
import { axeViolations, onScreen, conversation, desk, emailField, hasChromium, inStore, myChat, PHONE, skipReason } from './chat-browser-support.js';

/**
 * The visitor's page while no agent has joined (Chromium): the place in line
 * as it moves, and what the page offers when no one is online: a message and
 * an email address to be answered at, instead of waiting forever.
 */

describe.skipIf(!hasChromium)(`the chat page while waiting${skipReason}`, () => {
  it('shows the place in line as it moves, then the agent who joins', async () => {
    // Ana takes one chat at a time: a first visitor has her, a second waits before us.
    const { server, agent, page } = await desk({ config: chatConfig({ livechatCapacity: 1 }) });
    const busy = await VisitorSocket.open(server);
    const busyChat = await busy.start({ name: 'Busy', visitorId: 'v-busy' });
    const ahead = await VisitorSocket.open(server);
    await ahead.start({ name: 'Ahead', visitorId: 'v-ahead' });

    await page.getByLabel('Your name').fill('Lena Line');
    await page.getByLabel('How can we help?').fill('Can I change my delivery address?');
    await page.getByRole('button', { name: 'Start chat' }).click();
    const title = page.locator('#wait-title');
    await title.filter({ hasText: 'You are 2nd in line.' }).waitFor();
    // Ana's first chat was hers at once: at least a minute per place is promised, no more.
    expect(await page.locator('#wait-detail').textContent()).toBe('Expected wait: about 1 minute. You can keep writing meanwhile.');
    expect(await page.locator('#status-text').textContent()).toBe('Waiting for an agent');
    // A screen reader is told too, politely.
    await page.locator('#announce[aria-live="polite"]', { hasText: 'You are 2nd in line.' }).waitFor({ state: 'attached' });
    expect(await axeViolations(page)).toEqual([]);
    // Nothing on the page speaks of queues or tickets.
    expect(await page.locator('body').innerText()).not.toMatch(/queue|ticket/i);

    // The visitor ahead gives up: one place up.
    ahead.send({ type: 'close' });
    await title.filter({ hasText: 'You are next in line.' }).waitFor();

    // Ana finishes her chat and takes ours: the line is gone, her name is in the header.
    await agent.send('conversation.close', { id: busyChat.conversation.id });
    await onScreen(page).getByText('Ana Lima joined the conversation').waitFor();
    await page.locator('#wait').waitFor({ state: 'hidden' });
    expect(await page.locator('#status-text').textContent()).toBe('Chatting with Ana Lima');
  });

  it('offers to leave a message with an email when no one is online, and the agent who logs in later finds both', async () => {
    const { agent, page, server } = await desk({ login: false, viewport: PHONE });
    expect(await page.locator('#status-text').textContent()).toBe('We are away right now');
    await onScreen(page).getByText('No one is available to chat right now. Leave us a message and we will reply by email.').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The email is what makes an answer possible: the form will not send without it.
    await page.getByLabel('Your name').fill('Olga Offline');
    await page.getByLabel('How can we help?').fill('Do you ship to Norway?');
    const send = page.getByRole('button', { name: 'Send message' });
    await send.click();
    expect(await emailField(page).evaluate((el: HTMLInputElement) => el.validity.valueMissing)).toBe(true);
    expect([...server.engine.state.all('conversation')]).toEqual([]);

    await emailField(page).fill('olga@example.com');
    await send.click();
    await onScreen(page).getByText('No one is available to chat right now.', { exact: true }).waitFor();
    expect(await page.locator('#wait-detail').textContent()).toContain('We have your message and will reply to olga@example.com.');
    expect(await page.locator('#status-text').textContent()).toBe('No one is online');
    expect(await axeViolations(page)).toEqual([]);

    // Ana logs in: the chat is hers, with the message and the address; the visitor still on the page sees her join.
    await agent.login({ agent: '2001', pin: '2001' });
    const chat = await inStore(agent, 'the chat left while offline', () => myChat(agent));
    expect(chat.customer).toMatchObject({ name: 'Olga Offline', email: 'olga@example.com' });
    expect(chat.preview).toBe('Do you ship to Norway?');
    await onScreen(page).getByText('Ana Lima joined the conversation').waitFor();
    await page.locator('#wait').waitFor({ state: 'hidden' });
  });

  it('asks for an email in the chat when everyone went away after the page opened', async () => {
    const { agent, page } = await desk();
    // The form was drawn while Ana was online, so it asked no email; then she pauses.
    expect(await page.getByRole('button', { name: 'Start chat' }).isVisible()).toBe(true);
    await agent.send('agent.pause', { reason: 'Break' });
    await page.getByLabel('Your name').fill('Nina');
    await page.getByLabel('How can we help?').fill('Is the Alpine tent waterproof?');
    await page.getByRole('button', { name: 'Start chat' }).click();

    await onScreen(page).getByText('Leave your email and we will reply there.', { exact: false }).waitFor();
    const later = page.getByLabel('Your email');
    await later.fill('nina@example');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').getByText('That email address does not look right.').waitFor();
    await later.fill('nina@example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await onScreen(page).getByText('We have your message and will reply to nina@example.com.', { exact: false }).waitFor();
    expect(await later.isVisible()).toBe(false);

    // Ana's side: the address is on the chat waiting in her queue, and the chat is hers once she is back.
    const waiting = await inStore(agent, 'the address on the waiting chat', () => agent.store.list('conversation').find((c) => c.customer.email === 'nina@example.com'));
    expect(waiting.agent).toBeNull();
    await agent.send('agent.unpause', {});
    await inStore(agent, 'the chat given to Ana once she is back', () => conversation(agent, waiting.id)?.agent === '2001');
  });
});
