import { expect } from 'vitest';

/**
 * What a terminal of `columns` x `rows` must show of a logged-in agent's
 * panel, row by row, after any resize: the header on the first row and
 * nowhere else, the campaign line under it, the section bar, a rule exactly
 * as wide as the terminal, the key footer once, on the last row of the
 * rows - 1 tall frame, and the last row empty. A frame drawn for the old width
 * (wrapped lines, the screen scrolled) leaves a fragment of a line on the
 * second row, a second footer, or a rule of the old width.
 */
export function expectOnePanel(screenRows: string[], size: { columns: number; rows: number }, agentName: string): void {
  const { columns, rows } = size;
  const screen = screenRows.join('\n');
  expect(screenRows.length, screen).toBe(rows);
  expect(screenRows.filter((l) => l.includes(agentName)), `the header once:\n${screen}`).toHaveLength(1);
  expect(screenRows[0], screen).toMatch(new RegExp(`^${agentName}\\b`));
  expect(screenRows[1], screen).toMatch(/^Current campaign: /);
  expect(screenRows[2], screen).toMatch(/^ Calls\s+Chats\s+Email/);
  expect(screenRows[3], screen).toBe('─'.repeat(columns));
  expect(screenRows.filter((l) => l.includes('HK list')), `the footer once:\n${screen}`).toHaveLength(1);
  expect(screenRows[rows - 2], screen).toMatch(/HK list.*\? help\s*$/);
  expect(screenRows[rows - 1], screen).toBe('');
  const wide = screenRows.filter((l) => [...l].length > columns);
  expect(wide, `rows wider than ${columns} columns:\n${screen}`).toEqual([]);
}
