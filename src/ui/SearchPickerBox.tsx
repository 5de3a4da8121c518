import { Box, Text } from 'ink';
import React from 'react';
import { fit, textWidth, wrapLines } from './format.js';
import { QueryPrompt } from './QueryPrompt.js';
import { scrollOffset } from './scroll.js';
import { useTheme } from './ThemeContext.js';

/**
 * ↑ and ↓ through a typed search's matches, round from the last to the
 * first; none when there is nothing to move to. For useCommands.
 */
export function cycleMoves(count: number, setIndex: (move: (i: number) => number) => void) {
  const step = (by: number) => () => setIndex((i) => (Math.min(i, count - 1) + by + count) % count);
  return { 'list.up': count > 1 ? step(-1) : undefined, 'list.down': count > 1 ? step(1) : undefined } as const;
}

/**
 * The box of a picker that typing searches (canned responses, WhatsApp
 * templates): a title, the query, a window of matches around the selected
 * one (each a bold name and a muted summary that fills the width), the
 * selected one's text below in full, up to three lines, and what the keys do.
 */
export function SearchPickerBox<T>({
  title,
  query,
  matches,
  selected,
  empty,
  rowKey,
  name,
  summary,
  previewText,
  hint,
  width,
  height,
}: {
  title: React.ReactNode;
  query: string;
  matches: T[];
  selected: number;
  /** Said when nothing matches the query (or there is nothing at all). */
  empty: string;
  rowKey: (item: T) => string;
  /** The bold part of a row, already fitted and padded to its column. */
  name: (item: T) => string;
  /** The rest of a row, on one line; the box cuts it to the width. */
  summary: (item: T) => string;
  previewText: (item: T) => string;
  hint: string;
  width: number;
  height: number;
}) {
  const theme = useTheme();
  const inner = width - 4;
  const current = matches[selected];
  const preview = current ? wrapLines(previewText(current).split('\n'), inner).slice(0, 3) : [];
  const rows = Math.max(1, Math.min(8, height - 6 - preview.length));
  const offset = scrollOffset(selected, rows, matches.length);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold wrap="truncate">
        {title}
      </Text>
      <Text wrap="truncate">
        <QueryPrompt label="Search" query={query} room={inner - 10} />
      </Text>
      {matches.length === 0 ? (
        <Text color={theme.muted} wrap="truncate">
          {empty}
        </Text>
      ) : (
        matches.slice(offset, offset + rows).map((item, i) => {
          const on = offset + i === selected;
          const bold = name(item);
          return (
            <Text key={rowKey(item)} inverse={on} wrap="truncate">
              {on ? '› ' : '  '}
              <Text bold>{bold}</Text> <Text color={on ? undefined : theme.muted}>{fit(summary(item), inner - 4 - textWidth(bold))}</Text>
            </Text>
          );
        })
      )}
      {preview.map((line, i) => (
        <Text key={`p${i}`} color={theme.info} wrap="truncate">
          {line}
        </Text>
      ))}
      <Text color={theme.muted} wrap="truncate">
        {hint}
      </Text>
    </Box>
  );
}
