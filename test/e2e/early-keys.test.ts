import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../server/support.js';

/**
 * Keys an agent types while `switchboard connect` is still loading (a second
 * or two before the login screen draws) must never be echoed in clear on the
 * terminal: the PIN is among them. They reach the login form instead.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
const SOCKET = `swb-early-${process.pid}-${Date.now().toString(36)}`;
const SESSION = 'early';

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Everything the terminal has shown, scrolled-off lines included. */
const everything = () => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', SESSION);

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. The terminal shows:\n${everything()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const TITLE = 'keys typed before the panel draws (tmux, 80x24)';
describe.skipIf(!hasTmux)(hasTmux ? TITLE : `${TITLE}: skipped, tmux is not installed (CI installs it)`, () => {
  let home = '';
  let socketPath = '';

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) execFileSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, stdio: 'inherit' });
    home = mkdtempSync(join(tmpdir(), 'switchboard-early-'));
  }, 120_000);

  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // Already gone.
    }
    if (home) rmSync(home, { recursive: true, force: true });
    if (socketPath) rmSync(socketPath, { force: true });
  });

  it('are not echoed while it loads, and land in the login form', async () => {
    // Nothing listens there: the panel draws its login screen all the same, and keeps trying.
    const url = `ws://127.0.0.1:${await freePort()}`;
    tmux(
      'new-session', '-d', '-s', SESSION, '-x', '80', '-y', '24', '-c', ROOT,
      '-e', `XDG_CONFIG_HOME=${join(home, 'config')}`, '-e', `HOME=${home}`, '-e', 'NO_COLOR=1',
      `exec node bin/switchboard.js connect ${url}`,
    );
    socketPath = tmux('display-message', '-p', '-t', SESSION, '#{socket_path}').trim();
    await waitFor(() => tmux('display-message', '-p', '-t', SESSION, '#{pane_current_command}').trim() === 'node', 'node to start');
    // Node is running and still loading the panel (that takes well over half a second): the agent types.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(everything(), 'the panel has not drawn yet').not.toContain('agent login');
    tmux('send-keys', '-t', SESSION, '-l', '4321');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(everything().trim(), 'nothing is echoed while the panel loads').toBe('');

    await waitFor(() => /Agent number\s+4321/.test(everything()), 'the typed digits in the Agent number field');
    const shown = everything()
      .split('\n')
      .filter((line) => line.includes('4321'));
    expect(shown.map((line) => line.trim())).toEqual([expect.stringMatching(/^› Agent number\s+4321$/)]);
  });
});
