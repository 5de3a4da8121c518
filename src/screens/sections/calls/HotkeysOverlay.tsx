import { Box, Text } from 'ink';
import React from 'react';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { fit, padEndColumns } from '../../../ui/format.js';
import { namedColor } from '../../../ui/theme.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import type { Outcomes } from '../../calls/calls.js';
import { useDispositionHotkey } from '../../calls/CallKeys.js';
import { whyNotOffered } from '../../calls/offered-dispositions.js';

/**
 * The manual's HK list: every disposition and its hotkey for the current
 * queue or campaign (several, when the agent works several queues and has no
 * call selected). One that cannot apply (a callback or retry of a queue,
 * which has no lead) is greyed, its key not shown as a key, with the reason
 * in place of its type. Only what fits is drawn.
 */
export function HotkeysOverlay({ groups, width, height, onClose }: { groups: Outcomes[]; width: number; height: number; onClose: () => void }) {
  const theme = useTheme();
  const { hotkey, applies } = useDispositionHotkey();
  useCommands(
    'hotkeys',
    {
      'hotkeys.close': onClose,
      // The list says a digit submits: it does here too, and the list makes way for the answer.
      'disposition.hotkey': hotkey
        ? (key) => {
            onClose();
            hotkey(key);
          }
        : undefined,
    },
    { priority: PRIORITY.overlay, modal: true, applies },
  );
  const lines: React.ReactNode[] = [];
  for (const g of groups) {
    lines.push(
      <Text key={`t${g.name}`} bold color={theme.accent} underline={!theme.color}>
        {g.name}
      </Text>,
    );
    if (g.dispositions.length === 0) lines.push(<Text key={`n${g.name}`} color={theme.muted}>  No dispositions.</Text>);
    for (const d of g.dispositions) {
      const refusal = whyNotOffered(g, d);
      const key = d.hotkey ? ` ${d.hotkey} ` : ' – ';
      lines.push(
        <Text key={`${g.name}${d.code}`} wrap="truncate">
          {'  '}
          {refusal ? <Text color={theme.muted}>{key}</Text> : <Text bold inverse>{key}</Text>}{' '}
          <Text color={refusal ? theme.muted : namedColor(theme, d.color)}>
            {padEndColumns(d.name, 20)}
          </Text>
          <Text color={theme.muted}>{fit(`${d.code.padEnd(6)} ${refusal ? refusal.reason : d.type}`, Math.max(0, width - 34))}</Text>
        </Text>,
      );
    }
  }
  const room = Math.max(1, height - 4);
  return (
    <Box flexDirection="column" width={width} height={Math.min(height, lines.length + 3 + (lines.length > room ? 1 : 0))} borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold wrap="truncate">
        HK — dispositions and hotkeys <Text color={theme.muted}>(a digit submits while a call awaits one)</Text>
      </Text>
      {lines.slice(0, room)}
      {lines.length > room ? <Text color={theme.muted}>… {lines.length - room} more lines</Text> : null}
    </Box>
  );
}
