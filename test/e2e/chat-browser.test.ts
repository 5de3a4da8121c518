import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AgentClient } from '../../src/client/session.js';
import { wsTransport } from '../../src/client/ws-transport.js';
import type { Conversation } from '../../src/core/protocol/model.js';
import type { RunningServer } from '../../src/server/runtime.js';
import { onCleanup, runCleanups, startTestServer, tempDir } from '../server/support.js';
import { chatConfig, httpBaseOf } from '../server/visitor-support.js';

/**
 * The visitor chat page in a real browser (Debian's Chromium, headless,
 * driven by playwright-core) against a real server, while an agent answers
 * through the same AgentClient the terminal panel uses.
 */

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const GUARD_MS = 10_000;

let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
});
afterEach(runCleanups);

interface Desk {
  server: RunningServer;
  agent: AgentClient;
  page: Page;
}

/** A server, Ana (2001, Help Desk) logged in through AgentClient, and a fresh browser page on /chat. */
async function desk(options: { login?: boolean } = {}): Promise<Desk> {
  const server = await startTestServer({ config: chatConfig() });
  const agent = new AgentClient({ transport: wsTransport(server.http!.url) });
  onCleanup(() => agent.close());
  await agent.connect();
  if (options.login !== false) await agent.login({ agent: '2001', pin: '2001' });
  const context = await browser.newContext();
  onCleanup(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(GUARD_MS);
  await page.goto(`${httpBaseOf(server)}/chat`);
  return { server, agent, page };
}

/** Resolve with what `check` finds in the agent's store, as soon as it finds it. */
function inStore<T>(agent: AgentClient, what: string, check: () => T | undefined | null | false): Promise<T> {
  return new Promise((resolve, reject) => {
    const look = () => {
      const found = check();
      if (found === undefined || found === null || found === false) return false;
      clearTimeout(guard);
      off();
      resolve(found);
      return true;
    };
    // The store tells of every event applied (and the sneak peek); the client of its connection.
    const offStore = agent.store.subscribe(() => void look());
    const offClient = agent.onChange(() => void look());
    const off = () => {
      offStore();
      offClient();
    };
    const guard = setTimeout(() => {
      off();
      reject(new Error(`the agent never saw ${what}`));
    }, GUARD_MS);
    look();
  });
}

const myChat = (agent: AgentClient) => agent.store.list('conversation').find((c) => c.agent === '2001' && c.channel === 'livechat');

async function startChat(page: Page, name = 'Vera Visitor'): Promise<void> {
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill('vera@example.com');
  expect(await page.getByLabel('Chat with').inputValue()).toBe('help');
  await page.getByRole('button', { name: 'Start chat' }).click();
  await page.getByText('Ana Lima joined the conversation.').waitFor();
}

describe.skipIf(!hasChromium)(
  hasChromium ? 'the visitor chat page in Chromium' : `the visitor chat page in Chromium (skipped: ${CHROMIUM} is missing; apt-get install chromium)`,
  () => {
    it('chats both ways with typing, seen marks and a file, then solve → survey → closed with the score', async () => {
      const { agent, page } = await desk();
      await startChat(page);
      const chat = await inStore(agent, 'the new chat', () => myChat(agent));
      expect(chat.customer).toMatchObject({ name: 'Vera Visitor', email: 'vera@example.com' });

      // The agent sees the draft as it is typed, before it is sent.
      const box = page.getByLabel('Message', { exact: true });
      await box.pressSequentially('Where is my parcel?');
      await inStore(agent, 'the whole draft', () => agent.store.typing.get(chat.id)?.text === 'Where is my parcel?');
      expect(agent.store.list('message').some((m) => m.text === 'Where is my parcel?')).toBe(false);

      await box.press('Enter');
      const sent = await inStore(agent, 'the message', () => agent.store.list('message').find((m) => m.text === 'Where is my parcel?'));
      expect(sent).toMatchObject({ conversation: chat.id, author: 'customer' });
      expect(await box.inputValue()).toBe('');

      // The agent's reply shows in the page, with the agent's name; the page marks it read.
      await agent.send('message.send', { conversation: chat.id, text: 'Hello Vera, let me check.' });
      const reply = page.locator('#log li', { hasText: 'Hello Vera, let me check.' });
      await reply.waitFor();
      expect(await reply.textContent()).toContain('Ana Lima');
      await inStore(agent, 'the visitor reading the reply', () =>
        agent.store.list('message').find((m) => m.text === 'Hello Vera, let me check.' && m.seenAt !== null),
      );

      // Three dots while the agent types.
      const dots = page.getByRole('status', { name: 'The agent is typing' });
      await agent.send('conversation.typing', { id: chat.id, typing: true });
      await dots.waitFor({ state: 'visible' });
      await agent.send('conversation.typing', { id: chat.id, typing: false });
      await dots.waitFor({ state: 'hidden' });

      // The agent reads the visitor's message: ✓✓ beside it.
      const mine = page.locator('#log li.customer', { hasText: 'Where is my parcel?' });
      expect(await mine.getByLabel('Seen').count()).toBe(0);
      await agent.send('conversation.seen', { id: chat.id });
      await mine.getByLabel('Seen').waitFor();

      // A file goes up and reaches the agent as an attachment.
      await page.getByLabel('Attach a file').setInputFiles({ name: 'receipt.txt', mimeType: 'text/plain', buffer: Buffer.from('order 48213') });
      const withFile = await inStore(agent, 'the file', () => agent.store.list('message').find((m) => m.attachments.length > 0));
      expect(withFile.attachments).toEqual([expect.objectContaining({ name: 'receipt.txt', size: 11, type: 'text/plain' })]);
      await page.getByRole('button', { name: /receipt\.txt/ }).waitFor();

      // A reload resumes the same chat.
      await page.reload();
      await page.locator('#log li', { hasText: 'Hello Vera, let me check.' }).waitFor();
      await page.locator('#log li.customer', { hasText: 'Where is my parcel?' }).getByLabel('Seen').waitFor();

      // Solved: the page asks for the survey; the answer closes the chat.
      await agent.send('conversation.status', { id: chat.id, status: 'solved' });
      await page.getByText('How would you rate this conversation, from 1 to 10?').first().waitFor();
      expect(await box.isVisible()).toBe(false);
      await page.getByRole('radio', { name: '8', exact: true }).check();
      await page.getByLabel('Comment').fill('Quick and kind.');
      await page.getByRole('button', { name: 'Send rating' }).click();
      await page.getByText('Thank you for your feedback!').waitFor();

      const closed = await inStore(agent, 'the chat closed by the survey', () => {
        const c = agent.store.get('conversation', chat.id) as Conversation | undefined;
        return c?.status === 'closed' ? c : undefined;
      });
      expect(closed.closedBy?.kind).toBe('survey');
      expect(closed.survey).toMatchObject({ score: 8, comment: 'Quick and kind.' });
    });

    it('says the chat is waiting until an agent joins', async () => {
      const { agent, page } = await desk({ login: false });
      await page.getByLabel('Your name').fill('Early Bird');
      await page.getByRole('button', { name: 'Start chat' }).click();
      const waiting = page.getByText('Waiting for an agent to join…');
      await waiting.waitFor();
      await agent.login({ agent: '2001', pin: '2001' });
      await page.getByText('Ana Lima joined the conversation.').waitFor();
      await waiting.waitFor({ state: 'hidden' });
    });

    it('tells a banned visitor why and until when, and keeps them out after a reload', async () => {
      const { agent, page } = await desk();
      await startChat(page, 'Rude Visitor');
      const chat = await inStore(agent, 'the new chat', () => myChat(agent));
      await agent.send('ban.customer', { conversation: chat.id, hours: 24, reason: 'Abusive language' });
      const notice = page.getByText(/You cannot chat with us until .+\. Reason: Abusive language/);
      await notice.waitFor();
      expect(await page.getByRole('button', { name: 'Start a new chat' }).isVisible()).toBe(false);

      await page.reload();
      await page.getByLabel('Your name').fill('Rude Again');
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
  },
);
