import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, TmuxTerminal, tmuxTitle } from './tmux-terminal.js';

/**
 * Keys whose escape sequence reaches the local panel (`switchboard demo`,
 * reading this process's stdin) in two reads, as from a terminal fed over a
 * link that splits them: tmux writes ESC to the pane, then the rest 20 ms
 * later. Ink took the ESC alone for Esc, then "[" and "A".
 */
const term = new TmuxTerminal('split');
const SESSION = term.session;
const capture = () => term.capture();
const send = (...keys: string[]) => term.send(...keys);
const waitFor = (predicate: (screen: string) => boolean, what: string) => term.waitForScreen(predicate, what);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * ESC in one write to the pane, `rest` (e.g. "[A") in another 20 ms later. The
 * tmux server keeps the time (run-shell -d), not this process: on a loaded
 * machine starting a second tmux could take longer than the panel waits.
 */
function typeSplit(rest: string): void {
  send('-H', '1b', ';', 'run-shell', '-d', '0.02', '-C', `send-keys -t ${SESSION} -l '${rest}'`);
}

describe.skipIf(!hasTmux)(tmuxTitle('arrow keys whose ESC and "[A" arrive apart (local panel, tmux, 80x24)'), () => {
  beforeAll(async () => {
    await term.demoLoggedIn();
    // The panel is busy for a moment after login: a key split then is read whole, as one read.
    await sleep(1500);
  }, 120_000);
  afterAll(() => term.close());

  it('↑ split after ESC leaves the panel on Calls (it went to Profile)', async () => {
    typeSplit('[A');
    // Whatever the split key did is drawn by now.
    await sleep(600);
    const screen = capture();
    expect(screen.split('\n')[4]).toMatch(/^ Calls │ Queues/);
    expect(screen).not.toContain('Agent number');
  });

  it('↓ split after ESC moves down the pause picker, which stays open; Esc alone still closes it', async () => {
    send('p');
    await waitFor((s) => s.includes('Pause — choose a reason') && s.includes('› Break'), 'the pause picker on Break');
    // Before, ESC alone closed the picker and "[" went to the previous section.
    typeSplit('[B');
    const screen = await waitFor((s) => s.includes('› Lunch') || !s.includes('Pause — choose a reason'), 'the split ↓ handled');
    expect(screen).toContain('Pause — choose a reason');
    expect(screen).toContain('› Lunch');
    send('Escape');
    const closed = await waitFor((s) => !s.includes('Pause — choose a reason'), 'the picker closed by Esc');
    expect(closed.split('\n')[0]).toMatch(/AVAILABLE/);
    expect(closed.split('\n')[4]).toMatch(/^ Calls │ Queues/);
  });
});
