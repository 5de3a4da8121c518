import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOnePanel } from '../one-panel.js';
import { hasTmux, TmuxTerminal, tmuxTitle } from './tmux-terminal.js';

/**
 * The built CLI's panel in a real terminal (tmux) made smaller and larger
 * again: at each size the terminal shows the panel once, as drawn for that
 * size. tmux rewraps what is on screen when its window narrows, as terminals
 * do, so a frame drawn for the old width scrolls the screen and leaves its
 * lines behind.
 */
const term = new TmuxTerminal('resize');
const SESSION = term.session;
const tmux = (...args: string[]) => term.tmux(...args);

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
  const paneSize = () => term.display('#{pane_width}x#{pane_height}');
  await waitFor((rows) => paneSize() === `${size.columns}x${size.rows}` && rows.some((r) => r.includes('HK list')), `the panel at ${size.columns}x${size.rows}`);
  // Whatever else comes of the resize (the clock's next second included) has come.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  return rowsOnScreen();
}

describe.skipIf(!hasTmux)(tmuxTitle('the panel in a real terminal that is resized (tmux, from 80x24)'), () => {
  beforeAll(() => term.prepare(), 120_000);
  afterAll(() => term.close());

  it('narrower (70x24, 64x20), too small (50x12), wider (100x30) and back to 80x24: one header, one footer, nothing left of the frame before', async () => {
    // No simulated traffic: no call rings to change the screen between two looks.
    term.start(`node bin/switchboard.js demo --no-simulate --data ${join(term.home, 'data')}; sleep 30`, { columns: 80, rows: 24 }, { NO_COLOR: '1' });
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
