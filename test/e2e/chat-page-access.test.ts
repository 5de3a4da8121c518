import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chatConfig, http } from '../server/visitor-support.js';
import { axeViolations, onScreen, box, contrast, desk, hasChromium, inStore, myChat, PHONE, skipReason, startChat } from './chat-browser-support.js';

/**
 * The chat page on a phone (390x844), by keyboard alone, to axe-core and to
 * the eye: the message box pinned at the bottom, the survey in 5x2 targets of
 * 44 px, visible focus everywhere (the hidden file input's on its button),
 * borders that can be seen, and the centre's own name, logo and colour.
 */

/** Press Tab until `id` has the focus (at most `max` times), as a keyboard user would. */
async function tabTo(page: Page, id: string, max = 15): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
  }
  throw new Error(`Tab never reached #${id}`);
}

describe.skipIf(!hasChromium)(`the chat page's layout and accessibility${skipReason}`, () => {
  it('fills a phone screen with the message box pinned at the bottom, and asks the survey in 5x2 targets of 44 px', async () => {
    const { agent, page } = await desk({ viewport: PHONE });
    expect(await axeViolations(page)).toEqual([]);
    await startChat(page);
    const chat = await inStore(agent, 'the new chat', () => myChat(agent));
    await agent.send('message.send', { conversation: chat.id, text: 'Hello Vera, let me check.' });
    await onScreen(page).getByText('Hello Vera, let me check.').waitFor();

    // No blank band under the conversation: the log runs down to the message box, which ends at the screen's bottom.
    const composer = await box(page, '#composer');
    const scroller = await box(page, '#scroller');
    expect(composer.y + composer.height).toBeGreaterThan(PHONE.height - 2);
    expect(Math.abs(scroller.y + scroller.height - composer.y)).toBeLessThan(2);
    expect(await axeViolations(page)).toEqual([]);

    await agent.send('conversation.status', { id: chat.id, status: 'solved' });
    await page.locator('#survey').waitFor();
    const targets = await Promise.all(Array.from({ length: 10 }, (_, i) => box(page, `label[for="score-${i + 1}"]`)));
    for (const t of targets) expect(Math.min(t.width, t.height)).toBeGreaterThanOrEqual(44);
    const rows = [...new Set(targets.map((t) => Math.round(t.y)))];
    expect(rows).toHaveLength(2);
    expect(targets.slice(0, 5).every((t) => Math.round(t.y) === rows[0])).toBe(true);
    expect(targets.slice(5).every((t) => Math.round(t.y) === rows[1])).toBe(true);
    const survey = await box(page, '#survey');
    expect(survey.y + survey.height).toBeGreaterThan(PHONE.height - 2);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('works by keyboard alone, from the form to the rating, with the focus always visible', async () => {
    const { agent, page } = await desk();
    await tabTo(page, 'name');
    await page.keyboard.type('Kim Keys');
    await tabTo(page, 'first');
    await page.keyboard.type('Typed without a mouse.');
    await tabTo(page, 'start-button');
    await page.keyboard.press('Enter');
    await onScreen(page).getByText('Ana Lima joined the conversation').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('text');

    // Tab from the message box reaches Attach: its file input is hidden, so its button shows the focus ring.
    const attach = page.locator('label.attach');
    expect(await attach.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('none');
    await tabTo(page, 'file', 1);
    const ring = await attach.evaluate((el) => ({ style: getComputedStyle(el).outlineStyle, width: parseFloat(getComputedStyle(el).outlineWidth) }));
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    await tabTo(page, 'send', 1);

    // End chat by keyboard: the question opens on "Keep chatting"; Escape keeps the chat.
    await page.getByRole('button', { name: 'End chat' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('keep');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    // The survey takes the focus from the message box; arrows pick the score, Tab reaches the comment and Send.
    const chat = await inStore(agent, 'the new chat', () => myChat(agent));
    await page.getByLabel('Message', { exact: true }).focus();
    await agent.send('conversation.status', { id: chat.id, status: 'solved' });
    await page.locator('#survey').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'score-1');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('7');
    expect(await page.locator('label[for="score-7"]').evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    await tabTo(page, 'comment', 1);
    await page.keyboard.type('All by keyboard.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await onScreen(page).getByText('You rated 7/10').waitFor();
    await inStore(agent, 'the rating', () => agent.store.get('conversation', chat.id)?.survey?.score === 7);
    // And the way on is focused once the chat is closed: a new chat (the close arrives after the rating's answer).
    await page.waitForFunction(() => document.activeElement?.id === 'again');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Start a new chat');
  });

  it('draws the borders of what can be typed in or pressed at 3:1 or more against the page', async () => {
    const { page } = await desk();
    const against = (selector: string) =>
      page.locator(selector).evaluate((el) => {
        const s = getComputedStyle(el);
        return { border: s.borderTopColor, background: getComputedStyle(el.parentElement!).backgroundColor };
      });
    for (const selector of ['#name', '#email', '#queue', '#first']) {
      const { border } = await against(selector);
      expect(contrast(border, 'rgb(255, 255, 255)'), selector).toBeGreaterThanOrEqual(3);
    }
    await startChat(page);
    const composer = await against('#composer .box');
    expect(contrast(composer.border, 'rgb(255, 255, 255)')).toBeGreaterThanOrEqual(3);
  });

  it('keeps a file with a very long name inside the conversation, its name cut with an ellipsis, on a phone', async () => {
    const { agent, page, server } = await desk({ viewport: PHONE });
    await startChat(page);
    const chat = await inStore(agent, 'the new chat', () => myChat(agent));
    const long = `${'statement_of_account_'.repeat(8)}2024.pdf`;
    await page.getByLabel('Attach a file').setInputFiles({ name: long, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
    // The agent's file, under a text: inside the bubble.
    const up = await http(server, 'POST', `/files?name=${encodeURIComponent(long)}`, { headers: { authorization: `Bearer ${agent.token}` }, body: Buffer.from('%PDF-1.4') });
    await agent.send('message.send', { conversation: chat.id, text: 'Here is ours.', attachments: [up.json<{ id: string }>().id] });
    await page.locator('#log li.agent .file').waitFor();
    const scroller = await box(page, '#scroller');
    for (const selector of ['#log li.customer .file', '#log li.agent .file']) {
      const file = await box(page, selector);
      expect(file.x, selector).toBeGreaterThanOrEqual(scroller.x);
      expect(file.x + file.width, selector).toBeLessThanOrEqual(scroller.x + scroller.width);
    }
    expect(await page.locator('#log li.customer .file-name').evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  });

  it("shows the centre's own title, logo and colour from center.chat", async () => {
    const logo = 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"%3E%3Crect width="10" height="10" fill="%230b5394"/%3E%3C/svg%3E';
    const { page } = await desk({ config: chatConfig({ chat: `{ title: Acme Help, logoUrl: '${logo}', greeting: Ask us about your order., color: "#0b5394" }` }) });
    expect(await page.locator('h1').textContent()).toBe('Acme Help');
    expect(await page.title()).toBe('Acme Help · Chat');
    const img = page.getByRole('img', { name: 'Acme Help' });
    expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    expect(await page.locator('header').getByText('Ask us about your order.').isVisible()).toBe(true);
    expect(await page.locator('.top').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(11, 83, 148)');
    expect(await page.getByRole('button', { name: 'Start chat' }).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(11, 83, 148)');
    expect(await axeViolations(page)).toEqual([]);
  });
});
