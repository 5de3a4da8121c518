import { Box, Text } from 'ink';
import React from 'react';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { pad } from '../../../ui/format.js';
import { QueryPrompt } from '../../../ui/QueryPrompt.js';
import { scrollOffset } from '../../../ui/scroll.js';
import { namedColor } from '../../../ui/theme.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useTypedSearch } from '../../../ui/use-typed-search.js';
import type { Disposition } from '../../dialer/leads.js';
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
  const { query, matches, selected, setIndex, text } = useTypedSearch((q) => dispositions.filter((d) => matchDisposition(d, q)));
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
  const offset = scrollOffset(selected, rows, matches.length);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold wrap="truncate">
        {title}
      </Text>
      <Text wrap="truncate">
        <QueryPrompt label="Find" query={query} room={20} />
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
              <Text color={on ? undefined : namedColor(theme, d.color)}>{pad(d.name, 22)}</Text>
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
