import { Box, Text } from 'ink';
import React, { useState } from 'react';
import { command, keyHint } from '../../../keys/registry.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useBoundHint } from '../../../ui/bound-hint.js';
import { wrapLines } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { CloseHint } from '../../../ui/CloseHint.js';
import type { ColumnInfoGroup } from '../../dashboard/column-info.js';

/**
 * An explanation as drawn: a key it names is the command's own key (the
 * agent's, if they moved it), read from the registry, since that command is
 * not bound under this window.
 */
function explained(line: ColumnInfoGroup['lines'][number]): [string, string] {
  if (!('term' in line)) return [line[0], line[1]];
  return [line.term, line.key ? line.text.replace('{key}', keyHint(command(line.key))) : line.text];
}

/**
 * The manual's "i" beside each column group, as one window: a page per group,
 * ← → between them, so each fits 80x24 however long the explanations are.
 */
export function ColumnInfo({ groups, width, onClose }: { groups: readonly ColumnInfoGroup[]; width: number; onClose: () => void }) {
  const theme = useTheme();
  const [page, setPage] = useState(0);
  const step = (n: number) => setPage((page + n + groups.length) % groups.length);
  useCommands('dialog', { 'dialog.close': onClose, 'tab.next': () => step(1), 'tab.prev': () => step(-1) }, { priority: PRIORITY.overlay, modal: true });
  const pagesHint = useBoundHint([{ ids: ['tab.prev', 'tab.next'], label: 'other columns' }]);
  const group = groups[page]!;
  const lines = group.lines.map(explained);
  const term = Math.max(...lines.map(([k]) => k.length)) + 2;
  const room = Math.max(10, width - 4 - term);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold>
        {group.title}
        <Text color={theme.muted} bold={false}>
          {'  '}
          {page + 1}/{groups.length}
          {pagesHint ? ` · ${pagesHint}` : ''}
        </Text>
      </Text>
      {lines.map(([k, v]) =>
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
