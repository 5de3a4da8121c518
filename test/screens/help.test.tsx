import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { command, displayKey } from '../../src/keys/registry.js';
import { expectFits, logIn, startPanel, type Panel } from './support.js';

let panel: Panel;
beforeEach(async () => {
  panel = await startPanel();
  await logIn(panel, '1001');
});
afterEach(async () => {
  await panel.close();
});

/** The footer is the last line of the frame. */
const footer = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';
/** A footer hint as the registry defines it: first key, then label. */
const hint = (id: string) => `${displayKey(command(id).keys[0]!)} ${command(id).label}`;
const header = (screen: string) => screen.split('\n')[0] ?? '';

/** Scroll the help overlay down, a line at a time, until `text` shows (context keys come first, so the panel's are further down). */
async function scrollHelpTo(text: string): Promise<string> {
  for (let i = 0; i < 60 && !panel.screen().includes(text); i++) await panel.press('list.down');
  return panel.waitForText(text);
}

async function pause(reasonIndex: number): Promise<string> {
  await panel.press('agent.pause');
  await panel.waitForText('Pause — choose a reason');
  for (let i = 0; i < reasonIndex; i++) await panel.press('list.down');
  await panel.press('list.choose');
  return panel.waitFor((s) => header(s).includes('PAUSED'), 'PAUSED in the header');
}

