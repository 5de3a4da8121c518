import { afterEach, describe, expect, it } from 'vitest';
import { expectFits, logIn, placeCall, startPanel, type Panel } from './support.js';

/**
 * Profile's State row says what the header says: on a call the header read
 * "ON CALL 0:05  available 0:08" while Profile said "State  Available for
 * 0:08", two answers to one question on one screen.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

const stateRow = (screen: string) => screen.split('\n').find((l) => l.trim().startsWith('State ')) ?? '';

describe.each([
  { columns: 80, rows: 24 },
  { columns: 60, rows: 16 },
])('Profile at $columns x $rows', ({ columns, rows }) => {
  it("names the header's state: Available when idle, On call and then the status on a call", async () => {
    panel = await startPanel({ columns, rows });
    await logIn(panel, '1001');
    await panel.press('nav.profile');
    let screen = await panel.waitForText(/State\s+Available for/);
    expect(screen.split('\n')[0]).toContain('AVAILABLE');

    placeCall(panel, '7001');
    await panel.waitForText('RINGING');
    await panel.press('call.answer');
    screen = await panel.waitFor((s) => /ON CALL/.test(s.split('\n')[0]!) && /On call for/.test(stateRow(s)), 'ON CALL in the header and on Profile');
    expect(stateRow(screen)).toMatch(/State\s+On call for \d+:\d\d · available for \d+:\d\d$/);
    expect(screen.split('\n')[0]).toMatch(/ON CALL \d+:\d\d\s+available/);
    expectFits(panel.frame(), columns, rows);
  });
});
