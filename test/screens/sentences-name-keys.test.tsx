import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { confSettings } from '../../src/client/settings.js';
import { expectFits, logIn, loginAgent, type Panel, rebind, startPanel } from './support.js';

/**
 * Sentences that name a key ("Press Ctrl+C twice…", "W writes it…") were
 * written by hand, so an agent who had moved the key was told one that did
 * nothing. They name the key the footer names: the agent's own.
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

/** The screen's text with its lines run together, for a sentence wrapped over two. */
const flowing = (screen: string) => screen.replace(/\s+/g, ' ');

describe('Settings > Keys: the keymap file keys', () => {
  /** Search the Keys page for a command by its name in the file, and give it `key` as an agent does. */
  async function giveKey(id: string, key: string): Promise<void> {
    await panel.press('search.open');
    await panel.key('ctrl+u');
    await panel.type(id);
    await panel.waitForText('1 of ');
    await panel.press('search.done');
    await panel.press('keys.bind');
    await panel.waitForText('Press the key for');
    await panel.key(key);
    await panel.waitForText(`${key} from now on`);
  }

  it('a command that takes ten keys sends the agent to the file by the keys that write and read it, moved or not', async () => {
    // A keymap file on disk: without one there is nothing to write or read, and no key for it.
    const dir = mkdtempSync(join(tmpdir(), 'sb-keys-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    panel = await startPanel({ settings: await confSettings({ SWITCHBOARD_CONFIG_DIR: dir }) });
    await logIn(panel, '1001');
    await panel.press('nav.settings');
    await panel.press('tab.prev');
    await panel.waitForText('Name in the file');

    const refusalFor = async () => {
      await panel.press('search.open');
      await panel.key('ctrl+u');
      await panel.type('disposition.hotkey');
      await panel.waitForText('1 of ');
      await panel.press('search.done');
      await panel.press('keys.bind');
      return flowing(await panel.waitForText('takes 10 keys'));
    };
    expect(await refusalFor()).toContain('write them in the keymap file (W writes it, R reads it).');

    await giveKey('keys.write', 'X');
    await giveKey('keys.reload', 'Z');
    const screen = await refusalFor();
    expect(screen).toContain('write them in the keymap file (X writes it, Z reads it).');
    expect(screen).not.toContain('W writes it');
    expectFits(panel.frame());

    // The line above the search names the write key too; its path leaves it room only on a wider terminal.
    await panel.resize(140, 24);
    expect(flowing(await panel.waitForText('writes it with every command'))).toContain('keymap-1001.yaml · X writes it with every command');
  });
});

describe('a panel whose agent the SSH server signed in', () => {
  it('names the quit key of the footer when signing in fails, and that key closes the panel', async () => {
    // A PIN the server refuses: signing in fails, and the agent is told how to leave.
    panel = await startPanel({ signedIn: { agent: '1001', pin: '0000' } });
    let screen = await panel.waitForText('to close this terminal');
    expect(screen).toContain('Press Ctrl+C twice to close this terminal, then try again.');
    expectFits(panel.frame());

    rebind({ 'app.quit': 'ctrl+w' });
    screen = await panel.waitForText('Press Ctrl+W twice to close this terminal');
    expect(screen).not.toContain('Ctrl+C');
    await panel.key('ctrl+w');
    await panel.key('ctrl+w');
    await panel.waitFor(() => panel.exits === 1, 'the panel to exit');
  });
});

describe('the agent login window of an agent already logged in elsewhere', () => {
  it('names the key that joins that session as its keys line does, and that key joins it', async () => {
    panel = await startPanel();
    loginAgent(panel.server, '1001');
    rebind({ 'agentLogin.submit': 'ctrl+o' });
    await panel.type('1001');
    await panel.press('form.next');
    await panel.type('1001');
    await panel.press('login.submit');
    const screen = await panel.waitForText('Ctrl+O log in');
    expect(screen).toContain('You are already logged in elsewhere: Ctrl+O joins that session as it is.');
    expectFits(panel.frame());
    await panel.key('ctrl+o');
    await panel.waitFor((s) => s.includes('AVAILABLE') && s.includes('Profile'), 'the session joined');
  });
});
