import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { busyCenter } from '../server/busy-center.js';
import { buildOnce, serve } from '../server/serve-process.js';
import { runCleanups, tempDir } from '../server/support.js';
import { hasTmux, TmuxTerminal, tmuxTitle } from './tmux-terminal.js';

/**
 * What the panel's journal delivers late is said once in its notice line:
 * `switchboard connect` in tmux at 80x24 (NO_COLOR) against a real
 * `switchboard serve`, killed (SIGKILL) and started again.
 */
buildOnce();
afterEach(runCleanups);

const term = new TmuxTerminal('late');
const waitFor = (predicate: (screen: string) => boolean, what: string, ms?: number) => term.waitForScreen(predicate, what, ms);

/** Ava (1001), an agent of the demo's centre. */
const AVA = { number: '1001', name: 'Ava Turner' };

describe.skipIf(!hasTmux)(tmuxTitle('actions journaled offline, delivered at the next login (tmux, 80x24)'), () => {
  afterAll(() => term.close());

  it('a disposition typed by hotkey while the server was down, the panel then killed: after the restart and login the notice line says it went through', async () => {
    term.prepare();
    const data = tempDir();
    const config = busyCenter(tempDir());
    const first = await serve(data, config, ['--simulate']);
    await term.connectLoggedIn(first.port, AVA);
    await waitFor((s) => /☎ RINGING .*→ Sales/.test(s), 'a Sales call ringing for Ava');
    term.send('a');
    await waitFor((s) => /ON CALL/.test(s.split('\n')[0]!), 'the call answered');
    term.send('x');
    const ENDED = / › ↙ (.+?) +Ended .*owes disposition/;
    // The caller as the list names them (a contact's name, the caller's, or the number).
    const caller = ENDED.exec(await waitFor((s) => ENDED.test(s), 'the call owing its disposition'))![1]!;

    first.child.kill('SIGKILL');
    await first.exited;
    term.send('1');
    await waitFor((s) => s.includes('Offline: the disposition will be sent when the connection is back.'), 'the disposition kept');
    // The panel goes too (a closed SSH session, a crashed terminal): the disposition waits in the journal on disk.
    process.kill(Number(term.display('#{pane_pid}')), 'SIGKILL');

    await serve(data, config, [], first.port);
    await term.connectLoggedIn(first.port, AVA);
    // Before: the disposition went out at the login and nothing said so; the agent could not tell it from one lost.
    const told = await waitFor((s) => s.includes('Sent after reconnect:'), 'the notice of what was sent late');
    const notice = `Sent after reconnect: disposition Sale for the call from ${caller}`;
    expect(told.split('\n').filter((line) => line.includes('Sent after reconnect'))).toEqual([notice]);
    expect(notice.length).toBeLessThanOrEqual(80);
    expect(told).toContain('✓ Sale (SALE) submitted');
  }, 150_000);
});