describe('help, footer and palette from one registry', () => {
  it('? opens the help overlay listing the bound commands, Esc closes it', async () => {
    await panel.waitFor((s) => footer(s).includes(hint('app.help')), 'the footer to offer help');
    await panel.press('app.help');
    const first = await panel.waitForText(/Keys\s+\(1-\d+ of \d+/);
    // What works in the Calls tab comes first.
    expect(first).toContain(command('call.hotkeys').help!);
    const screen = await scrollHelpTo('Pause with a reason');
    // Keys and explanations are the registry's.
    expect(screen).toContain(command('agent.pause').help!);
    expect(screen).toContain('Pause with a reason');
    expect(screen).toMatch(new RegExp(`${command('nav.next').keys.map(displayKey).join(' / ').replace(/[[\]]/g, '\\$&')}\\s+${command('nav.next').help}`));
    expect(screen).toMatch(/^│ Tab \/ \]/m);
    expect(screen).toContain('Agent panel');
    // Only commands bound here: unpause is not offered while available.
    expect(screen).not.toContain(command('agent.unpause').help!);
    // The footer shows the overlay's own keys, not the panel's.
    expect(footer(screen)).toContain(hint('help.close'));
    expect(footer(screen)).not.toContain(hint('agent.pause'));
    expectFits(panel.frame());

    await panel.press('help.close');
    const after = await panel.waitFor((s) => !s.includes('Pause with a reason'), 'the help overlay to close');
    expect(after).toMatch(/No calls right now/);
    expect(footer(after)).toContain(hint('agent.pause'));
  });

  it('opens with Ctrl+/ from a text box, where ? is typed, and lists the box\'s Ctrl+U', async () => {
    const login = await startPanel({ prefill: { agent: '1001' } });
    try {
      let screen = await login.waitFor((s) => /› Agent number\s+1001/.test(s), 'the Agent number field focused');
      // While typing, the footer offers the key that still opens the help.
      expect(footer(screen)).toContain('Ctrl+/ help');
      await login.press('app.help');
      // ? is typed into the field, as a PIN or a search may hold one.
      screen = await login.waitFor((s) => /› Agent number\s+1001\?/.test(s), 'the ? typed');
      await login.key('ctrl+/');
      screen = await login.waitForText(/│ Keys\s/);
      expect(screen).toMatch(/Ctrl\+U\s+Clear what is typed in the box/);
      expectFits(login.frame());
      await login.press('help.close');
      await login.waitFor((s) => /› Agent number\s+1001\?/.test(s), 'the help closed');
      await login.key('ctrl+u');
      await login.waitFor((s) => /› Agent number\s*$/m.test(s), 'the field cleared');
    } finally {
      await login.close();
    }
  });

  it('closed over the agent login window, leaves the choices made there', async () => {
    const login = await startPanel({ prefill: { agent: '1001', pin: '1001' } });
    try {
      await login.press('login.submit');
      await login.waitForText('Agent login —');
      for (let i = 0; i < 3; i++) await login.press('form.next');
      await login.waitFor((s) => /› Log in as/.test(s), 'the Log in as row focused');
      await login.press('form.right');
      await login.waitFor((s) => /\(•\) Paused/.test(s), 'Paused chosen');
      await login.press('app.help');
      await login.waitForText(/│ Keys\s/);
      await login.press('help.close');
      const screen = await login.waitForText('Agent login —');
      // Before, the window came back with its first values: Available, the focus on the first row.
      expect(screen).toMatch(/› Log in as\s+\( \) Available\s+\(•\) Paused/);
      expectFits(login.frame());
    } finally {
      await login.close();
    }
  });

  it('the help overlay scrolls to the keys that work everywhere', async () => {
    await panel.press('app.help');
    await panel.waitForText(/Keys\s+\(1-/);
    for (let i = 0; i < 5; i++) await panel.press('list.pageDown');
    const screen = await panel.waitForText('Everywhere');
    expect(screen).toMatch(/Ctrl\+C\s+Quit the panel: the first press warns/);
    expectFits(panel.frame());
  });

  it('footer hints follow what can be done: unpause appears only once paused', async () => {
    let screen = await panel.waitFor((s) => footer(s).includes(hint('agent.pause')), 'pause in the footer');
    expect(footer(screen)).toContain(hint('nav.next'));
    expect(footer(screen)).not.toContain(hint('agent.unpause'));
    expect(footer(screen)).not.toContain('unpause');

    screen = await pause(0);
    screen = await panel.waitFor((s) => footer(s).includes(hint('agent.unpause')), 'unpause in the footer');
    expect(footer(screen)).toContain(hint('agent.pause'));

    await panel.press('agent.unpause');
    screen = await panel.waitFor((s) => header(s).includes('AVAILABLE'), 'AVAILABLE in the header');
    await panel.waitFor((s) => !footer(s).includes('unpause'), 'unpause to leave the footer');
  });

  it(': opens the palette; typing filters it and Enter goes to the Profile section', async () => {
    await panel.press('app.palette');
    let screen = await panel.waitForText(/\d+ commands/);
    expect(screen).toContain('go to Calls');
    await panel.type('profile');
    screen = await panel.waitForText('1 command');
    expect(screen).toMatch(/go to Profile\s+g p/);
    expect(screen).not.toContain('go to Calls');
    expectFits(panel.frame());
    await panel.press('palette.run');
    screen = await panel.waitForText(/Name\s+Ava Turner/);
    expect(screen).toMatch(/Agent number\s+1001/);
    expect(screen).toMatch(/Voice queues\s+Support \(7001\), Sales \(7002\)/);
    expect(screen).toMatch(/Messaging queues\s+Support Chat/);
    expect(screen).toMatch(/State\s+Available for \d+:\d\d/);
    expect(screen).not.toContain('1 command');
    expectFits(panel.frame());
  });

  it('a palette filter that matches nothing says so', async () => {
    await panel.press('app.palette');
    await panel.type('zzz');
    const screen = await panel.waitForText('No command matches "zzz".');
    expect(screen).toMatch(/0 commands/);
    await panel.press('palette.close');
    await panel.waitFor((s) => !s.includes('No command matches'), 'the palette to close');
  });

  it('chords move between sections: g p shows Profile, g c shows Calls', async () => {
    await panel.press('nav.profile');
    const screen = await panel.waitForText(/Agent number\s+1001/);
    // The workload's figures are whole at 80 columns: the meter gives way, not the call count.
    expect(screen).toMatch(/Workload\s+\S+ 0% · 0 chats, 0 messaging, 0 email, 0 calls\s*$/m);
    expectFits(panel.frame());
    await panel.press('nav.calls');
    await panel.waitForText('No calls right now');
  });
});

describe('pause, quit and log out', () => {
  it('p pauses with the chosen reason: header PAUSED, banner with the reason', async () => {
    await panel.press('agent.pause');
    let screen = await panel.waitForText('Pause — choose a reason');
    for (const reason of ['Break', 'Lunch', 'Meeting', 'Training', 'Coaching', 'No answer']) expect(screen).toContain(reason);
    expect(screen).toMatch(/› Break/);
    await panel.press('list.down');
    await panel.waitForText('› Lunch');
    expectFits(panel.frame());
    await panel.press('list.choose');
    screen = await panel.waitFor((s) => /^ PAUSED — Lunch — \d+:\d\d/m.test(s), 'the PAUSED banner with the reason');
    expect(header(screen)).toMatch(/Ava Turner 1001\s+PAUSED/);
    expect(screen).toContain('Paused: Lunch.');
    expect(screen).not.toContain('Pause — choose a reason');
    expectFits(panel.frame());

    // The Profile section agrees.
    await panel.press('nav.profile');
    await panel.waitForText(/State\s+Paused \(Lunch\)/);
  });

  it('Esc closes the pause picker without pausing', async () => {
    await panel.press('agent.pause');
    await panel.waitForText('Pause — choose a reason');
    await panel.press('list.cancel');
    const screen = await panel.waitFor((s) => !s.includes('Pause — choose a reason'), 'the picker to close');
    expect(header(screen)).toContain('AVAILABLE');
  });

  it('Ctrl+C once warns, a second Ctrl+C quits', async () => {
    await panel.press('app.quit');
    const screen = await panel.waitForText('Press Ctrl+C again to quit');
    expect(panel.exits).toBe(0);
    expect(screen).toMatch(/AVAILABLE/);
    await panel.press('app.quit');
    await panel.waitFor(() => panel.exits === 1, 'the panel to exit');
  });

  it('Ctrl+C works with an overlay open', async () => {
    await panel.press('app.help');
    await panel.waitForText(/Keys\s+\(1-/);
    await panel.press('app.quit');
    await panel.waitForText('Press Ctrl+C again to quit');
    await panel.press('app.quit');
    await panel.waitFor(() => panel.exits === 1, 'the panel to exit');
  });

  it('L asks before logging out: Esc cancels, Enter logs out to the login screen', async () => {
    await panel.press('session.logout');
    let screen = await panel.waitForText('Log out?');
    expect(screen).toContain('You will stop receiving calls');
    expectFits(panel.frame());
    await panel.press('dialog.cancel');
    screen = await panel.waitFor((s) => !s.includes('Log out?'), 'the question to close');
    expect(header(screen)).toContain('AVAILABLE');
    expect(panel.client.session).toBe('logged-in');

    await panel.press('session.logout');
    await panel.waitForText('Log out?');
    await panel.press('dialog.confirm');
    screen = await panel.waitForText('switchboard — agent login');
    expect(screen).toContain('Logged out.');
    expect(screen).not.toContain('AVAILABLE');
    // The agent number is kept for the next login.
    expect(screen).toMatch(/Agent number\s+1001/);
    expectFits(panel.frame());
  });
});

describe('help follows the screen; the palette says what cannot be done now', () => {
  it("groups Conversations' keys under Conversations (f too), wraps long descriptions, and the tab keys are no Calls tabs", async () => {
    await panel.press('nav.conversations');
    await panel.waitForText('Active');
    await panel.press('app.help');
    const screen = await panel.waitForText(/Keys/);
    const lines = screen.split('\n');
    const groupOf = (text: string) => {
      const at = lines.findIndex((l) => l.includes(text));
      for (let i = at; i >= 0; i--) if (/^│ [A-Z][A-Za-z ]+\s+│$/.test(lines[i]!)) return lines[i]!.replace(/[│\s]+$/g, '').replace(/^│ /, '');
      return null;
    };
    expect(groupOf(command('dash.filter').help!.slice(0, 20))).toBe('Conversations');
    expect(screen).not.toContain('Dashboard\n');
    expect(screen).toContain('Next tab or page of this screen');
    expect(screen).not.toContain('Calls, Queues');
    // Wrapped, not cut.
    expect(screen).not.toContain('…');
    expect(screen).toMatch(/least 3, or >, <, =\), a date range/);
    expectFits(panel.frame());
  });

  it('uses two columns at 100 columns and shows more keys than one column', async () => {
    const wide = await startPanel({ columns: 100, rows: 30 });
    try {
      await logIn(wide, '1001');
      await wide.press('app.help');
      const screen = await wide.waitForText(/Keys/);
      // The pause key and the section moves side by side with the Calls keys.
      const row = screen.split('\n').find((l) => /HK list/.test(l));
      expect(row).toBeDefined();
      expect(screen.split('\n').some((l) => /│ \S.*\s{2,}\S.*│$/.test(l) && /Tab|g c|Shift/.test(l) && /h |f |→|←/.test(l))).toBe(true);
      expectFits(wide.frame(), 100, 30);
    } finally {
      await wide.close();
    }
  });

  it('the palette hides list movement and shows what the screen cannot do now, greyed with why', async () => {
    await panel.press('app.palette');
    await panel.waitForText('commands');
    await panel.type('hold');
    let screen = await panel.waitForText('hold — only on an answered call');
    // Enter on it does nothing: no hold was asked for.
    await panel.press('palette.run');
    expect(panel.sent('call.hold')).toEqual([]);
    expect(panel.screen()).toContain('hold — only on an answered call');
    for (let i = 0; i < 4; i++) await panel.key('backspace');
    await panel.type('down');
    screen = await panel.waitForText('No command matches "down"');
    expect(screen).not.toMatch(/^│ down\s/m);
    expectFits(panel.frame());
  });
});
