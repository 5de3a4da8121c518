import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { expectFits, logIn, type Panel, rebind, startPanel } from './support.js';
import { visitorMessage } from '../../src/core/messaging/visitor.js';
import { alwaysOpenChatConfig, openPatJonesChat, visitPatJones } from './killed-panel-scene.js';
import { readConversation } from './read-only.js';

/**
 * The hint lines of the Settings pages, the log viewers, the dialogs, the
 * agent login window and the reply box were written by hand ("↑↓ move · ← →
 * change · Esc done", "↑ ↓ PgUp PgDn scroll · Esc close"), so an agent who had
 * given those commands keys of their own was told keys that did nothing. Here
 * the keys are moved (as the Keys page or the keymap file moves them) and each
 * line must name the agent's keys.
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

async function loggedIn(): Promise<void> {
  panel = await startPanel({ config: alwaysOpenChatConfig() });
  await logIn(panel, '1001');
}

/** Settings, then the page `steps` to the right of General. */
async function settingsPage(steps: number, title: string): Promise<string> {
  await panel.press('nav.settings');
  await panel.waitForText('General │');
  for (let i = 0; i < steps; i++) await panel.press('tab.next');
  return panel.waitForText(title);
}

const lineWith = (screen: string, text: string) => screen.split('\n').find((l) => l.includes(text))?.trim() ?? '';

describe("Settings pages name the agent's own keys", () => {
  it('Voice settings: the key into the rows, then the keys in them', async () => {
    await loggedIn();
    rebind({ 'settings.edit': 'v', 'settings.done': 'ctrl+w', 'list.up': ['k', 'up'], 'list.down': ['j', 'down'], 'form.left': ',', 'form.right': ['.', 'space'] });
    let screen = await settingsPage(1, 'to change these settings');
    expect(lineWith(screen, 'to change these settings')).toMatch(/^v to change these settings;/);
    await panel.key('v');
    screen = await panel.waitFor((s) => lineWith(s, 'done').length > 0 && !s.includes('to change these settings'), 'the rows edited');
    expect(screen).toContain('j move · , . change · Ctrl+W done');
    expect(screen).not.toMatch(/Esc done|↑↓ move/);
    expectFits(panel.frame());
    await panel.key('ctrl+w');
    await panel.waitForText('v to change these settings');
  });

  it('Application: the same, by the same commands', async () => {
    await loggedIn();
    rebind({ 'settings.edit': 'v', 'settings.done': 'ctrl+w', 'list.up': ['k', 'up'], 'list.down': ['j', 'down'], 'form.left': ',', 'form.right': ['.', 'space'] });
    const screen = await settingsPage(7, 'to change these: kept for you');
    expect(lineWith(screen, 'to change these: kept for you')).toMatch(/^v to change these: kept for you/);
    await panel.key('v');
    await panel.waitForText('k j move · , . change · Ctrl+W done');
  });

  it('Canned responses: the list keys and the chat key that inserts one', async () => {
    await loggedIn();
    rebind({ 'canned.view': 'v', 'canned.sort': 'o', 'canned.filter': 'ctrl+f', 'composer.canned': 'ctrl+k' });
    const screen = await settingsPage(4, 'used in a chat with');
    expect(lineWith(screen, 'used in a chat with')).toBe('v view · o sort · Ctrl+F filter · used in a chat with Ctrl+K');
  });

  it('WhatsApp templates: preview, and the chat keys that send one', async () => {
    await loggedIn();
    rebind({ 'template.preview': 'v', 'composer.template': 'ctrl+k', 'conversation.reply': ['w', 'enter'] });
    const screen = await settingsPage(6, 'sent from a WhatsApp chat');
    expect(lineWith(screen, 'sent from a WhatsApp chat')).toBe('v preview · sent from a WhatsApp chat with Ctrl+K (or w after 24 hours)');
  });

  it('Email signatures: the list keys, and the form keys', async () => {
    await loggedIn();
    rebind({ 'signatures.new': 'A', 'signatures.newline': 'ctrl+j', 'signatures.makeDefault': 'ctrl+k', 'search.open': 'ctrl+f' });
    let screen = await settingsPage(5, 'Add New Signature');
    expect(lineWith(screen, 'Add New Signature')).toMatch(/^Ctrl\+F search · A Add New Signature/);
    await panel.key('A');
    screen = await panel.waitFor((s) => s.includes('New signature') || s.includes('start from a template'), 'a new signature');
    if (!screen.includes('New signature')) {
      // A template to start from is offered first: from scratch.
      await panel.press('list.choose');
      screen = await panel.waitForText('New signature');
    }
    expect(screen).toContain('(Ctrl+J new line ·');
    expect(screen).toContain('Set as Default Signature (Ctrl+K)');
  });
});

