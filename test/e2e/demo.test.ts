import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, TmuxTerminal, tmuxTitle } from './tmux-terminal.js';

/**
 * The built CLI in a real terminal: `switchboard demo` in tmux at 80x24, from
 * launch to logged in and available, then Ctrl+C twice to quit.
 */
const COLUMNS = 80;
const ROWS = 24;

const term = new TmuxTerminal('demo');
const SESSION = term.session;
const tmux = (...args: string[]) => term.tmux(...args);

/** The pane as a person sees it; wrapped lines joined, so a line too wide for the terminal shows as one. */
function capture(): string {
  return tmux('capture-pane', '-p', '-J', '-t', SESSION);
}

const lines = (screen: string) => screen.replace(/\n+$/, '').split('\n');
/** The key hints are the last line the panel draws. */
const footer = (screen: string) => lines(screen).filter((l) => l.trim()).at(-1) ?? '';

async function waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = '';
  for (;;) {
    screen = capture();
    if (predicate(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. The terminal shows:\n${screen}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function send(...keys: string[]): void {
  tmux('send-keys', '-t', SESSION, ...keys);
}

/** Nothing but the panel on screen: no stack trace, no error, no stray log line. */
function expectOnlyTheUi(screen: string): void {
  expect(screen).not.toMatch(/Error|error:|Warning|warning:/);
  expect(screen).not.toMatch(/^\s+at .+[(:]\d+/m);
  expect(screen).not.toMatch(/node:internal|ExperimentalWarning|Unhandled/);
}

function expectFits(screen: string): void {
  const wide = lines(screen).filter((l) => [...l.trimEnd()].length > COLUMNS);
  expect(wide, `lines wider than ${COLUMNS} columns`).toEqual([]);
}

describe.skipIf(!hasTmux)(tmuxTitle('switchboard demo in a real terminal (tmux, 80x24)'), () => {
  beforeAll(() => {
    term.prepare();
    const command = `node bin/switchboard.js demo; echo "EXITED $?"; sleep 5`;
    // CI machines export CI, which makes Ink hold every frame back; the panel must draw anyway.
    term.start(command, { columns: COLUMNS, rows: ROWS }, { NO_COLOR: '', CI: 'true' });
  }, 120_000);
  afterAll(() => term.close());

  it('the pane is exactly 80x24', () => {
    expect(term.display('#{pane_width}x#{pane_height}')).toBe(`${COLUMNS}x${ROWS}`);
  });

  it('from launch to logged in and available (a login typed in one burst), then Ctrl+C twice quits', async () => {
    // The login screen, with the demo credentials prefilled; the footer shows once keys are bound.
    let screen = await waitFor((s) => s.includes('switchboard — agent login') && footer(s).includes('Enter log in'), 'the login screen');
    expect(screen).toMatch(/Agent number\s+1001/);
    expect(screen).toMatch(/PIN\s+••••/);
    expectOnlyTheUi(screen);
    expectFits(screen);

    // A newcomer types another agent's login at once, in one burst (one send-keys: one read):
    // Agent number has the keyboard from the start, so nothing is lost.
    send('C-u', '9001', 'Tab', 'C-u', '9001', 'Enter');
    screen = await waitFor((s) => s.includes('Agent login — Sam Rivera (9001)') && footer(s).includes('Esc back'), 'the Agent login window');
    expect(screen).toMatch(/Voice queues\s+Support \(7001\), Sales \(7002\), Billing \(7003\)/);
    expect(screen).toMatch(/Log in as\s+\(•\) Available/);
    expectOnlyTheUi(screen);
    expectFits(screen);

    send('Enter');
    // Available: the header says so, or, when a simulated caller was already waiting, that the phone
    // rings while the status is available (the demo's traffic is random; the call rings at once). A
    // ringing header with chats waiting is too long for the agent's number at 80 columns: it goes first.
    const header = /^Sam Rivera(?: 9001)?\s+(AVAILABLE \d+:\d\d|RINGING \d+:\d\d\s+available)/;
    screen = await waitFor(
      (s) => header.test(lines(s)[0] ?? '') && /^ Calls\s+Chats\s+Email/m.test(s) && footer(s).includes('pause'),
      'the agent panel, AVAILABLE',
    );
    // The header is on the first row: the frame is short enough not to scroll the screen.
    expect(lines(screen)[0]).toMatch(header);
    expect(screen).toMatch(/Voice queues: 3/);
    // The Calls tab: the agent's queues, or, when a simulated caller was already waiting, that call ringing.
    expect(screen).toMatch(/My queues|↙ .+\s+Ring In/);
    expect(lines(screen).length).toBeLessThanOrEqual(ROWS);
    expectOnlyTheUi(screen);
    expectFits(screen);

    send('C-c');
    screen = await waitFor((s) => s.includes('Press Ctrl+C again to quit'), 'the quit warning');
    expect(screen).not.toContain('EXITED');
    send('C-c');
    screen = await waitFor((s) => /EXITED \d+/.test(s), 'the process to exit');
    expect(screen).toMatch(/EXITED 0/);
    expectOnlyTheUi(screen);
  });
});
