import { Box, Text } from 'ink';
import React, { useState } from 'react';
import { PRIORITY, useCommands } from '../keys/router.js';
import { useBoundHint } from './bound-hint.js';
import { fit } from './format.js';
import { scrollOffset } from './scroll.js';
import { useTheme } from './ThemeContext.js';

/** A modal checklist: Space selects, Enter keeps the selection, Esc leaves it as it was. */
export function MultiPicker({
  title,
  items,
  initial,
  width,
  maxRows = 10,
  onDone,
  onCancel,
}: {
  title: string;
  items: Array<{ value: string; label: string }>;
  initial: string[];
  width: number;
  maxRows?: number;
  onDone: (values: string[]) => void;
  onCancel: () => void;
}) {
  const theme = useTheme();
  const [index, setIndex] = useState(0);
  const [chosen, setChosen] = useState(() => new Set(initial));
  const rows = Math.max(1, Math.min(maxRows, items.length));
  const offset = scrollOffset(index, rows, items.length);
  useCommands(
    'picker',
    {
      'list.up': () => setIndex((i) => (i - 1 + items.length) % items.length),
      'list.down': () => setIndex((i) => (i + 1) % items.length),
      'list.toggle': () => {
        const item = items[index];
        if (!item) return;
        setChosen((c) => {
          const next = new Set(c);
          if (next.has(item.value)) next.delete(item.value);
          else next.add(item.value);
          return next;
        });
      },
      // Keep the configured order, not the order of clicks.
      'list.choose': () => onDone(items.filter((i) => chosen.has(i.value)).map((i) => i.value)),
      'list.cancel': onCancel,
    },
    { priority: PRIORITY.overlay, modal: true },
  );
  const keysHint = useBoundHint([
    { ids: ['list.toggle'], label: 'select' },
    { ids: ['list.choose'], label: 'done' },
  ]);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold>
        {title} <Text color={theme.muted}>({[`${chosen.size} selected`, keysHint].filter(Boolean).join(' · ')})</Text>
      </Text>
      {items.slice(offset, offset + rows).map((item, i) => {
        const on = offset + i === index;
        return (
          <Text key={item.value} inverse={on} wrap="truncate">
            {on ? '› ' : '  '}
            {chosen.has(item.value) ? '[x] ' : '[ ] '}
            {fit(item.label, width - 10)}
          </Text>
        );
      })}
    </Box>
  );
}