describe("log viewers name the agent's own keys", () => {
  it("Conversations > Show conversation: the scrolling keys that move it from where it is, and the dialog's close", async () => {
    await loggedIn();
    const chat = visitPatJones(panel);
    // Long enough to scroll at 80x24.
    for (let i = 1; i <= 6; i++) panel.server.engine.run((ctx) => visitorMessage(ctx, chat.id, '198.51.100.1', `Message ${i}: ${'and the parcel is still not here '.repeat(8)}`, []));
    rebind({ 'list.up': ['k', 'up'], 'list.down': ['j', 'down'], 'list.pageDown': 'ctrl+f', 'dialog.close': 'ctrl+w' });
    let screen = await readConversation(panel, 'Pat Jones', 'Message 6:');
    const hintLine = (s: string) => s.split('\n').find((l) => /close\s+│$/.test(l))?.replace(/^\s*│\s*|\s*│\s*$/g, '') ?? '';
    // A live log opens at its end: only up, by the agent's keys.
    expect(hintLine(screen)).toBe('k PgUp scroll · Ctrl+W close');
    await panel.key('k');
    screen = await panel.waitFor((s) => hintLine(s).startsWith('k j'), 'scrolled a line up');
    expect(hintLine(screen)).toBe('k j PgUp Ctrl+F scroll · Ctrl+W close');
    expectFits(panel.frame());
    await panel.key('ctrl+w');
    await panel.waitFor((s) => !s.includes('live, read-only'), 'the log closed by Ctrl+W');
  });
});

describe("the agent login window and the reply box name the agent's own keys", () => {
  it('the agent login window', async () => {
    panel = await startPanel({ config: alwaysOpenChatConfig() });
    await panel.type('1001');
    await panel.press('form.next');
    await panel.type('1001');
    await panel.press('login.submit');
    await panel.waitForText('Agent login');
    // (The agent's keymap file is read once they are logged in; keys moved before, as a logged-out agent's stay.)
    rebind({ 'agentLogin.submit': 'ctrl+o', 'agentLogin.cancel': 'ctrl+w', 'form.next': ['ctrl+n', 'down'] });
    const screen = await panel.waitForText('Ctrl+O log in');
    expect(lineWith(screen, 'Log in  ')).toMatch(/Log in\s+Ctrl\+N next · ← → change · Ctrl\+O log in · Ctrl\+W back$/);
    expectFits(panel.frame());
    await panel.key('ctrl+o');
    await panel.waitFor((s) => s.includes('AVAILABLE') && s.includes('Profile'), 'the panel, logged in by Ctrl+O');
  });

  it("the reply box's title and its emoji line", async () => {
    await loggedIn();
    rebind({ 'conversation.reply': ['w', 'enter'], 'composer.emoji': 'ctrl+o' });
    await openPatJonesChat(panel);
    await panel.type(':smi');
    let screen = await panel.waitForText(':smile:');
    expect(lineWith(screen, ':smile:')).toMatch(/^Ctrl\+O: /);
    await panel.press('composer.leave');
    screen = await panel.waitForText('Reply (w to write)');
    expectFits(panel.frame());
  });
});

describe("the contacts upload names the agent's own keys", () => {
  it('the preview of the file: import and cancel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-import-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'contacts.csv');
    writeFileSync(file, 'First name,Last name,Person type\nBo,Ray,Customer\n');
    panel = await startPanel({ config: alwaysOpenChatConfig() });
    await logIn(panel, '9001');
    rebind({ 'contacts.importSend': 'ctrl+o', 'contacts.back': 'ctrl+w' });
    await panel.press('nav.contacts');
    await panel.waitForText('search by any name');
    await panel.press('contacts.import');
    await panel.waitForText('Upload contacts from a CSV file');
    await panel.type(file);
    await panel.press('entry.submit');
    const screen = await panel.waitForText('each line is checked');
    // Named first: at 80 columns the line is cut after them.
    expect(screen).toContain('Ctrl+O import · Ctrl+W cancel · each line is checked;');
    await panel.key('ctrl+w');
    await panel.waitFor((s) => !s.includes('each line is checked'), 'the preview closed by Ctrl+W');
  });
});

