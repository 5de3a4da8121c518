import { afterEach, describe, expect, it } from 'vitest';
import { themeFor } from '../../src/ui/theme.js';
import { expectFits, logIn, startPanel, type Panel } from './support.js';

const COLOUR_CODE = /\u001b\[3[0-9]m/;

let panel: Panel | null = null;
afterEach(async () => {
  await panel?.close();
  panel = null;
});

describe('login screen', () => {
  it('shows the four fields and the Log in button, within 80x24', async () => {
    panel = await startPanel();
    // The footer hints come from the registry: Enter logs in here.
    const screen = await panel.waitForText('Enter log in');
    for (const label of ['Agent number', 'PIN', 'Email', 'Password']) expect(screen).toMatch(new RegExp(`^\\s*(› )?${label}\\s`, 'm'));
    expect(screen).toContain(' Log in ');
    expect(screen).toContain('Email and password are optional');
    expectFits(panel.frame());
  });

  it('opens with Agent number focused even when prefilled: a whole login typed in one burst logs in that agent', async () => {
    // The demo's prefill (1001 / 1001): before, the Log in button had the focus, so the
    // burst lost its first digits and logged in 9001 with PIN 1001.
    panel = await startPanel({ prefill: { agent: '1001', pin: '1001' } });
    expect(panel.screen()).toMatch(/› Agent number\s+1001/);
    // Ctrl+U 9001 Tab Ctrl+U 9001 Enter, in one read, as tmux send-keys or a paste delivers it.
    await panel.write('\u00159001\t\u00159001\r');
    const screen = await panel.waitForText('Agent login — Sam Rivera (9001)');
    expect(panel.sent('session.check').map((c) => c.args)).toEqual([expect.objectContaining({ agent: '9001', pin: '9001' })]);
    expectFits(panel.frame());
    expect(screen).not.toContain('not correct');
    await panel.press('agentLogin.submit');
    await panel.waitForText(/Sam Rivera 9001\s+AVAILABLE/);
  });

  it('typing at once, with nothing prefilled, goes into Agent number', async () => {
    panel = await startPanel();
    await panel.write('1002\t1002\r');
    await panel.waitForText('Agent login — ');
    expect(panel.sent('session.check').at(-1)?.args).toMatchObject({ agent: '1002', pin: '1002' });
  });

  it('a wrong PIN is reported inline and the agent stays on the login screen', async () => {
    panel = await startPanel();
    await panel.type('1001');
    await panel.press('form.next');
    await panel.type('9999');
    // The PIN is masked as it is typed.
    await panel.waitForText('••••');
    expect(panel.screen()).not.toContain('9999');
    await panel.press('login.submit');
    const screen = await panel.waitForText('The agent number or PIN is not correct.');
    // What to do, and the code the CLI and the SSH prompt give for it too.
    expect(screen).toContain('The agent number or PIN is not correct. Try again. (LOGIN_FAILED)');
    expect(screen).toContain('switchboard — agent login');
    expect(screen).not.toContain('Agent login —');
    expect(screen).not.toContain('Working strategy');
    expectFits(panel.frame());
  });

  it('correct credentials open the Agent login window with the agent’s queues and choices', async () => {
    panel = await startPanel();
    await panel.type('1001');
    await panel.press('form.next');
    await panel.type('1001');
    await panel.press('login.submit');
    const screen = await panel.waitForText('Agent login — Ava Turner (1001)');
    expect(screen).toMatch(/Voice queues\s+Support \(7001\), Sales \(7002\)/);
    expect(screen).toMatch(/Messaging queues\s+Support Chat/);
    expect(screen).toMatch(/Working strategy\s+\(•\) Inbound\s+\( \) Outbound\s+\( \) Blended/);
    expect(screen).toMatch(/Device\s+\(•\) Softphone\s+\( \) Deskphone/);
    expect(screen).toMatch(/Log in as\s+\(•\) Available\s+\( \) Paused/);
    expectFits(panel.frame());
  });

  it('Esc in the Agent login window goes back to the credentials', async () => {
    panel = await startPanel({ prefill: { agent: '1001', pin: '1001' } });
    await panel.press('login.submit');
    await panel.waitForText('Agent login —');
    await panel.press('agentLogin.cancel');
    const screen = await panel.waitForText('switchboard — agent login');
    expect(screen).not.toContain('Working strategy');
    expect(screen).toMatch(/Agent number\s+1001/);
  });

  it('logging in as Paused lands on the panel with the PAUSED banner', async () => {
    panel = await startPanel();
    await logIn(panel, '1001', { paused: true });
    // The frame after the login window has gone (its keys leave with it).
    const screen = await panel.waitFor((s) => /^ PAUSED — .* \(u to unpause\)/m.test(s), 'the pause banner');
    // Header: name, number, state.
    expect(screen).toMatch(/Ava Turner 1001\s+PAUSED \d+:\d\d/);
    // The banner across the panel.
    expect(screen).toMatch(/^ PAUSED — .* \(u to unpause\)/m);
    expect(screen).not.toContain('AVAILABLE');
    expectFits(panel.frame());
  });

  it('logging in as Available lands on the panel with AVAILABLE in the header', async () => {
    panel = await startPanel();
    const screen = await logIn(panel, '1001');
    expect(screen).toMatch(/Ava Turner 1001\s+AVAILABLE \d+:\d\d/);
    expect(screen).toMatch(/Voice queues: 2/);
    expect(screen).toMatch(/Calls\s+Chats\s+Email\s+Dashboard\s+Conversations\s+Contacts\s+Settings\s+Profile/);
    expect(screen).toMatch(/Support \(7001\)/);
    expect(screen).not.toMatch(/^ PAUSED/m);
    expectFits(panel.frame());
  });

  it('an agent with several campaigns choosing Outbound chooses the campaign too, on one aligned row', async () => {
    panel = await startPanel();
    await panel.type('1008');
    await panel.press('form.next');
    await panel.type('1008');
    await panel.press('login.submit');
    let screen = await panel.waitForText('Agent login — Hassan Ali (1008)');
    // Inbound: no campaign to choose.
    expect(screen).toMatch(/Campaign\s+\(•\) None/);
    await panel.key('right');
    screen = await panel.waitFor((s) => /\(•\) Outbound/.test(s), 'Outbound to be chosen');
    expect(screen).toMatch(/Voice queues\s+0 \(outbound works the campaign only\)/);
    // Hassan is in two chat queues, but an outbound session takes no chats: the window says what the session gets.
    expect(screen).toMatch(/Messaging queues\s+0 \(outbound works the campaign only\)/);
    expect(screen).not.toContain('Support Chat');
    await panel.press('form.next');
    await panel.press('form.next');
    screen = await panel.waitFor((s) => /› Campaign/.test(s), 'the Campaign row to be focused');

    // The row shows the chosen campaign, whole, in the column of the other choices, and
    // says there are more: three campaigns with their dialing modes do not fit 80 columns.
    const row = (s: string, label: string) => s.split('\n').find((l) => l.includes(label)) ?? '';
    const column = (line: string) => line.indexOf('(');
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const line = row(screen, 'Campaign');
      expect(line).toMatch(/\(•\) \S.*\(\w[\w-]*\)\s+\d of 3, ←→$/);
      expect(column(line)).toBe(column(row(screen, 'Device')));
      expectFits(panel.frame());
      seen.push(/\(•\) (.*?) \(/.exec(line)![1]!);
      await panel.key('right');
      screen = await panel.waitFor((s) => !row(s, 'Campaign').includes(`(•) ${seen.at(-1)} (`), 'the next campaign');
    }
    expect(seen).toEqual(['Power Sales', 'Win-back', 'Payment Reminders']);
    // Round again to Win-back, and log in to it.
    await panel.key('right');
    screen = await panel.waitFor((s) => row(s, 'Campaign').includes('(•) Win-back (progressive)  2 of 3'), 'Win-back to be chosen');
    await panel.press('agentLogin.submit');
    screen = await panel.waitForText('AVAILABLE');
    expect(screen).toMatch(/Hassan Ali 1008/);
    expect(screen).toMatch(/Current campaign: Win-back/);
    expect(screen).toMatch(/Voice queues: 0/);
    expect(screen).toMatch(/Messaging queues: 0/);
    expectFits(panel.frame());
  });

  it('an agent whose choices fit sees them all on the row', async () => {
    panel = await startPanel({ prefill: { agent: '1001', pin: '1001' } });
    await panel.press('login.submit');
    await panel.waitForText('Agent login —');
    await panel.key('right');
    const screen = await panel.waitFor((s) => /\(•\) Outbound/.test(s), 'Outbound to be chosen');
    expect(screen).toMatch(/Campaign\s+\(•\) Power Sales \(power\)\s+\( \) Renewals \(preview\)\s*$/m);
    expect(screen).not.toMatch(/of 2, ←→/);
  });

  it('with NO_COLOR there is no colour at all, yet the status still stands out', async () => {
    // The control: the coloured theme does colour this very screen, so the check below can fail.
    panel = await startPanel();
    await logIn(panel, '1001', { paused: true });
    expect(panel.frame()).toMatch(COLOUR_CODE);
    await panel.close();

    panel = await startPanel({ theme: themeFor({ NO_COLOR: '1' }) });
    expect(panel.frame()).not.toMatch(COLOUR_CODE);
    await panel.type('1001');
    await panel.press('form.next');
    await panel.type('9999');
    await panel.press('login.submit');
    // Without red, the error says it is one.
    await panel.waitForText('Error: The agent number or PIN is not correct.');
    expect(panel.frame()).not.toMatch(COLOUR_CODE);
    for (let i = 0; i < 4; i++) await panel.key('backspace');
    await panel.type('1001');
    await panel.press('login.submit');
    await panel.waitForText('Agent login —');
    for (let i = 0; i < 3; i++) await panel.press('form.next');
    await panel.key('right');
    await panel.waitFor((s) => /\(•\) Paused/.test(s), 'Paused to be chosen');
    await panel.press('agentLogin.submit');
    await panel.waitForText('PAUSED —');
    const frame = panel.frame();
    expect(frame).not.toMatch(COLOUR_CODE);
    expect(frame).not.toMatch(/\u001b\[(4[0-9]|9[0-7]|10[0-7])m/);
    // Emphasis still marks the status: PAUSED is drawn inverse (and bold) in the header.
    expect(frame).toMatch(/\u001b\[7m(\u001b\[1m)?PAUSED/);
    expectFits(frame);
  });
});
