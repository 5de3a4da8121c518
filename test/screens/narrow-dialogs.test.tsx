import { afterEach, describe, expect, it } from 'vitest';
import type { Customer } from '../../src/core/protocol/model.js';
import { receiveInbound } from '../../src/core/messaging/inbound.js';
import { demoConfig } from '../helpers.js';
import { expectFits, logIn, loginAgent, NARROW, placeCall, startPanel, type Panel } from './support.js';

/**
 * Dialogs and pages at 60x16, under the pause banner or a ringing call: a
 * chat's dialogs were given the whole width inside the view's padding and
 * lost their right border, the pause reasons and the help ran under the
 * bottom edge (no bottom border), the transfer dialog's agents were drawn
 * over its tabs, and the chat's card and Settings > General cut their lines
 * mid-word ("Agent unas…", "ws://127.0.0.…").
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

const lines = (screen: string) => screen.split('\n');

/** The rows of the box drawn with `top` and `bottom` corners: each must be closed on the right. */
function box(screen: string, top = '╭', bottom = '╰'): string[] {
  const all = lines(screen);
  const from = all.findIndex((l) => l.trimStart().startsWith(top));
  const to = all.findIndex((l, i) => i > from && l.trimStart().startsWith(bottom));
  return from < 0 || to < 0 ? [] : all.slice(from, to + 1);
}

function expectClosedBox(rows: string[], screen: string) {
  expect(rows.length, screen).toBeGreaterThan(2);
  expect(rows[0]!.trimEnd(), screen).toMatch(/╮$/);
  expect(rows.at(-1)!.trimEnd(), screen).toMatch(/╯$/);
  for (const row of rows.slice(1, -1)) expect(row.trimEnd(), screen).toMatch(/│$/);
}

/** A WhatsApp chat assigned to agent 1001 (available), open, the composer left; then 1001 pauses: the banner takes a row. */
async function openChatPaused(size: { columns: number; rows: number }): Promise<Panel> {
  const config = demoConfig();
  for (const q of config.messagingQueues) delete (q as { hours?: unknown }).hours;
  const p = await startPanel({ ...size, config });
  await logIn(p, '1001');
  // WhatsApp: the card starts with the time left to reply, its longest line.
  const customer: Customer = { id: 'phone:+447700900111', name: 'Pat Jones', email: null, phone: '+447700900111', ip: null, geo: null, social: { whatsappName: 'Pat Jones' } };
  p.server.engine.run((ctx) =>
    receiveInbound(ctx, { channel: 'whatsapp', queue: 'support-chat', externalId: 'wa-1', threadRef: 'whatsapp:+447700900111', customer, text: 'Hello, my order is late.', attachments: [] }),
  );
  await p.press('nav.chats');
  await p.waitForText('Pat Jones');
  await p.press('chats.open');
  await p.waitFor((s) => s.includes('Pat Jones —') && s.includes('Reply'), 'the chat open');
  await p.press('composer.leave');
  await p.press('agent.pause');
  await p.waitForText('Pause — choose a reason');
  await p.press('list.choose');
  await p.waitForText('PAUSED — Break');
  return p;
}

describe("a chat's dialogs at 60x16 under the pause banner", () => {
  it('the card leaves out whole what has no room; transfer and status keep their right border and every word whole', async () => {
    panel = await openChatPaused(NARROW);
    let screen = panel.screen();
    const card = lines(screen).find((l) => l.includes('Started')) ?? '';
    expect(card, screen).not.toContain('…');
    expect(card.trim(), screen).toMatch(/^WhatsApp window 2\dh \d+m left · Started \d\d:\d\d · Agent you$/);

    await panel.press('conversation.transfer');
    screen = await panel.waitForText('Transfer Pat Jones');
    let dialog = box(screen);
    expectClosedBox(dialog, screen);
    for (const row of dialog) expect(row, screen).not.toContain('…');
    expect(screen).toMatch(/│ › Support Chat +\S.* logged in +│/);
    // The agents, each row under the tabs, the tabs and the keys still there.
    await panel.press('chatTransfer.switch');
    screen = await panel.waitForText('Ben Okafor');
    dialog = box(screen);
    expectClosedBox(dialog, screen);
    expect(dialog[2], screen).toMatch(/Queue │ Agent/);
    expect(dialog.at(-2), screen).toContain('Esc cancel');
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);
    await panel.press('transfer.cancel');

    await panel.press('conversation.status');
    screen = await panel.waitForText('Status of this chat');
    dialog = box(screen);
    expectClosedBox(dialog, screen);
    expect(dialog[1], screen).toMatch(/│ Status of this chat \(now Open\) +│/);
    expect(screen).toMatch(/│ {3}Solved — ends the chat \(the queue's survey, if any\) +│/);
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);
  });

  it("the transfer's agent rows give a logged-in colleague's load whole, the state column narrowed for it, never cut", async () => {
    panel = await openChatPaused(NARROW);
    loginAgent(panel.server, '1002');
    await panel.press('conversation.transfer');
    await panel.waitForText('Transfer Pat Jones');
    await panel.press('chatTransfer.switch');
    let screen = await panel.waitFor((s) => / 1002 /.test(s), "agent 1002's row");
    let row = lines(screen).find((l) => / 1002 /.test(l)) ?? '';
    expect(row, screen).not.toContain('…');
    expect(row, screen).toMatch(/ 1002 +Idle +chats 0 · 0% +│$/);
    expectClosedBox(box(screen), screen);
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);

    // At 80x24 the state keeps its 18 columns, as before.
    await panel.resize(80, 24);
    screen = await panel.waitFor((s) => / 1002 .*chats 0 · 0%/.test(s), "1002's load at 80 columns");
    row = lines(screen).find((l) => / 1002 /.test(l)) ?? '';
    expect(row, screen).toMatch(/ 1002 {3}Idle {15}chats 0 · 0%/);
    expectFits(panel.frame());
  });

  it('at 80x24 the transfer dialog says what a transfer to a queue does, and names the chat’s own queue', async () => {
    panel = await openChatPaused({ columns: 80, rows: 24 });
    await panel.press('conversation.transfer');
    const screen = await panel.waitForText('Transfer Pat Jones');
    expect(screen).toContain("Transfer Pat Jones's chat — it waits there, unassigned");
    expect(screen).toMatch(/› Support Chat +\d+ agents, 1 logged in — this chat’s queue/);
    expectClosedBox(box(screen), screen);
    expectFits(panel.frame());
  });
});