describe("the Dashboard names the agent's own keys", () => {
  /** Dashboard > Queues, with Support Chat (a messaging queue, first) selected. */
  async function queues(): Promise<string> {
    await panel.press('nav.dashboard');
    await panel.waitForText('My Performance');
    await panel.press('tab.next');
    return panel.waitForText(/Support Chat: (open|closed) now/);
  }

  it("Queues: the messaging queue's line, the column info window, and the filter form", async () => {
    await loggedIn();
    await queues();
    rebind({ 'dash.queueAgents': 'o', 'tab.next': '>', 'tab.prev': '<', 'field.clear': 'ctrl+k', 'form.left': ',', 'form.right': '.', 'form.next': ['ctrl+n', 'down'] });
    let screen = await panel.waitForText('< > tabs');
    expect(lineWith(screen, 'Support Chat:')).toMatch(/ · o its agents · ● open/);
    expect(screen).not.toContain('Enter its agents');

    await panel.press('dash.columnInfo');
    screen = await panel.waitForText('Queue details');
    expect(lineWith(screen, 'Queue details')).toMatch(/1\/\d · < > other columns/);
    expect(lineWith(screen, 'The name;')).toContain('The name; o lists the agents of the queue.');
    await panel.press('dialog.close');
    await panel.waitFor((s) => !s.includes('other columns'), 'the column info closed');

    await panel.press('dash.filter');
    await panel.waitForText('Filter queues');
    await panel.type('sup');
    screen = await panel.waitForText('every word must match ·');
    expect(lineWith(screen, 'every word must match')).toMatch(/every word must match · Ctrl\+K empties/);
    await panel.key('ctrl+n');
    screen = await panel.waitForText(', . choose');
    expect(lineWith(screen, ', . choose')).toMatch(/, \. choose · Ctrl\+N next field/);
    expectFits(panel.frame());
  });
});

describe("a chat's message log names the agent's own keys", () => {
  it('the lines above and below, and the earlier conversations at its top', async () => {
    await loggedIn();
    const chat = visitPatJones(panel);
    // Long enough to scroll at 80x24.
    for (let i = 1; i <= 6; i++) panel.server.engine.run((ctx) => visitorMessage(ctx, chat.id, '198.51.100.1', `Message ${i}: ${'and the parcel is still not here '.repeat(8)}`, []));
    rebind({ 'log.up': 'ctrl+p', 'log.pageUp': 'ctrl+b', 'log.down': 'ctrl+g', 'log.pageDown': 'ctrl+o' });
    await panel.key('g t');
    await panel.waitForText('Pat Jones');
    await panel.key('enter');
    let screen = await panel.waitForText(/earlier lines? \(/);
    expect(lineWith(screen, 'earlier line')).toMatch(/^↑ \d+ earlier lines? \(Ctrl\+P \/ Ctrl\+B\)$/);
    await panel.key('ctrl+p');
    screen = await panel.waitForText('newer line');
    expect(lineWith(screen, 'newer line')).toBe('↓ 1 newer line (Ctrl+G / Ctrl+O)');
    // To the top, a page at a time (one more would load the earlier conversations).
    for (let i = 0; i < 3 && !panel.screen().includes('earlier conversations with'); i++) {
      const before = lineWith(panel.screen(), 'earlier line');
      await panel.key('ctrl+b');
      await panel.waitFor((s) => lineWith(s, 'earlier line') !== before, 'a page up');
    }
    screen = await panel.waitForText('earlier conversations with');
    expect(lineWith(screen, 'earlier conversations with')).toBe('Ctrl+P Ctrl+B: earlier conversations with Pat Jones');
    expectFits(panel.frame());
  });
});

describe("the pause banner names the agent's own key", () => {
  it('the key that unpauses, which works where it is offered', async () => {
    await loggedIn();
    rebind({ 'agent.unpause': 'ctrl+o' });
    await panel.client.send('agent.pause', { reason: 'Break' });
    const screen = await panel.waitForText('PAUSED — Break');
    expect(lineWith(screen, 'PAUSED — Break')).toMatch(/\(Ctrl\+O to unpause\)$/);
    await panel.key('ctrl+o');
    await panel.waitFor((s) => /AVAILABLE \d:\d\d/.test(s.split('\n')[0]!), 'available by Ctrl+O');
  });
});
