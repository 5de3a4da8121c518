import { Box, Text, type Key } from 'ink';
import React, { useCallback, useState } from 'react';
import { isPrintable } from '../../../keys/key-name.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { fit } from '../../../ui/format.js';
import { namedColor } from '../../../ui/theme.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import type { Disposition } from '../../outbound/leads.js';
import { matchDisposition } from './Dispositions.js';

/**
 * The manual's "Change disposition" dialog: every disposition of the
 * campaign in a list that typing filters (by code, name or hotkey); ↑↓
 * choose, Enter takes it, Esc closes. Digits typed here are search text, not
 * hotkeys. Only the rows that fit are drawn.
 */
export function DispositionPicker({
  title,
  dispositions,
  current,
  width,
  height,
  onChoose,
  onCancel,
}: {
  title: string;
  dispositions: Disposition[];
  /** The lead's disposition now, marked in the list. */
  current: string | null;
  width: number;
  height: number;
  onChoose: (d: Disposition) => void;
  onCancel: () => void;
}) {
  const theme = useTheme();
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const matches = dispositions.filter((d) => matchDisposition(d, query));
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
    'picker',
    {
      'list.up': selected > 0 ? () => setIndex(selected - 1) : undefined,
      'list.down': selected < matches.length - 1 ? () => setIndex(selected + 1) : undefined,
      'list.choose': matches[selected] ? () => onChoose(matches[selected]!) : undefined,
      'list.cancel': onCancel,
    },
    { priority: PRIORITY.overlay, modal: true, text },
  );
  const rows = Math.max(1, Math.min(matches.length, height - 4));
  const offset = Math.max(0, Math.min(selected - rows + 1, matches.length - rows));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold wrap="truncate">
        {title}
      </Text>
      <Text wrap="truncate">
        <Text bold color={theme.accent}>
          Find:{' '}
        </Text>
        <Text inverse>{fit(query, 20)} </Text>
        <Text color={theme.muted}>
          {'  '}code, name or hotkey · {matches.length} of {dispositions.length}
        </Text>
      </Text>
      {matches.length === 0 ? (
        <Text color={theme.muted} wrap="truncate">
          No disposition has a code, name or hotkey with "{query}".
        </Text>
      ) : (
        matches.slice(offset, offset + rows).map((d, i) => {
          const on = offset + i === selected;
          return (
            <Text key={d.code} inverse={on} bold={on} wrap="truncate">
              {on ? '› ' : '  '}
              <Text bold>{(d.hotkey ?? '·').padEnd(2)}</Text>
              <Text color={on ? undefined : namedColor(theme, d.color)}>{fit(d.name, 22).padEnd(22)}</Text>
              <Text color={on ? undefined : theme.muted}>
                {' '}
                {d.code.padEnd(7)} {d.type}
                {current === d.code ? '  (now)' : ''}
              </Text>
            </Text>
          );
        })
      )}
    </Box>
  );
}
