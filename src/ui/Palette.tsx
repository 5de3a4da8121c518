import { Box, Text, type Key } from 'ink';
import React, { useCallback, useState } from 'react';
import { keyHint, type CommandDef } from '../keys/registry.js';
import { isPrintable } from '../keys/key-name.js';
import { PRIORITY, useCommands } from '../keys/router.js';
import { fit } from './format.js';
import { useTheme } from './ThemeContext.js';

/** Type to find a command among those available here; Enter runs it. */
export function Palette({
  commands,
  width,
  height,
  onRun,
  onClose,
}: {
  commands: CommandDef[];
  width: number;
  height: number;
  onRun: (id: string) => void;
  onClose: () => void;
}) {
  const theme = useTheme();
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = commands.filter((c) => words.every((w) => `${c.label} ${c.help ?? ''} ${c.id}`.toLowerCase().includes(w)));
  const selected = Math.min(index, Math.max(0, matches.length - 1));
  const text = useCallback((input: string, key: Key) => {
    if (key.backspace || key.delete) {
      setQuery((q) => q.slice(0, -1));
      setIndex(0);
      return true;
    }
    if (isPrintable(input, key)) {
      setQuery((q) => q + input);
      setIndex(0);
      return true;
    }
    return false;
  }, []);
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
  const offset = Math.max(0, selected - rows + 1);
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
