import { afterEach, describe, expect, it } from 'vitest';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { command, keyHint } from '../../src/keys/registry.js';
import type { TerminalHost } from '../../src/ui/terminal-host.js';
import { demoConfig } from '../helpers.js';
import { answerAndEnd, expectFits, fillFormHalfway, logIn, type Panel, placeCall, startPanel } from './support.js';

/**
 * Agents on thin clients and in split tmux panes may have a terminal smaller
 * than the panel's 80x24. Down to 60x16 the panel is drawn; below, it says the
 * terminal's size and the size it needs instead of a broken screen, and comes
 * back as it was when the terminal grows.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

const TOO_SMALL = /This terminal is \d+x\d+; the panel needs at least 60x16\./;
/** The screen as one line: the sentence wraps on a narrow terminal. */
const squash = (screen: string) => screen.replace(/\s+/g, ' ');
const quitKey = keyHint(command('app.quit'));

/** A terminal that keeps what the panel writes to it besides the frames (bell, OSC 9). */
function recordingTerminal(): TerminalHost & { written: string[] } {
  const written: string[] = [];
  return { written, write: (data) => void written.push(data), env: {}, local: false, players: null };
}

/** The demo with its chat queue open at any hour. */
function chatConfig() {
  const config = demoConfig();
  delete (config.messagingQueues.find((q) => q.id === 'support-chat')! as { hours?: unknown }).hours;
  return config;
}

describe('a terminal smaller than the panel', () => {
  it('is drawn down to 60x16, header, list and footer within the terminal', async () => {
    panel = await startPanel({ columns: 60, rows: 16 });
    // The login screens keep their titles and every row (a form squeezed into too few rows drew one line over another).
    let screen = panel.screen();
    expect(screen).toContain('switchboard — agent login\n  test (in-process)');
    expect(screen).toContain('Email and password are optional');
    expectFits(panel.frame(), 60, 16);
    await panel.type('1001');
    await panel.press('form.next');
    await panel.type('1001');
    await panel.press('login.submit');
    screen = await panel.waitForText('Agent login — ');
    for (const row of ['Working strategy', 'Device', 'Campaign', 'Voice queues', 'Messaging queues', 'Log in as', 'Log in ']) expect(screen).toContain(row);
    expectFits(panel.frame(), 60, 16);
    await panel.press('agentLogin.submit');

    screen = await panel.waitFor((s) => s.includes('AVAILABLE') && s.includes('My queues'), 'the agent panel');
    expect(screen).not.toMatch(TOO_SMALL);
    // Every section is named in the bar, the last ones too.
    expect(screen).toMatch(/Calls\s+Chats\s+Email\s+Dash\s+Convs\s+Contacts\s+Settings\s+Profile/);
    expectFits(panel.frame(), 60, 16);
    await panel.press('nav.profile');
    screen = await panel.waitForText('Agent number');
    expect(screen).toMatch(/Name {14}Ava Turner\n Agent number {6}1001\n Role {14}Agent\n/);
  });

  it.each([
    [59, 16],
    [60, 15],
    [40, 10],
  ])('at %ix%i says its size, the size needed and how to quit, within the terminal', async (columns, rows) => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await panel.resize(columns, rows);
    const screen = await panel.waitFor((s) => TOO_SMALL.test(squash(s)), 'the sentence about the size');
    expect(squash(screen)).toContain(`This terminal is ${columns}x${rows}; the panel needs at least 60x16. Make it larger to go on, or press ${quitKey} twice to quit.`);
    // None of the panel is drawn cut: no header, no footer.
    expect(screen).not.toContain('AVAILABLE');
    expect(screen).not.toContain('help');
    expectFits(panel.frame(), columns, rows);
  });

  it('says so on the login screen too, and keeps what was typed there', async () => {
    panel = await startPanel();
    await panel.type('1001');
    await panel.resize(50, 20);
    await panel.waitFor((s) => TOO_SMALL.test(squash(s)), 'the sentence about the size');
    await panel.resize(80, 24);
    await panel.waitFor((s) => /Agent number\s+1001/.test(s), 'the agent number typed before');
  });

  it('keeps a half-filled form, and takes no key but quitting while squeezed', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await answerAndEnd(panel);
    await fillFormHalfway(panel);

    await panel.resize(70, 12);
    await panel.waitFor((s) => TOO_SMALL.test(squash(s)), 'the sentence about the size');
    // Typed into a form nobody sees, or run as commands on a hidden screen, these would be lost or harmful.
    await panel.type('xyz');
    await panel.press('feedback.submit');
    await panel.key('esc');
    expect(panel.sent('form.submit')).toEqual([]);

    await panel.resize(80, 24);
    const screen = await panel.waitForText('Notes                 wants a refund');
    expect(screen).not.toContain('xyz');
    expect(screen).toContain('(•) Billing');
    expect(screen).toContain('(•) Yes');
    expectFits(panel.frame());
    await panel.press('feedback.submit');
    await panel.waitForText('Feedback form submitted successfully');
  });

  it('quits with Ctrl+C twice while squeezed', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await panel.resize(40, 10);
    await panel.waitFor((s) => TOO_SMALL.test(squash(s)), 'the sentence about the size');
    await panel.press('app.quit');
    await panel.waitForText(`Press ${quitKey} again to quit`);
    expect(panel.exits).toBe(0);
    await panel.press('app.quit');
    expect(panel.exits).toBe(1);
  });

  it('names a call that rings while squeezed, rings the bell and notifies, and shows it ringing when it grows', async () => {
    const terminal = recordingTerminal();
    panel = await startPanel({ host: terminal });
    await logIn(panel, '1001');
    await panel.resize(50, 12);
    await panel.waitFor((s) => TOO_SMALL.test(squash(s)), 'the sentence about the size');

    placeCall(panel);
    const screen = await panel.waitForText(/☎ RINGING \d+:\d\d {2}Test Caller \+441234 → Support/);
    expectFits(panel.frame(), 50, 12);
    expect(terminal.written).toContain('\u0007');
    expect(terminal.written.some((w) => w.startsWith('\u001b]9;Incoming call from Test Caller'))).toBe(true);
    // Its keys wait for a terminal the call can be seen in.
    expect(screen).not.toContain('a answer');
    await panel.press('call.answer');
    expect(panel.sent('call.answer')).toEqual([]);

    await panel.resize(80, 24);
    await panel.waitForText('Ring In');
    await panel.press('call.answer');
    await panel.waitForText('On-call');
  });

  it('names a chat assigned while squeezed', async () => {
    const terminal = recordingTerminal();
    panel = await startPanel({ config: chatConfig(), host: terminal });
    await logIn(panel, '1001');
    await panel.resize(80, 12);
    await panel.waitFor((s) => TOO_SMALL.test(squash(s)), 'the sentence about the size');

    panel.server.engine.run((ctx) =>
      visitorStart(ctx, { visitorId: 'v-1', name: 'Pat Jones', email: null, queue: 'support-chat', ip: '198.51.100.1', geo: null, text: 'Hello, my order is late.' }),
    );
    await panel.waitForText('You have a new assigned chat.');
    expect(terminal.written.some((w) => w.startsWith('\u001b]9;You have a new assigned chat.'))).toBe(true);
    expectFits(panel.frame(), 80, 12);
  });
});
