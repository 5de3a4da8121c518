import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOnePanel } from '../one-panel.js';

/**
 * The built CLI's panel in a real terminal (tmux) made smaller and larger
 * again: at each size the terminal shows the panel once, as drawn for that
 * size. tmux rewraps what is on screen when its window narrows, as terminals
 * do, so a frame drawn for the old width scrolls the screen and leaves its
 * lines behind.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
// A socket of our own, so parallel runs and a developer's tmux are left alone.
const SOCKET = `swb-resize-${process.pid}-${Date.now().toString(36)}`;
const SESSION = 'resize';

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The pane's rows as a person sees them, a line wrapped by the terminal joined again (wider than the pane). */
function rowsOnScreen(): string[] {
  return tmux('capture-pane', '-p', '-J', '-t', SESSION).replace(/\n$/, '').split('\n');
}

async function waitFor(predicate: (rows: string[]) => boolean, what: string, timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = rowsOnScreen();
    if (predicate(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. The terminal shows:\n${rows.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function resizeTo(size: { columns: number; rows: number }): Promise<string[]> {
  tmux('resize-window', '-t', SESSION, '-x', String(size.columns), '-y', String(size.rows));
  const paneSize = () => tmux('display-message', '-p', '-t', SESSION, '#{pane_width}x#{pane_height}').trim();
  await waitFor((rows) => paneSize() === `${size.columns}x${size.rows}` && rows.some((r) => r.includes('HK list')), `the panel at ${size.columns}x${size.rows}`);
  // Whatever else comes of the resize (the clock's next second included) has come.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  return rowsOnScreen();
}

const TITLE = 'the panel in a real terminal that is resized (tmux, from 80x24)';
describe.skipIf(!hasTmux)(hasTmux ? TITLE : `${TITLE}: skipped, tmux is not installed (CI installs it)`, () => {
  let home = '';
  let socketPath = '';

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) execFileSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, stdio: 'inherit' });
    home = mkdtempSync(join(tmpdir(), 'switchboard-resize-'));
  }, 120_000);

  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // Already gone.
    }
    if (home) rmSync(home, { recursive: true, force: true });
    // tmux leaves its socket file behind.
    if (socketPath) rmSync(socketPath, { force: true });
  });

  it('narrower (70x24, 64x20), too small (50x12), wider (100x30) and back to 80x24: one header, one footer, nothing left of the frame before', async () => {
    tmux(
      'new-session', '-d', '-s', SESSION, '-x', '80', '-y', '24', '-c', ROOT,
      '-e', `XDG_CONFIG_HOME=${join(home, 'config')}`, '-e', `HOME=${home}`, '-e', 'NO_COLOR=1',
      // No simulated traffic: no call rings to change the screen between two looks.
      `node bin/switchboard.js demo --no-simulate --data ${join(home, 'data')}; sleep 30`,
    );
    socketPath = tmux('display-message', '-p', '-t', SESSION, '#{socket_path}').trim();
    await waitFor((rows) => rows.some((r) => r.includes('Enter log in')), 'the login screen');
    tmux('send-keys', '-t', SESSION, 'Enter');
    await waitFor((rows) => rows.some((r) => r.includes('Agent login — Ava Turner')) && rows.some((r) => r.includes('Esc back')), 'the Agent login window');
    tmux('send-keys', '-t', SESSION, 'Enter');
    const at80 = await waitFor((rows) => /^Ava Turner 1001\s+AVAILABLE/.test(rows[0] ?? '') && (rows[22] ?? '').includes('HK list'), 'the panel, AVAILABLE');
    expectOnePanel(at80, { columns: 80, rows: 24 }, 'Ava Turner');

    for (const size of [
      { columns: 70, rows: 24 },
      { columns: 64, rows: 20 },
    ]) {
      expectOnePanel(await resizeTo(size), size, 'Ava Turner');
    }

    // Below the minimum the terminal shows one sentence, and nothing of the panel.
    tmux('resize-window', '-t', SESSION, '-x', '50', '-y', '12');
    const small = await waitFor((rows) => rows.join(' ').includes('This terminal is 50x12'), 'the too-small sentence');
    expect(small.filter((r) => r.includes('Ava Turner') || r.includes('HK list'))).toEqual([]);

    for (const size of [
      { columns: 100, rows: 30 },
      { columns: 80, rows: 24 },
    ]) {
      expectOnePanel(await resizeTo(size), size, 'Ava Turner');
    }
  }, 90_000);
});
