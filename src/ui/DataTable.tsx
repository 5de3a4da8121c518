import { Box, Text } from 'ink';
import React from 'react';
import { fit, pad, textWidth } from './format.js';
import { EmptyListSentence } from './EmptyListSentence.js';
import { useTheme } from './ThemeContext.js';

export interface CellStyle {
  color?: string;
  bold?: boolean;
  inverse?: boolean;
  dim?: boolean;
}

export interface Column<T> {
  title: string;
  /** Columns; one column may be `flex` and take what the others leave. */
  width: number;
  flex?: boolean;
  align?: 'left' | 'right';
  cell: (row: T) => string;
  style?: (row: T) => CellStyle | undefined;
  /**
   * Where the table is too narrow for every column, a column with a number
   * here gives way whole, the lowest first (the least useful one); a column
   * without one (what names the row, its state) always stays.
   */
  drop?: number;
}

/** Rows read to size the columns: enough for any screen, bounded for a list of thousands. */
const SAMPLE = 200;

/** The least a column takes: the flex column its declared width, the others that or their longest cell, if shorter. */
function leastWidth<T>(column: Column<T>, sample: T[]): number {
  if (column.flex) return column.width;
  return Math.min(column.width, sample.reduce((n, r) => Math.max(n, textWidth(column.cell(r))), textWidth(column.title)));
}

/**
 * Which columns are drawn at this width: all of them while they fit at their
 * least widths; on a narrower terminal the columns that may give way leave
 * whole, lowest `drop` first, until the rest fit. Cut at the edge instead, the
 * last column lost its words mid-way and the header no longer matched its rows.
 */
export function columnsThatFit<T>(columns: Column<T>[], rows: T[], width: number, gap: number, marker: number): Column<T>[] {
  const sample = rows.slice(0, SAMPLE);
  const least = new Map(columns.map((c) => [c, leastWidth(c, sample)]));
  const needed = (kept: Column<T>[]) => marker + gap * (kept.length - 1) + kept.reduce((n, c) => n + least.get(c)!, 0);
  const leaving = columns.filter((c) => c.drop !== undefined).sort((a, b) => a.drop! - b.drop!);
  let kept = columns;
  for (const column of leaving) {
    if (needed(kept) <= width) break;
    kept = kept.filter((c) => c !== column);
  }
  return kept;
}

/**
 * Titles over groups of columns, counted again over the columns kept: a group
 * whose columns all gave way leaves with them.
 */
export function groupsThatFit<T>(groups: Array<{ title: string; columns: number }>, columns: Column<T>[], kept: Column<T>[]): Array<{ title: string; columns: number }> {
  let first = 0;
  const out: Array<{ title: string; columns: number }> = [];
  for (const g of groups) {
    const count = columns.slice(first, first + g.columns).filter((c) => kept.includes(c)).length;
    first += g.columns;
    if (count > 0) out.push({ title: g.title, columns: count });
  }
  return out;
}

/**
 * A group's title over fewer columns than it was written for: the words that
 * fit ("Active" over Call and Chat, not "Active conversati…"), cut inside a
 * word only when not even the first fits.
 */
export function titleWithin(title: string, span: number): string {
  if (textWidth(title) <= span) return title;
  const words = title.split(' ');
  let kept = '';
  for (const word of words) {
    const next = kept ? `${kept} ${word}` : word;
    if (textWidth(next) > span) break;
    kept = next;
  }
  return kept || fit(title, span);
}

/**
 * Column widths from what the columns hold: none wider than its longest cell
 * or title; the room that frees, and what the flex column does not need, goes
 * first to columns whose content is cut ("Support C…" beside a half-empty
 * Customer column), the rest to the flex column so the table reaches the edge.
 */
export function columnWidths<T>(columns: Column<T>[], rows: T[], width: number, gap: number, marker: number): number[] {
  const sample = rows.slice(0, SAMPLE);
  const natural = columns.map((c) => sample.reduce((n, r) => Math.max(n, textWidth(c.cell(r))), textWidth(c.title)));
  const widths = columns.map((c, i) => (c.flex ? 0 : Math.min(c.width, natural[i]!)));
  const flexAt = columns.findIndex((c) => c.flex);
  const room = width - marker - gap * (columns.length - 1) - widths.reduce((n, w) => n + w, 0);
  // The flex column keeps its declared least width, and what it holds up to the room there is.
  const flexWant = flexAt >= 0 ? Math.max(columns[flexAt]!.width, Math.min(natural[flexAt]!, room)) : 0;
  let spare = room - flexWant;
  for (let i = 0; i < columns.length && spare > 0; i++) {
    if (i === flexAt || natural[i]! <= widths[i]!) continue;
    const more = Math.min(spare, natural[i]! - widths[i]!);
    widths[i] = widths[i]! + more;
    spare -= more;
  }
  if (flexAt >= 0) widths[flexAt] = Math.max(columns[flexAt]!.width, flexWant + Math.max(0, spare));
  return widths;
}

