import { Box, Text } from 'ink';
import React from 'react';
import { keyHint, type KeyCommand, type KeyCommandId } from '../keys/registry.js';
import { unavailableReason } from '../keys/unavailable.js';
import { PRIORITY, useCommands } from '../keys/router.js';
import { pad } from './format.js';
import { scrollOffset } from './scroll.js';
import { useTheme } from './ThemeContext.js';
import { useTypedSearch } from './use-typed-search.js';

/**
 * Type to find a command among those available here; Enter runs it. Commands
 * this screen has but cannot do now follow, greyed with the reason (Enter
 * on one does nothing: the reason is the answer).
 */
export function Palette({
  commands,
  greyed = [],
  width,
  height,
  onRun,
  onClose,
}: {
  commands: KeyCommand[];
  greyed?: KeyCommand[];
  width: number;
  height: number;
  onRun: (id: KeyCommandId) => void;
  onClose: () => void;
}) {
  const theme = useTheme();
  const { query, matches, selected, setIndex, text } = useTypedSearch((q) => {
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    const hit = (c: KeyCommand) => words.every((w) => `${c.label} ${c.help ?? ''} ${c.id}`.toLowerCase().includes(w));
    return [...commands.filter(hit), ...greyed.filter(hit)];
  });
  const off = new Set(greyed.map((c) => c.id));
  useCommands(
    'palette',
    {
      'palette.run': () => matches[selected] && !off.has(matches[selected]!.id) && onRun(matches[selected]!.id),
      'palette.close': onClose,
      'list.up': () => setIndex(Math.max(0, selected - 1)),
      'list.down': () => setIndex(Math.min(matches.length - 1, selected + 1)),
    },
    { priority: PRIORITY.overlay, modal: true, text },
  );
  const rows = Math.max(1, height - 4);
  const labelWidth = Math.max(10, width - 20);
  const runnable = matches.filter((c) => !off.has(c.id)).length;
  const offset = scrollOffset(selected, rows, matches.length);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text>
        <Text bold>: </Text>
        <Text inverse>{query} </Text>
        <Text color={theme.muted}>
          {'  '}
          {runnable} command{runnable === 1 ? '' : 's'}
          {off.size ? ' · greyed: not now, and why' : ''}
        </Text>
      </Text>
      {matches.slice(offset, offset + rows).map((c, i) => {
        const reason = off.has(c.id) ? unavailableReason(c.id) : null;
        const name = reason ? `${c.label} — ${reason}` : c.label;
        return (
          <Text key={c.id} inverse={offset + i === selected} dimColor={Boolean(reason)} color={reason ? theme.muted : undefined} wrap="truncate">
            {pad(name, labelWidth)} <Text color={theme.muted}>{keyHint(c)}</Text>
          </Text>
        );
      })}
      {matches.length === 0 ? <Text color={theme.muted}>No command matches "{query}".</Text> : null}
    </Box>
  );
}
