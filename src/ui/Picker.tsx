import { Box, Text } from 'ink';
import React, { useState } from 'react';
import { PRIORITY, useCommands } from '../keys/router.js';
import { fit } from './format.js';
import { scrollOffset } from './scroll.js';
import { useTheme } from './ThemeContext.js';

/** A modal list to choose one item from (pause reasons, queues, ...). */
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
        return (
          <Text key={offset + i} inverse={selected}>
            {selected ? '› ' : '  '}
            {fit(label(item), width - 6)}
          </Text>
        );
      })}
    </Box>
  );
}
