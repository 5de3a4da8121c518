import { Box, Text } from 'ink';
import React from 'react';
import { markerKeys, useBoundKeys } from './bound-hint.js';
import { EmptyListSentence } from './EmptyListSentence.js';
import { useTheme } from './ThemeContext.js';

/**
 * A list whose items take one or more lines (a chat and its sneak peek, a
 * queue heading before its first chat). Like DataTable it draws only the
 * items that fit and keeps the selected one in view, and says where in the
 * list the view is when not everything fits, with the agent's keys of
 * list.up and list.down that move the selection from where it is.
 */
export function ItemList<T>({
  items,
  lines,
  count,
  selected,
  height,
  width,
  empty,
  itemKey,
}: {
  items: T[];
  /** The lines of an item, drawn as given; the first is the one the selection marks. */
  lines: (item: T, selected: boolean, index: number) => React.ReactNode[];
  /** How many lines an item takes (lines() is called only for the items drawn). */
  count: (item: T) => number;
  selected: number | null;
  height: number;
  width: number;
  empty: string;
  itemKey: (item: T) => string;
}) {
  const theme = useTheme();
  const keyOf = useBoundKeys();
  const keys = markerKeys([keyOf('list.up'), keyOf('list.down')]);
  if (items.length === 0) return <EmptyListSentence text={empty} width={width} />;
  const sel = selected === null ? 0 : Math.max(0, Math.min(selected, items.length - 1));
  const sizes = items.map(count);
  // One line is kept for the position when the list does not fit.
  const total = sizes.reduce((n, l) => n + l, 0);
  const room = total > height ? Math.max(1, height - 1) : height;
  let start = 0;
  let used = sizes.slice(0, sel + 1).reduce((n, l) => n + l, 0);
  while (used > room && start < sel) used -= sizes[start++]!;
  const shown: Array<{ key: string; node: React.ReactNode }> = [];
  let left = room;
  let last = start - 1;
  for (let i = start; i < items.length && left > 0; i++) {
    const item = lines(items[i]!, i === selected, i).slice(0, left);
    item.forEach((node, n) => shown.push({ key: `${itemKey(items[i]!)}-${n}`, node }));
    left -= item.length;
    last = i;
  }
  return (
    <Box flexDirection="column" width={width}>
      {shown.map((s) => (
        <Box key={s.key} width={width} height={1} overflow="hidden">
          {s.node}
        </Box>
      ))}
      {total > height ? (
        <Text color={theme.muted} wrap="truncate">
          {'  '}
          {start + 1}-{last + 1} of {items.length}
          {keys ? ` (${keys})` : ''}
        </Text>
      ) : null}
    </Box>
  );
}
