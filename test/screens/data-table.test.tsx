import './force-color.js';
import React from 'react';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { columnsThatFit, columnWidths, DataTable, groupsThatFit, type Column } from '../../src/ui/DataTable.js';
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

describe('a table narrower than its columns', () => {
  interface Call {
    caller: string;
    queue: string;
    agent: string;
    started: string;
    state: string;
  }
  const calls: Call[] = [
    { caller: 'Pat Jones', queue: 'Support', agent: 'Ava Turner', started: '12-05 13:07', state: 'Ended' },
    { caller: 'Kim Park', queue: 'Sales', agent: 'Ben Okafor', started: '12-05 13:09', state: 'On-call' },
  ];
  // The caller names the row and the state says where it is: they stay; the agent goes first, then the queue.
  const callColumns: Column<Call>[] = [
    { title: 'Caller', width: 12, flex: true, cell: (r) => r.caller },
    { title: 'Queue', width: 10, drop: 2, cell: (r) => r.queue },
    { title: 'Agent', width: 12, drop: 1, cell: (r) => r.agent },
    { title: 'Started', width: 11, drop: 3, cell: (r) => r.started },
    { title: 'State', width: 8, cell: (r) => r.state },
  ];
  const draw = (width: number, height = 5) => {
    const ink = render(
      <ThemeProvider theme={themeFor({})}>
        <DataTable columns={callColumns} rows={calls} rowKey={(r) => r.caller} selected={0} height={height} width={width} empty="none" />
      </ThemeProvider>,
    );
    const lines = visible(ink.lastFrame() ?? '').split('\n');
    ink.unmount();
    return lines;
  };

  it('keeps every column while they fit', () => {
    expect(columnsThatFit(callColumns, calls, 70, 1, 2).map((c) => c.title)).toEqual(['Caller', 'Queue', 'Agent', 'Started', 'State']);
  });

  it('drops whole columns, the least useful first, and keeps those that may not give way', () => {
    // 2 + 12 + 7 + 10 + 11 + 7 and 4 gaps: 53 columns.
    expect(columnsThatFit(callColumns, calls, 52, 1, 2).map((c) => c.title)).toEqual(['Caller', 'Queue', 'Started', 'State']);
    expect(columnsThatFit(callColumns, calls, 40, 1, 2).map((c) => c.title)).toEqual(['Caller', 'Started', 'State']);
    expect(columnsThatFit(callColumns, calls, 20, 1, 2).map((c) => c.title)).toEqual(['Caller', 'State']);
  });

  it('draws whole titles over their cells and ends each line at the edge, with no word cut', () => {
    const lines = draw(40);
    const header = lines[0]!;
    expect(header.trim().split(/\s+/)).toEqual(['Caller', 'Started', 'State']);
    for (const call of calls) {
      const line = lines.find((l) => l.includes(call.caller))!;
      expect(line).not.toContain('…');
      expect(line.indexOf(call.state)).toBe(header.indexOf('State'));
      expect(line.indexOf(call.started)).toBe(header.indexOf('Started'));
      expect(stringWidth(line)).toBeLessThanOrEqual(40);
    }
  });

  it('counts the group titles again over the columns kept, and drops a group whose columns all went', () => {
    const kept = columnsThatFit(callColumns, calls, 40, 1, 2);
    const groups = [
      { title: 'Who', columns: 1 },
      { title: 'Where', columns: 2 },
      { title: 'When', columns: 2 },
    ];
    expect(groupsThatFit(groups, callColumns, kept)).toEqual([
      { title: 'Who', columns: 1 },
      { title: 'When', columns: 2 },
    ]);
  });

  it('leaves out where the list is when the header has no room for it, rather than cut it', () => {
    // Two rows, one shown: "1-1 of 2" fits in the roomy Caller column at 40 columns, nowhere at 36.
    expect(draw(40, 2)[0]).toMatch(/^ {2}Caller +1-1 of 2 {2}Started +State +$/);
    const narrow = draw(36, 2)[0]!;
    expect(narrow.trim().split(/\s+/)).toEqual(['Caller', 'Started', 'State']);
    expect(narrow.trimEnd()).toMatch(/State$/);
    expect(narrow).not.toContain('…');
  });
});