describe('the panel at 60x16 with a call ringing or paused', () => {
  it('the pause reasons keep their bottom border, the chosen reason in view', async () => {
    panel = await startPanel(NARROW);
    await logIn(panel, '1001');
    placeCall(panel);
    await panel.waitForText('a answer');
    await panel.press('agent.pause');
    let screen = await panel.waitForText('Pause — choose a reason');
    expectClosedBox(box(screen), screen);
    const reasons = demoConfig().pauseReasons;
    // Up from the first is the last: it is on screen, and chosen.
    await panel.press('list.up');
    screen = await panel.waitFor((s) => s.includes(`› ${reasons.at(-1)}`), 'the last reason chosen, on screen');
    expectClosedBox(box(screen), screen);
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);
  });

  it('the help keeps its bottom border under the pause banner', async () => {
    panel = await startPanel(NARROW);
    await logIn(panel, '1001', { paused: true });
    await panel.waitForText('PAUSED');
    await panel.press('app.help');
    const screen = await panel.waitForText(/Keys +\(1-/);
    expectClosedBox(box(screen), screen);
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);
  });
});

describe('Settings > General at 60x16', () => {
  it('wraps a value too long for its row between words, under itself, and cuts none', async () => {
    const relay = "replies are kept by the demo's relay (127.0.0.1:45689) in /tmp/tmp.kQl7dcq8AT/mail-capture";
    panel = await startPanel({ ...NARROW, emailListener: '127.0.0.1:35315', emailRelay: relay });
    await logIn(panel, '1001');
    await panel.press('nav.settings');
    const screen = await panel.waitForText('Email (out)');
    const page = lines(screen).slice(lines(screen).findIndex((l) => l.includes('Server')));
    for (const row of page) expect(row, screen).not.toContain('…');
    // Every line of a value starts under the first, in the value's column.
    const at = page.findIndex((l) => l.includes('Email (SMTP in)'));
    expect(page[at]!.trimEnd(), screen).toBe(" Email (SMTP in)   127.0.0.1:35315 — mail to the queues'");
    expect(page[at + 1]!.trimEnd(), screen).toBe(`${' '.repeat(19)}addresses`);
    expect(page[at + 2]!.trimEnd(), screen).toBe(" Email (out)       replies are kept by the demo's relay");
    expect(page[at + 3]!.trimEnd(), screen).toBe(`${' '.repeat(19)}(127.0.0.1:45689) in`);
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);
  });
});

describe("Settings pages' lines at 60x16", () => {
  /** The page `steps` Tabs after General, once `text` is on it. */
  async function page(steps: number, text: string): Promise<string> {
    for (let i = 0; i < steps; i++) await panel!.press('tab.next');
    return panel!.waitForText(text);
  }
  const lineWith = (screen: string, text: string) => lines(screen).find((l) => l.includes(text))?.trim() ?? '';

  it('leave out whole the part or sentence that has no room, and cut none', async () => {
    panel = await startPanel(NARROW);
    await logIn(panel, '1001');
    await panel.press('nav.settings');
    await panel.waitForText('General │');
    // Voice, Security, Canned, WhatsApp, Application: each said what it was about, cut mid-word.
    let screen = await page(1, 'to change these settings');
    expect(lineWith(screen, 'to change these settings'), screen).toBe('↓ to change these settings');
    screen = await page(2, 'Banned customers');
    expect(lineWith(screen, 'Banned customers'), screen).toBe('Banned customers: 0');
    // The footer has the list's keys too; where to use them has no room left, and is left out whole.
    screen = await page(1, 'Enter view · s sort');
    expect(lineWith(screen, 'Enter view · s sort'), screen).toBe('Enter view · s sort · f filter');
    screen = await page(2, 'sent from a WhatsApp chat');
    expect(lineWith(screen, 'sent from a WhatsApp chat'), screen).toBe('Enter preview · sent from a WhatsApp chat with Ctrl+T');
    screen = await page(1, 'to change these:');
    expect(lineWith(screen, 'to change these:'), screen).toBe('↓ to change these: kept for you, applied at once.');
    expectFits(panel.frame(), NARROW.columns, NARROW.rows);

    // Wide enough, the second sentence is there (at 80 columns it was cut too: "Your own keys: the Keys pa…").
    await panel.resize(100, 24);
    screen = await panel.waitForText('Your own keys: the Keys page.');
    expect(lineWith(screen, 'to change these:')).toBe('↓ to change these: kept for you, applied at once. Your own keys: the Keys page.');
  });
});
