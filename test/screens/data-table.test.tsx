import './force-color.js';
import React from 'react';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { columnWidths, DataTable, type Column } from '../../src/ui/DataTable.js';
import { themeFor } from '../../src/ui/theme.js';
import { ThemeProvider } from '../../src/ui/ThemeContext.js';
import { visible } from './support.js';

interface Row {
  customer: string;
  queue: string;
  state: string;
}
const rows: Row[] = [
  { customer: 'Pat Jones', queue: 'Support Chat', state: 'Open' },
  { customer: 'Kim Park', queue: 'Support Callbacks', state: 'Waiting' },
];
const columns: Column<Row>[] = [
  { title: 'Customer', width: 10, flex: true, cell: (r) => r.customer },
  { title: 'Queue', width: 9, cell: (r) => r.queue },
  { title: 'State', width: 10, cell: (r) => r.state, style: (r) => (r.state === 'Open' ? { color: 'green' } : undefined) },
];

describe('table columns sized from what they hold', () => {
  it('gives a cut column the room the flex column does not need, and shrinks a column to its longest cell', () => {
    const [customer, queue, state] = columnWidths(columns, rows, 60, 1, 2);
    // "Support Callbacks" whole, not "Support …", though its declared width is 9.
    expect(queue).toBe('Support Callbacks'.length);
    // State holds at most "Waiting" (7), not its declared 10.
    expect(state).toBe(7);
    // The rest goes to the flex column: the table reaches the edge.
    expect(customer! + queue! + state! + 2 + 2).toBe(60);
  });

  it('keeps the declared widths when there is no room to spare', () => {
    const [customer, queue] = columnWidths(columns, rows, 25, 1, 2);
    expect(queue).toBe(9);
    expect(customer).toBe(10);
  });

  it('highlights the selected row across the whole width, unbroken by a coloured cell', () => {
    const ink = render(
      <ThemeProvider theme={themeFor({})}>
        <DataTable columns={columns} rows={rows} rowKey={(r) => r.customer} selected={0} height={5} width={60} empty="none" />
      </ThemeProvider>,
    );
    const frame = ink.lastFrame() ?? '';
    const selectedLine = frame.split('\n').find((l) => visible(l).includes('Pat Jones'))!;
    expect(visible(selectedLine)).toHaveLength(60);
    // One inverse run: no colour code inside the highlighted row.
    expect(selectedLine.match(/\u001b\[3[0-7]m/g) ?? []).toEqual([]);
    const other = frame.split('\n').find((l) => visible(l).includes('Kim Park'))!;
    expect(visible(other)).toContain('Support Callbacks');
    ink.unmount();
  });

  it('keeps the columns after a wide-character name (Japanese, most emoji) under their titles, and a selected row to the edge', () => {
    // Each of these characters takes two terminal columns: counted as one, the cells after it moved right and the row was cut.
    const wide: Row[] = [{ customer: '山田 太郎', queue: 'Support Chat', state: 'Open' }, ...rows, { customer: '山田太郎さんの会社の人', queue: 'Sales', state: 'Waiting' }];
    const ink = render(
      <ThemeProvider theme={themeFor({})}>
        <DataTable columns={columns} rows={wide} rowKey={(r) => r.customer} selected={0} height={6} width={60} empty="none" />
      </ThemeProvider>,
    );
    const lines = visible(ink.lastFrame() ?? '').split('\n');
    const columnOf = (line: string, text: string) => stringWidth(line.slice(0, line.indexOf(text)));
    const header = lines[0]!;
    for (const [name, queue, state] of [['山田 太郎', 'Support Chat', 'Open'], ['Pat Jones', 'Support Chat', 'Open'], ['山田太郎さん', 'Sales', 'Waiting']]) {
      const line = lines.find((l) => l.includes(name!))!;
      expect(columnOf(line, queue!)).toBe(columnOf(header, 'Queue'));
      expect(columnOf(line, state!)).toBe(columnOf(header, 'State'));
    }
    expect(stringWidth(lines.find((l) => l.includes('山田 太郎'))!)).toBe(60);
    ink.unmount();
  });
});
