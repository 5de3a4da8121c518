import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLoginKeeper } from '../../src/client/auto-login.js';
import { keymapText, parseKeymap } from '../../src/client/keymap-file.js';
import { confSettings, DEFAULT_APP_SETTINGS } from '../../src/client/settings.js';
import { resetKeymap, setKeymap } from '../../src/keys/keymap.js';
import { canonicalKey, command, COMMANDS, keyHint, keysOf, ownKeys } from '../../src/keys/registry.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-keymap-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  resetKeymap();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the agent keymap: what is refused, by name', () => {
  it('gives a command the agent keys, which the footer hint and key lookup use', () => {
    expect(setKeymap({ 'call.hold': ['ctrl+o'] })).toEqual([]);
    expect(keysOf(command('call.hold'))).toEqual(['ctrl+o']);
    expect(keyHint(command('call.hold'))).toBe('Ctrl+O');
    expect(ownKeys()).toEqual({ 'call.hold': ['ctrl+o'] });
  });

  it('refuses an unknown command and keeps the rest', () => {
    const problems = setKeymap({ 'call.holdd': ['ctrl+o'], 'call.resume': ['R'] });
    expect(problems).toEqual([{ id: 'call.holdd', message: expect.stringContaining('There is no command "call.holdd"') }]);
    expect(keysOf(command('call.resume'))).toEqual(['R']);
  });

  it('refuses a key the terminal keeps for itself and a key that is no key', () => {
    const problems = setKeymap({ 'call.hold': ['ctrl+s'], 'call.resume': ['hold on'], 'call.transfer': ['g x y'] });
    expect(problems.map((p) => p.id)).toEqual(['call.hold', 'call.resume', 'call.transfer']);
    expect(problems[0]!.message).toContain('Ctrl+S stops the terminal');
    expect(problems[1]!.message).toContain('a key in two steps starts with a letter');
    expect(problems[2]!.message).toContain('"g x y" is not a key');
    expect(keysOf(command('call.hold'))).toEqual(['o']);
  });

  it('refuses a key another command has where both work, naming both; the earlier of two clashing entries keeps it', () => {
    let problems = setKeymap({ 'call.hold': ['x'] });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^hold \(call\.hold\): x is already .+ \(call\.(hangup|decline)\)/);
    expect(keysOf(command('call.hold'))).toEqual(['o']);

    problems = setKeymap({ 'call.hold': ['ctrl+o'], 'call.resume': ['ctrl+o'] });
    expect(problems).toEqual([{ id: 'call.resume', message: expect.stringContaining('Ctrl+O is already hold (call.hold)') }]);
    expect(keysOf(command('call.hold'))).toEqual(['ctrl+o']);
    expect(keysOf(command('call.resume'))).toEqual(['r']);
  });

  it('allows a key used only where the two commands are never live together (a dialog and a screen)', () => {
    // y confirms in a dialog; on the Calls screen it is free.
    expect(setKeymap({ 'call.hold': ['y'] })).toEqual([]);
  });

  it("refuses for quit a key any other command has, even one only a dialog or the reply box binds: quit's key reaches it whatever is open", () => {
    // Ctrl+N is the reply box's new line: with the box focused it made a new line and never quit.
    expect(setKeymap({ 'app.quit': ['ctrl+n'] })).toEqual([
      { id: 'app.quit', message: 'quit (twice) (app.quit): Ctrl+N is already new line (composer.newline) — choose another key, or give that one another key too.' },
    ]);
    expect(keysOf(command('app.quit'))).toEqual(['ctrl+c']);
    // A question's no given the quit key: refused, the quit key stays quit.
    expect(setKeymap({ 'app.quit': ['ctrl+w'], 'dialog.cancel': ['esc', 'ctrl+w'] })).toEqual([
      { id: 'dialog.cancel', message: expect.stringContaining('Ctrl+W is already quit (twice) (app.quit)') },
    ]);
    expect(keysOf(command('app.quit'))).toEqual(['ctrl+w']);
  });

  it('refuses the quit key for a command of a dialog or a text box', () => {
    expect(setKeymap({ 'composer.newline': ['ctrl+c'] })).toEqual([
      { id: 'composer.newline', message: 'new line (composer.newline): Ctrl+C is already quit (twice) (app.quit) — choose another key, or give that one another key too.' },
    ]);
    expect(keysOf(command('composer.newline'))).toEqual(['ctrl+n', 'ctrl+j']);
  });

  it('disposition hotkeys take one key per disposition, and act on the disposition they stand for', () => {
    const short = setKeymap({ 'disposition.hotkey': ['ctrl+a'] });
    expect(short[0]!.message).toContain('needs 10 keys');
    const keys = ['!', '@', '#', '$', '%', '^', '&', '*', '(', ')'];
    expect(setKeymap({ 'disposition.hotkey': keys })).toEqual([]);
    expect(canonicalKey(command('disposition.hotkey'), '#')).toBe('2');
  });
});

