import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, TmuxTerminal, tmuxTitle } from './tmux-terminal.js';

/**
 * Keys an agent (or a script) types in one burst, ahead of the screen they are
 * meant for: `switchboard demo` in tmux at 80x24, each burst one send-keys.
 */
const term = new TmuxTerminal('ahead');
const SESSION = term.session;
const tmux = (...args: string[]) => term.tmux(...args);
const capture = () => tmux('capture-pane', '-p', '-t', SESSION);
const send = (...keys: string[]) => void tmux('send-keys', '-t', SESSION, ...keys);

async function waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = capture();
    if (predicate(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. The terminal shows:\n${screen}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!hasTmux)(tmuxTitle('keys typed ahead of the screen they are for (tmux, 80x24)'), () => {
  beforeAll(async () => {
    term.prepare();
    const data = mkdtempSync(join(term.home, 'data-'));
    // No simulated callers: a call ringing in mid-burst is not what this test is about.
    term.start(`exec node bin/switchboard.js demo --no-simulate --data ${data}`, { columns: 80, rows: 24 }, { NO_COLOR: '1' });
    await waitFor((s) => s.includes('Agent number'), 'the login screen', 60_000);
    send('Tab', 'Enter', 'Enter');
    await waitFor((s) => /AVAILABLE|available/.test(s.split('\n')[0]!) && s.includes('p pause'), 'the panel');
  }, 120_000);
  afterAll(() => term.close());

  it('"g o ↓ ↓ Enter" in one burst opens the third contact of the list that is still loading, not the first', async () => {
    // Before, both ↓ reached an empty list and were lost; Enter, once the rows were in, opened the first contact.
    send('g', 'o', 'Down', 'Down', 'Enter');
    const form = await waitFor((s) => /│ Contact \S/.test(s), 'a contact open');
    const opened = /│ Contact (.+?)\s+│/.exec(form)![1];
    send('Escape');
    const list = await waitFor((s) => s.includes('/ search by any name') && !s.includes('│ Contact'), 'the list again');
    const rows = list.split('\n').filter((l) => /^ [› ] \S/.test(l) && /@|\+\d/.test(l));
    expect(rows.length).toBeGreaterThan(3);
    expect(rows[2]).toContain(opened);
    // The third row is the one chosen: the selection is there too.
    expect(rows[2]).toMatch(/^ › /);
  });
});
