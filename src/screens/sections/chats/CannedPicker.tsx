import { Box, Text } from 'ink';
import React from 'react';
import type { CannedResponse } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { fit, wrapLines } from '../../../ui/format.js';
import { QueryPrompt } from '../../../ui/QueryPrompt.js';
import { scrollOffset } from '../../../ui/scroll.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useTypedSearch } from '../../../ui/use-typed-search.js';
import { cannedMatches } from '../../chats/canned.js';

/**
 * Choose a canned response for the composer: only those for this
 * conversation's channel, searched by title and text as you type; the
 * highlighted one is shown whole below the list. Enter puts its text in the
 * composer, its placeholders filled where this conversation has a value.
 */
export function CannedPicker({
  responses,
  channel,
  width,
  height,
  onInsert,
  onCancel,
}: {
  responses: CannedResponse[];
  channel: string;
  width: number;
  height: number;
  onInsert: (text: string) => void;
  onCancel: () => void;
}) {
  const theme = useTheme();
  const forChannel = responses.filter((r) => r.channels.includes(channel));
  const { query, matches, selected, setIndex, text } = useTypedSearch((q) => cannedMatches(forChannel, q), { ctrlUClears: true });
  const current = matches[selected];
  useCommands(
    'canned',
    {
      'canned.insert': current ? () => onInsert(current.text) : undefined,
      'list.cancel': onCancel,
      'list.up': matches.length > 1 ? () => setIndex((i) => (Math.min(i, matches.length - 1) - 1 + matches.length) % matches.length) : undefined,
      'list.down': matches.length > 1 ? () => setIndex((i) => (Math.min(i, matches.length - 1) + 1) % matches.length) : undefined,
    },
    { priority: PRIORITY.overlay, modal: true, text },
  );
  const inner = width - 4;
  const preview = current ? wrapLines(current.text.split('\n'), inner).slice(0, 3) : [];
  const rows = Math.max(1, Math.min(8, height - 6 - preview.length));
  const offset = scrollOffset(selected, rows, matches.length);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold wrap="truncate">
        Canned responses <Text color={theme.muted}>for {channel} · {matches.length} of {forChannel.length}</Text>
      </Text>
      <Text wrap="truncate">
        <QueryPrompt label="Search" query={query} room={inner - 10} />
      </Text>
      {matches.length === 0 ? (
        <Text color={theme.muted} wrap="truncate">
          {forChannel.length === 0 ? `No canned response is made for ${channel}.` : `Nothing matches "${query}".`}
        </Text>
      ) : (
        matches.slice(offset, offset + rows).map((r, i) => {
          const on = offset + i === selected;
          return (
            <Text key={r.id} inverse={on} wrap="truncate">
              {on ? '› ' : '  '}
              <Text bold>{fit(r.title, 24).padEnd(24)}</Text> <Text color={on ? undefined : theme.muted}>{fit(r.text.replace(/\s+/g, ' '), inner - 29)}</Text>
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
        Type to search · ↑↓ choose · Enter insert · Esc cancel
      </Text>
    </Box>
  );
}
