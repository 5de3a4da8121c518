import { afterEach, describe, expect, it } from 'vitest';
import { memoryLoginKeeper } from '../../src/client/auto-login.js';
import { memorySettings } from '../../src/client/settings.js';
import { editSettingsPage, expectFits, footerOf, logIn, placeCall, startPanel, type Panel } from './support.js';
import { SystemClock } from '../../src/server/system-clock.js';
import { demoConfig } from '../helpers.js';

const panels: Panel[] = [];
afterEach(async () => {
  // The later panels share the first one's server: close them first.
  for (const p of panels.reverse()) await p.close();
  panels.length = 0;
});

async function open(options: Parameters<typeof startPanel>[0] = {}): Promise<Panel> {
  const p = await startPanel(options);
  panels.push(p);
  return p;
}

/** Settings > Application, rows focused (↓). */
async function applicationPage(p: Panel): Promise<string> {
  await editSettingsPage(p, 'application', 'Notices — the toast always shows');
  return p.waitForText('↑ ↓ move · ← → change · Esc done');
}

/** Move to the row labelled `label` (rows focused). */
async function toRow(p: Panel, label: string): Promise<void> {
  for (let i = 0; i < 12 && !new RegExp(`› ${label}`).test(p.screen()); i++) await p.press('list.down');
  await p.waitFor((s) => new RegExp(`› ${label}`).test(s), `the ${label} row to be focused`);
}

