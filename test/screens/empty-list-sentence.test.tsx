import { afterEach, describe, expect, it } from 'vitest';
import { demoConfig } from '../helpers.js';
import { expectFits, logIn, startPanel, type Panel } from './support.js';

/**
 * An empty list's sentence says where the work is ("waiting ones are under
 * Unassigned (→)"); at 80 columns it must be read to its end, not cut with …
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

/** The lines of the screen from the one starting with `start`, joined: a sentence wrapped over two lines reads as one. */
function sentenceFrom(screen: string, start: string): string {
  const lines = screen.split('\n');
  const at = lines.findIndex((l) => l.trim().startsWith(start));
  expect(at, `"${start}" on screen:\n${screen}`).toBeGreaterThanOrEqual(0);
  return lines
    .slice(at, at + 2)
    .map((l) => l.trim())
    .join(' ');
}

describe('an empty list at 80x24', () => {
  it('My Chats says its whole sentence, wrapped, and Unassigned is named', async () => {
    panel = await startPanel({ config: demoConfig() });
    await logIn(panel, '1001');
    await panel.press('nav.chats');
    const screen = await panel.waitForText('No chats assigned to you');
    expect(sentenceFrom(screen, 'No chats assigned to you')).toContain('waiting ones are under Unassigned (→).');
    expect(screen).not.toContain('Unas…');
    expectFits(panel.frame());
  });

  it('My Emails says its whole sentence, wrapped, and Unassigned is named', async () => {
    panel = await startPanel({ config: demoConfig() });
    await logIn(panel, '1001');
    await panel.press('nav.email');
    const screen = await panel.waitForText('No emails assigned to you');
    expect(sentenceFrom(screen, 'No emails assigned to you')).toContain('waiting ones are under Unassigned (→).');
    expectFits(panel.frame());
  });
});

describe('an empty list at 60x16', () => {
  it("My Emails' sentence, wrapped, starts each line at the same column (no space carried over from the break)", async () => {
    panel = await startPanel({ config: demoConfig(), columns: 60, rows: 16 });
    await logIn(panel, '1001');
    await panel.press('nav.email');
    const screen = await panel.waitForText('No emails assigned to you');
    const lines = screen.split('\n');
    const at = lines.findIndex((l) => l.includes('No emails assigned to you'));
    const indent = (l: string) => l.length - l.trimStart().length;
    expect(lines[at + 1]!.trim(), screen).not.toBe('');
    expect(indent(lines[at + 1]!), screen).toBe(indent(lines[at]!));
    expect(sentenceFrom(screen, 'No emails assigned to you')).toContain('waiting ones are under Unassigned (→).');
    expectFits(panel.frame(), 60, 16);
  });

  it("the Calls tab's sentence with no call, wrapped, starts each line at the same column", async () => {
    panel = await startPanel({ config: demoConfig(), columns: 60, rows: 16 });
    await logIn(panel, '1001');
    const screen = await panel.waitForText('No calls right now');
    const lines = screen.split('\n');
    const at = lines.findIndex((l) => l.includes('No calls right now'));
    const indent = (l: string) => l.length - l.trimStart().length;
    expect(lines[at + 1]!.trim(), screen).not.toBe('');
    expect(indent(lines[at + 1]!), screen).toBe(indent(lines[at]!));
    expect(sentenceFrom(screen, 'No calls right now')).toContain('then their dispositions.');
    expectFits(panel.frame(), 60, 16);
  });
});
