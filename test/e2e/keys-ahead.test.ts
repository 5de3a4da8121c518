import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, TmuxTerminal, tmuxTitle } from './tmux-terminal.js';

/**
 * Keys an agent (or a script) types in one burst, ahead of the screen they are
 * meant for: `switchboard demo` in tmux at 80x24, each burst one send-keys.
 */
const term = new TmuxTerminal('ahead');
const send = (...keys: string[]) => term.send(...keys);
const waitFor = (predicate: (screen: string) => boolean, what: string) => term.waitForScreen(predicate, what);

describe.skipIf(!hasTmux)(tmuxTitle('keys typed ahead of the screen they are for (tmux, 80x24)'), () => {
  beforeAll(() => term.demoLoggedIn(), 120_000);
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

  it('"g d ↓ Enter" in one burst opens the second colleague of Dashboard > Agents, whose roster is still on its way', async () => {
    send('g', 'c');
    await waitFor((s) => /^ Calls │ Queues/m.test(s), 'Calls');
    // Before, ↓ reached an empty list (it said "Nobody else works in your queues" meanwhile) and Enter had no row to open.
    send('g', 'd', 'Down', 'Enter');
    const info = await waitFor((s) => /│ Agent {6}(.+?) \(\d+\)/.test(s), 'an agent open');
    const opened = /│ Agent {6}(.+?) \(\d+\)/.exec(info)![1]!;
    send('Escape');
    const list = await waitFor((s) => s.includes('you included') && !s.includes('Agent info'), 'the list again');
    const rows = list.split('\n').filter((l) => /^ [› ] \S.*(Logged|Available|Paused)/.test(l));
    expect(rows.length).toBeGreaterThan(3);
    expect(rows[1]).toContain(opened);
    expect(rows[1]).toMatch(/^ › /);
  });
});
