import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../server/support.js';
import { hasTmux, TmuxTerminal, tmuxTitle } from './tmux-terminal.js';

/**
 * Keys an agent types while `switchboard connect` is still loading (a second
 * or two before the login screen draws) must never be echoed in clear on the
 * terminal: the PIN is among them. They reach the login form instead.
 */
const term = new TmuxTerminal('early');
const SESSION = term.session;
const tmux = (...args: string[]) => term.tmux(...args);

/** Everything the terminal has shown, scrolled-off lines included. */
const everything = () => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', SESSION);

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. The terminal shows:\n${everything()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!hasTmux)(tmuxTitle('keys typed before the panel draws (tmux, 80x24)'), () => {
  beforeAll(() => term.prepare(), 120_000);
  afterAll(() => term.close());

  it('are not echoed while it loads, and land in the login form', async () => {
    // Nothing listens there: the panel draws its login screen all the same, and keeps trying.
    const url = `ws://127.0.0.1:${await freePort()}`;
    term.start(`exec node bin/switchboard.js connect ${url}`, { columns: 80, rows: 24 }, { NO_COLOR: '1' });
    await waitFor(() => term.display('#{pane_current_command}') === 'node', 'node to start');
    // Node is running and still loading the panel (that takes well over half a second): the agent types.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(everything(), 'the panel has not drawn yet').not.toContain('agent login');
    tmux('send-keys', '-t', SESSION, '-l', '4321');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Still loading, the terminal is blank; loaded already (a quiet machine), it is the login screen:
    // either way the digits appear nowhere but in the Agent number field.
    const echoed = everything()
      .split('\n')
      .filter((line) => line.includes('4321') && !/Agent number/.test(line));
    expect(echoed, 'nothing is echoed while the panel loads').toEqual([]);

    await waitFor(() => /Agent number\s+4321/.test(everything()), 'the typed digits in the Agent number field');
    const shown = everything()
      .split('\n')
      .filter((line) => line.includes('4321'));
    expect(shown.map((line) => line.trim())).toEqual([expect.stringMatching(/^› Agent number\s+4321$/)]);
  });
});