/**
 * A table that draws only the rows that fit (a list of a thousand agents costs
 * what a screenful costs), keeps the selected row in view, and says where in
 * the list the view is.
 */
export function DataTable<T>({
  columns: allColumns,
  rows,
  rowKey,
  selected,
  height,
  width,
  empty,
  focused = true,
  groups: allGroups,
}: {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  selected: number | null;
  height: number;
  width: number;
  empty: string;
  focused?: boolean;
  /** Titles over groups of consecutive columns (Agent details │ Agent state │ ...), drawn above the header. */
  groups?: Array<{ title: string; columns: number }>;
}) {
  const theme = useTheme();
  const gap = 1;
  const marker = 2;
  const visible = Math.max(1, height - 1 - (allGroups ? 1 : 0));
  const sel = selected === null ? -1 : Math.min(selected, rows.length - 1);
  const offset = Math.max(0, Math.min(rows.length - visible, sel - visible + 1));
  const shown = rows.slice(offset, offset + visible);
  const position = rows.length > visible ? ` ${offset + 1}-${offset + shown.length} of ${rows.length}` : '';
  const columns = columnsThatFit(allColumns, rows, width, gap, marker);
  const groups = allGroups && groupsThatFit(allGroups, allColumns, columns);
  const widths = columnWidths(columns, rows, width, gap, marker);
  const cellText = (c: Column<T>, text: string, w: number) => pad(text, w, c.align);

  // Where the list is: after the titles when there is room, else inside the flex column's
  // title (the roomy one), so a table as wide as the screen neither loses it nor its last title.
  // Where neither has room (a narrow terminal) it is left out: cut, it read "1-…".
  const used = widths.reduce((n, w) => n + w, 0) + gap * (columns.length - 1) + marker;
  const flexAt = columns.findIndex((c) => c.flex);
  const inFlex = Boolean(position) && used + position.length > width && flexAt >= 0 && widths[flexAt]! >= columns[flexAt]!.title.length + position.trim().length + 2;
  const after = Boolean(position) && !inFlex && used + position.length <= width;
  const titleText = (c: Column<T>, i: number) =>
    inFlex && i === flexAt ? `${c.title}${position.trim().padStart(widths[i]! - c.title.length - 1)} ` : cellText(c, c.title, widths[i]!);

  // Unstyled cells next to each other are one string: Ink's cost grows with every styled
  // segment it measures, and a screenful of a wide table has hundreds of cells.
  // The highlighted row is one plain string to the table's edge: a coloured cell would break its bar.
  const rowParts = (row: T, highlighted: boolean): React.ReactNode[] => {
    const parts: React.ReactNode[] = [];
    let plain = '';
    columns.forEach((c, j) => {
      const text = `${j > 0 ? ' '.repeat(gap) : ''}${cellText(c, c.cell(row), widths[j]!)}`;
      const s = highlighted ? undefined : c.style?.(row);
      if (!s || (!s.color && !s.bold && !s.inverse && !s.dim)) {
        plain += text;
        return;
      }
      if (plain) parts.push(plain);
      plain = '';
      parts.push(
        <Text key={j} color={s.color} bold={s.bold} inverse={s.inverse} dimColor={s.dim}>
          {text}
        </Text>,
      );
    });
    if (highlighted) plain += ' '.repeat(Math.max(0, width - marker - textWidth(plain)));
    if (plain) parts.push(plain);
    return parts;
  };

  let first = 0;
  const groupLine = groups?.map((g) => {
    const span = widths.slice(first, first + g.columns).reduce((n, w) => n + w, 0) + gap * (g.columns - 1);
    first += g.columns;
    // A rule after each title shows how far its group reaches, with or without colour.
    const title = titleWithin(g.title, span);
    return title.length < span - 1 ? `${title} ${'─'.repeat(span - title.length - 1)}` : title.padEnd(span);
  });

  return (
    <Box flexDirection="column" width={width}>
      {groupLine ? (
        <Text wrap="truncate" color={theme.accent} bold>
          {'  '}
          {groupLine.join(' '.repeat(gap))}
        </Text>
      ) : null}
      <Text wrap="truncate" bold color={theme.muted} underline={!theme.color}>
        {'  '}
        {columns.map((c, i) => titleText(c, i)).join(' '.repeat(gap))}
        {after ? <Text bold={false}>{position}</Text> : null}
      </Text>
      {rows.length === 0 ? (
        <EmptyListSentence text={empty} width={width} />
      ) : (
        shown.map((row, i) => {
          const on = offset + i === sel;
          return (
            <Text key={rowKey(row)} wrap="truncate" inverse={on && focused} bold={on}>
              {on ? '› ' : '  '}
              {rowParts(row, on && focused)}
            </Text>
          );
        })
      )}
    </Box>
  );
}
