import { Box, Text } from 'ink';
import React, { useState } from 'react';
import { PRIORITY, useCommands } from '../keys/router.js';
import { wrapLines } from './format.js';
import { scrollOffset } from './scroll.js';
import { useTheme } from './ThemeContext.js';

/**
 * A modal list to choose one item from (pause reasons, queues, ...). At most
 * `maxRows` items are shown, the chosen one kept in view; give it the rows
 * the screen has left, or its last items are drawn under the footer's edge.
 */
export function Picker<T>({
  title,
  items,
  label,
  width,
  onChoose,
  onCancel,
  maxRows = 10,
}: {
  title: string;
  items: T[];
  label: (item: T) => string;
  width: number;
  onChoose: (item: T) => void;
  onCancel: () => void;
  maxRows?: number;
}) {
  const theme = useTheme();
  const [index, setIndex] = useState(0);
  const rows = Math.min(maxRows, items.length);
  const offset = scrollOffset(index, rows, items.length);
  useCommands(
    'picker',
    {
      'list.up': () => setIndex((i) => (i - 1 + items.length) % items.length),
      'list.down': () => setIndex((i) => (i + 1) % items.length),
      'list.choose': () => items[index] !== undefined && onChoose(items[index]!),
      'list.cancel': onCancel,
    },
    { priority: PRIORITY.overlay, modal: true },
  );
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold>{title}</Text>
      {items.slice(offset, offset + rows).map((item, i) => {
        const selected = offset + i === index;
        // A choice longer than the row goes on under itself, between words: cut, a status read "survey if a…" at 60 columns.
        return wrapLines([label(item)], width - 6).map((line, j) => (
          <Text key={`${offset + i}.${j}`} inverse={selected}>
            {j === 0 && selected ? '› ' : '  '}
            {line}
          </Text>
        ));
      })}
    </Box>
  );
}