describe('Settings > Application', () => {
  it('switches every time the panel shows to 12-hour at once, and keeps the choice for the agent', async () => {
    const settings = memorySettings();
    const p = await open({ settings });
    await logIn(p, '1001');
    await p.press('nav.profile');
    let screen = await p.waitForText('Logged in since');
    expect(screen).toMatch(/Logged in since\s+\d\d:\d\d\b(?! [AP]M)/);

    await applicationPage(p);
    expectFits(p.frame());
    await toRow(p, 'Times');
    await p.press('form.right');
    await p.waitForText('(•) 12-hour (2:05 PM)');
    expect(settings.app('1001').timeFormat).toBe('12h');
    await p.press('settings.done');
    await p.press('nav.profile');
    screen = await p.waitForText('Logged in since');
    expect(screen).toMatch(/Logged in since\s+\d{1,2}:\d\d [AP]M/);
    // Another agent on this machine keeps their own.
    expect(settings.app('1002').timeFormat).toBe('24h');
  });

  it('a change made while the settings file is still being read is kept, not undone by what the file said', async () => {
    const settings = memorySettings();
    // The agent's settings file read slowly (a home directory on a network disk): it is there once the test says so.
    let read: () => void = () => {};
    const readNow = new Promise<void>((resolve) => (read = resolve));
    const p = await open({ settings: () => readNow.then(() => settings) });
    await logIn(p, '1001');
    await applicationPage(p);
    await toRow(p, 'Times');
    await p.press('form.right');
    await p.waitForText('(•) 12-hour (2:05 PM)');

    read();
    await p.press('settings.done');
    await p.press('nav.profile');
    const screen = await p.waitForText('Logged in since');
    expect(screen).toMatch(/Logged in since\s+\d{1,2}:\d\d [AP]M/);
    expect(settings.app('1001').timeFormat).toBe('12h');
  });

  it('monochrome draws the panel without colour; under NO_COLOR colour cannot be chosen and says why', async () => {
    const p = await open();
    await logIn(p, '1001');
    await applicationPage(p);
    const colours = (frame: string) => (frame.match(/\u001b\[(?:3[0-7]|9[0-7]|4[0-7])m/g) ?? []).length;
    expect(colours(p.frame())).toBeGreaterThan(0);
    await toRow(p, 'Theme');
    await p.press('form.right');
    await p.waitForText('(•) Monochrome');
    expect(colours(p.frame())).toBe(0);

    const plain = await open({ theme: { color: false } });
    await logIn(plain, '1002');
    await applicationPage(plain);
    await toRow(plain, 'Theme');
    const screen = await plain.waitForText('NO_COLOR is set');
    expect(screen).toContain('(•) Monochrome');
    // On one line at 80 columns, its label not squeezed: the note once wrapped under the options.
    const lines = screen.split('\n');
    const theme = lines.findIndex((l) => l.includes('Theme'));
    expect(lines[theme]).toMatch(/Theme {10,}\( \) Colour {2}\(•\) Monochrome {2}NO_COLOR is set\s*$/);
    expect(lines[theme + 1]!.trim()).toBe('Start');
    expectFits(plain.frame());
  });

  it('turns the bell off for a kind of event: the choice is kept and read by the notices', async () => {
    const settings = memorySettings();
    const p = await open({ settings });
    await logIn(p, '1001');
    await applicationPage(p);
    await toRow(p, 'A call rings for you');
    expect(p.screen()).toMatch(/› A call rings for you\s+\(•\) Bell \+ desktop/);
    for (let i = 0; i < 3; i++) await p.press('form.right');
    await p.waitFor((s) => /› A call rings for you\s+\(•\) Off/.test(s), 'the call notice to be off');
    expect(settings.app('1001').notices.call).toEqual({ bell: false, desktop: false });
    expect(settings.app('1001').notices.chatAssigned).toEqual({ bell: true, desktop: true });
  });
});

describe('Logging in by itself', () => {
  it('keeps a session token (never the PIN) while on, logs in by itself at the next start, and forgets it on logout', async () => {
    const keeper = memoryLoginKeeper();
    // The panel checks the saved token's expiry on its own clock: the server keeps the wall clock's time here.
    const first = await open({ clock: new SystemClock(), autoLogin: { keeper, server: 'ws://test' } });
    await first.waitForText('agent login');
    await logIn(first, '1001');
    expect(keeper.saved()).toBeNull();
    await applicationPage(first);
    await toRow(first, 'Log in by itself');
    await first.press('form.right');
    await first.waitForText('never your PIN');
    const saved = keeper.saved();
    expect(saved).toMatchObject({ server: 'ws://test', agent: '1001' });
    expect(saved!.expiresAt).toBeGreaterThan(Date.now());
    expect(JSON.stringify(saved)).not.toContain('"1001"}');
    expect(Object.keys(saved!).sort()).toEqual(['agent', 'expiresAt', 'server', 'token']);

    // The next start, against the same server: straight into the same session.
    first.client.close();
    const next = await open({ server: first.server, autoLogin: { keeper, server: 'ws://test' } });
    const screen = await next.waitFor((s) => s.includes('Profile') && s.includes('AVAILABLE'), 'the panel, logged in by itself');
    expect(screen).not.toContain('agent login');
    expect(next.client.agent).toBe('1001');

    await next.press('session.logout');
    await next.waitForText('Log out?');
    await next.press('dialog.confirm');
    await next.waitForText('agent login');
    expect(keeper.saved()).toBeNull();
  });

  it('a saved login that ran out is forgotten and the login screen says so', async () => {
    const keeper = memoryLoginKeeper({ server: 'ws://test', agent: '1001', token: 'not-a-token', expiresAt: Date.now() - 60_000 });
    const p = await open({ autoLogin: { keeper, server: 'ws://test' } });
    const screen = await p.waitForText('Your saved login ran out');
    expect(screen).toContain('log in again');
    expect(keeper.saved()).toBeNull();
    expectFits(p.frame());
  });

  it('a token the server no longer knows is forgotten, in words', async () => {
    const keeper = memoryLoginKeeper({ server: 'ws://test', agent: '1001', token: 'made-up-token', expiresAt: Date.now() + 3600_000 });
    const p = await open({ autoLogin: { keeper, server: 'ws://test' } });
    await p.waitForText('Logging in by itself did not work');
    expect(keeper.saved()).toBeNull();
  });
});

describe('Logging in by itself, refused for now', () => {
  it("keeps the saved login while the agent's connections are full, says why at 80x24, and logs in by itself once one closes", async () => {
    const demo = demoConfig();
    // Her other window holds the one connection she may have.
    const other = await open({ clock: new SystemClock(), config: { ...demo, security: { ...demo.security, socketsPerAgent: 1 } } });
    await logIn(other, '1001');
    const kept = { server: 'ws://test', agent: '1001', token: other.client.token!, expiresAt: other.client.tokenExpiresAt! };
    const keeper = memoryLoginKeeper(kept);

    const p = await open({ server: other.server, autoLogin: { keeper, server: 'ws://test' } });
    const screen = await p.waitFor((s) => s.replace(/\s+/g, ' ').includes('Not logged in by itself yet: Agent 1001 already has 1 connection open'), 'the refusal on the login screen');
    expect(screen.replace(/\s+/g, ' ')).toContain('close one and try again. Trying again in 5 s.');
    expectFits(p.frame());
    // The token still holds: the next start (or the next try) may use it.
    expect(keeper.saved()).toEqual(kept);

    other.client.close();
    await p.waitFor((s) => s.includes('Profile') && s.includes('AVAILABLE'), 'the panel, logged in by itself', 10_000);
    expect(p.client.agent).toBe('1001');
  });
});

describe('Settings > Keys', () => {
  async function keysPage(p: Panel): Promise<string> {
    await p.press('nav.settings');
    await p.press('tab.prev');
    return p.waitForText('Name in the file');
  }

  it('lists every command with its key; a new key for hold works on a call and the footer and help show it', async () => {
    const settings = memorySettings();
    const p = await open({ settings });
    await logIn(p, '1001');
    let screen = await keysPage(p);
    expectFits(p.frame());
    await p.type('/hold');
    await p.press('search.done');
    screen = await p.waitFor((s) => /› .*hold\s+o\s/.test(s), 'hold to be selected');
    await p.press('keys.bind');
    await p.waitForText('Press the key for "hold"');
    await p.key('ctrl+o');
    screen = await p.waitForText('hold: Ctrl+O from now on');
    expect(screen).toMatch(/hold\s+Ctrl\+O \*/);
    expect(settings.readKeymap('1001')).toContain('call.hold: ["ctrl+o"]');

    // On a call: the footer offers Ctrl+O, o no longer holds, Ctrl+O does.
    await p.press('nav.calls');
    placeCall(p, '7001');
    await p.waitForText('Ring In');
    await p.press('call.answer');
    screen = await p.waitForText('On-call');
    expect(footerOf(screen)).toContain('Ctrl+O hold');
    await p.press('app.help');
    await p.waitForText(/Ctrl\+O\s+Put the caller on hold/);
    expectFits(p.frame());
    await p.press('help.close');
    await p.key('o');
    expect(p.screen()).not.toMatch(/ON HOLD/);
    await p.key('ctrl+o');
    await p.waitFor((s) => /ON HOLD \d:\d\d/.test(s), 'the call on hold by the new key');
  });

  it('refuses a key another command already has where both work, naming both', async () => {
    const p = await open();
    await logIn(p, '1001');
    await keysPage(p);
    await p.type('/hold');
    await p.press('search.done');
    await p.waitFor((s) => /› .*hold\s+o\s/.test(s), 'hold to be selected');
    await p.press('keys.bind');
    await p.waitForText('Press the key for "hold"');
    // x declines a ringing call, on every screen.
    await p.key('x');
    const screen = await p.waitForText('is already');
    expect(screen).toMatch(/hold \(call\.hold\): x is already decline \(call\.decline\)/);
    expect(screen).toMatch(/hold\s+o\s/);
    expect(footerOf(screen)).toContain('change key');
  });
});
