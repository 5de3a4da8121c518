import { afterEach, describe, expect, it } from 'vitest';
import { demoConfig } from '../helpers.js';
import { expectFits, footerOf, logIn, startPanel, type Panel } from './support.js';

let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

/** Four responses that sort differently on every column. */
function cannedConfig() {
  const config = demoConfig();
  config.cannedResponses = [
    { title: 'Bonjour', text: 'Bonjour, comment puis-je aider ?', channels: ['livechat'], language: 'Français' },
    { title: 'Apology', text: 'Sorry for the wait.', channels: ['livechat', 'email'], language: 'English' },
    { title: 'Cancel', text: 'Your order is cancelled.', channels: ['email'], language: 'English' },
    { title: 'Danke', text: 'Zahlung erhalten, danke.', channels: ['sms'], language: 'Deutsch' },
  ];
  return config;
}

/** The titles of the table's rows, top to bottom. */
function titles(screen: string): string[] {
  return screen
    .split('\n')
    .map((l) => /^\s*(?:› )?(Bonjour|Apology|Cancel|Danke)\b/.exec(l)?.[1])
    .filter((t): t is string => Boolean(t));
}

async function cannedPage(): Promise<Panel> {
  panel = await startPanel({ config: cannedConfig() });
  await logIn(panel, '1001');
  await panel.press('nav.settings');
  while (!/Canned Response\s+Channels\s+Language/.test(panel.screen())) await panel.press('tab.next');
  await panel.waitForText('4 of 4');
  return panel;
}

describe('Settings > Canned responses: sort and filter', () => {
  it('sorts by each column in turn (s), the other way with S, and the sorted title says so', async () => {
    const p = await cannedPage();
    expect(titles(p.screen())).toEqual(['Apology', 'Bonjour', 'Cancel', 'Danke']);
    expect(p.screen()).toContain('Title ▲');
    expect(footerOf(p.screen())).toContain('s sort');
    await p.press('canned.sort');
    let screen = await p.waitForText('Canned Response ▲');
    // By content: "Bonjour, …", "Sorry …", "Your order …", "Zahlung …".
    expect(titles(screen)).toEqual(['Bonjour', 'Apology', 'Cancel', 'Danke']);
    await p.press('canned.sort');
    screen = await p.waitForText('Channels ▲');
    // "Email", "Live chat", "Live chat, Email", "SMS".
    expect(titles(screen)).toEqual(['Cancel', 'Bonjour', 'Apology', 'Danke']);
    await p.press('canned.sort');
    screen = await p.waitForText('Language ▲');
    // Deutsch, English (Apology, Cancel by title), Français.
    expect(titles(screen)).toEqual(['Danke', 'Apology', 'Cancel', 'Bonjour']);
    await p.press('canned.sortReverse');
    screen = await p.waitForText('Language ▼');
    expect(titles(screen)).toEqual(['Bonjour', 'Apology', 'Cancel', 'Danke']);
    expectFits(p.frame());
    await p.press('canned.sort');
    screen = await p.waitForText('Title ▲');
    expect(titles(screen)).toEqual(['Apology', 'Bonjour', 'Cancel', 'Danke']);
  });

  it('filters by channel and by language; F shows them all again; an empty result says why', async () => {
    const p = await cannedPage();
    await p.press('canned.filter');
    await p.waitForText('Filter canned responses');
    expectFits(p.frame());
    // Channel: any -> Live chat -> Email.
    await p.press('form.right');
    await p.press('form.right');
    await p.waitForText('‹ Email ›');
    await p.press('filters.apply');
    let screen = await p.waitForText('2 of 4 · Filter: Channel Email');
    expect(titles(screen)).toEqual(['Apology', 'Cancel']);

    await p.press('canned.filter');
    await p.press('form.next');
    // Language: any -> English -> Deutsch.
    await p.press('form.right');
    await p.press('form.right');
    await p.waitForText('‹ Deutsch ›');
    await p.press('filters.apply');
    screen = await p.waitForText('0 of 4 · Filter: Channel Email · Language Deutsch');
    expect(screen).toContain('No canned response matches the filter (F clears it).');

    await p.press('canned.clearFilters');
    screen = await p.waitForText('4 of 4');
    expect(titles(screen)).toHaveLength(4);
    expect(screen).not.toContain('Filter:');
  });
});
