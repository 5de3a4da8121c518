import { Box, Text } from 'ink';
import React, { useState } from 'react';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { wrapLines } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { CloseHint } from '../../../ui/CloseHint.js';

/**
 * The manual's "i" beside each column group, as one window: a page per group,
 * ← → between them, so each fits 80x24 however long the explanations are.
 */
export function ColumnInfo({ groups, width, onClose }: { groups: Array<{ title: string; lines: Array<[string, string]> }>; width: number; onClose: () => void }) {
  const theme = useTheme();
  const [page, setPage] = useState(0);
  const step = (n: number) => setPage((page + n + groups.length) % groups.length);
  useCommands('dialog', { 'dialog.close': onClose, 'tab.next': () => step(1), 'tab.prev': () => step(-1) }, { priority: PRIORITY.overlay, modal: true });
  const group = groups[page]!;
  const term = Math.max(...group.lines.map(([k]) => k.length)) + 2;
  const room = Math.max(10, width - 4 - term);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold>
        {group.title}
        <Text color={theme.muted} bold={false}>
          {'  '}
          {page + 1}/{groups.length} · ← → other columns
        </Text>
      </Text>
      {group.lines.map(([k, v]) =>
        wrapLines([v], room).map((line, i) => (
          <Text key={`${k}${i}`} wrap="truncate">
            <Text bold>{(i === 0 ? k : '').padEnd(term)}</Text>
            {line}
          </Text>
        )),
      )}
      <CloseHint />
    </Box>
  );
}
