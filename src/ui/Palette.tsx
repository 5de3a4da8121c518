import { Box, Text } from 'ink';
import React from 'react';
import { keyHint, type KeyCommand, type KeyCommandId } from '../keys/registry.js';
import { PRIORITY, useCommands } from '../keys/router.js';
import { fit } from './format.js';
import { scrollOffset } from './scroll.js';
import { useTheme } from './ThemeContext.js';
import { useTypedSearch } from './use-typed-search.js';

/** Type to find a command among those available here; Enter runs it. */
export function Palette({
  commands,
  width,
  height,
  onRun,
  onClose,
}: {
  commands: KeyCommand[];
  width: number;
  height: number;
  onRun: (id: KeyCommandId) => void;
  onClose: () => void;
}) {
  const theme = useTheme();
  const { query, matches, selected, setIndex, text } = useTypedSearch((q) => {
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    return commands.filter((c) => words.every((w) => `${c.label} ${c.help ?? ''} ${c.id}`.toLowerCase().includes(w)));
  });
  useCommands(
    'palette',
    {
      'palette.run': () => matches[selected] && onRun(matches[selected]!.id),
      'palette.close': onClose,
      'list.up': () => setIndex(Math.max(0, selected - 1)),
      'list.down': () => setIndex(Math.min(matches.length - 1, selected + 1)),
    },
    { priority: PRIORITY.overlay, modal: true, text },
  );
  const rows = Math.max(1, height - 4);
  const offset = scrollOffset(selected, rows, matches.length);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text>
        <Text bold>: </Text>
        <Text inverse>{query} </Text>
        <Text color={theme.muted}>  {matches.length} command{matches.length === 1 ? '' : 's'}</Text>
      </Text>
      {matches.slice(offset, offset + rows).map((c, i) => (
        <Text key={c.id} inverse={offset + i === selected} wrap="truncate">
          {fit(c.label, Math.max(10, width - 20)).padEnd(Math.max(10, width - 20))} <Text color={theme.muted}>{keyHint(c)}</Text>
        </Text>
      ))}
      {matches.length === 0 ? <Text color={theme.muted}>No command matches "{query}".</Text> : null}
    </Box>
  );
}
