import { afterEach, describe, expect, it } from 'vitest';
import { footerRow, logInAvailable, startCenter, type Center } from './support.js';
import type { SshTerminal } from './ssh-terminal.js';

let center: Center | null = null;
afterEach(async () => {
  await center?.close();
  center = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A key's bytes in two SSH packets `gapMs` apart, as a terminal whose reads arrive in pieces sends them. */
async function typeSplit(t: SshTerminal, first: string, rest: string, gapMs: number): Promise<void> {
  t.type(first);
  await sleep(gapMs);
  t.type(rest);
}

async function openPausePicker(t: SshTerminal): Promise<void> {
  t.type('p');
  await t.waitForText('Pause — choose a reason');
  await t.waitFor((s) => s.includes('› Break'), 'Break chosen');
}

describe('keys whose escape sequence arrives in two packets (SSH panel, 80x24)', () => {
  it('↓ split after ESC, and after ESC [, moves down the pause picker: the picker stays, Enter pauses with the reason chosen', async () => {
    center = await startCenter();
    const t = await center.terminal({ username: '1001', pin: '1001' });
    await logInAvailable(t, 'Ava Turner');
    await openPausePicker(t);
    // Before, ESC alone was Esc (the picker closed) and "[B" was "[" (previous section: Settings) then "B".
    await typeSplit(t, '\u001b', '[B', 5);
    await t.waitFor((s) => s.includes('› Lunch'), 'Lunch chosen');
    await typeSplit(t, '\u001b[', 'B', 30);
    let screen = await t.waitFor((s) => s.includes('› Meeting'), 'Meeting chosen');
    expect(screen).toContain('Pause — choose a reason');
    expect(screen).not.toContain('General │ Voice');
    t.type('\r');
    screen = await t.waitFor((s) => /PAUSED/.test(s.split('\n')[0]!), 'paused');
    const agent = center.server.engine.state.agent('1001')!;
    expect(agent.status).toBe('paused');
    expect(agent.pauseReason).toBe('Meeting');
    // Still on Calls: no "[" went to the sections.
    expect(screen).toMatch(/^ Calls │ Queues/m);
  });

  it('↑ split after ESC on the Calls screen leaves the panel on Calls (it went to Profile); Esc alone still closes the picker', async () => {
    center = await startCenter();
    const t = await center.terminal({ username: '1001', pin: '1001' });
    await logInAvailable(t, 'Ava Turner');
    await t.waitFor(() => footerRow(t).includes('p pause'), "the panel's keys");
    await typeSplit(t, '\u001b', '[A', 5);
    // Whatever the split key did is drawn by now.
    await sleep(600);
    expect(t.lines()[4]).toMatch(/^ Calls │ Queues/);
    expect(t.screen()).not.toContain('Agent number');
    await openPausePicker(t);
    t.type('\u001b');
    await t.waitFor((s) => !s.includes('Pause — choose a reason'), 'the picker closed by Esc');
    expect(center.server.engine.state.agent('1001')!.status).toBe('available');
  });
});