describe('the keymap file', () => {
  it('reads back what the panel writes, the untouched commands commented out', () => {
    const text = keymapText('1001', { 'call.hold': ['ctrl+o'], 'disposition.hotkey': ['!', '#', ':', '[', '0', '1', '2', '3', '4', '5'] }, COMMANDS);
    expect(text).toContain('# call.resume: ["r"]');
    const parsed = parseKeymap(text);
    expect(parsed).toEqual({ entries: { 'call.hold': ['ctrl+o'], 'disposition.hotkey': ['!', '#', ':', '[', '0', '1', '2', '3', '4', '5'] } });
  });

  it('says in words what is wrong with a file it cannot read', () => {
    expect(parseKeymap('call.hold: [ctrl+o')).toEqual({ error: expect.stringContaining('not valid YAML') });
    expect(parseKeymap('- call.hold')).toEqual({ error: expect.stringContaining('should map command names to keys') });
    expect(parseKeymap('call.hold: {key: o}')).toEqual({ error: expect.stringContaining('call.hold: write its keys as a list') });
    expect(parseKeymap('')).toEqual({ entries: {} });
  });
});

describe('kept on the agent machine', () => {
  it('keeps application settings per agent with conf, and the keymap file beside them', async () => {
    const dir = tempDir();
    const env = { SWITCHBOARD_CONFIG_DIR: dir };
    const first = await confSettings(env);
    first.setApp('1001', { ...DEFAULT_APP_SETTINGS, timeFormat: '12h', theme: 'monochrome' });
    first.writeKeymap('1001', 'call.hold: ["ctrl+o"]\n');
    const again = await confSettings(env);
    expect(again.app('1001')).toMatchObject({ timeFormat: '12h', theme: 'monochrome', autoLogin: false });
    expect(again.app('1002').timeFormat).toBe('24h');
    expect(again.readKeymap('1001')).toBe('call.hold: ["ctrl+o"]\n');
    expect(again.keymapPath('1001')).toBe(join(dir, 'keymap-1001.yaml'));
    expect(again.readKeymap('1002')).toBeNull();
  });

  it('keeps the saved login in a file only the agent can read, with a token and never a PIN', () => {
    const dir = tempDir();
    const keeper = fileLoginKeeper({ SWITCHBOARD_STATE_DIR: dir });
    expect(keeper.saved()).toBeNull();
    keeper.save({ server: 'ws://127.0.0.1:7300', agent: '1001', token: 't0k', expiresAt: 123 });
    expect(statSync(join(dir, 'login.json')).mode & 0o777).toBe(0o600);
    expect(fileLoginKeeper({ SWITCHBOARD_STATE_DIR: dir }).saved()).toEqual({ server: 'ws://127.0.0.1:7300', agent: '1001', token: 't0k', expiresAt: 123 });
    keeper.clear();
    expect(keeper.saved()).toBeNull();
  });
});
