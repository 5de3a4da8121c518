import { Box, Text } from 'ink';
import React from 'react';
import type { Call } from '../../../core/protocol/model.js';
import { markerKeys, useBoundKeys } from '../../../ui/bound-hint.js';
import { formatDuration, pad } from '../../../ui/format.js';
import { scrollOffset } from '../../../ui/scroll.js';
import type { Theme } from '../../../ui/theme.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { arrow, callerLabel, listTimerMs, owed, ringingForMe, statusWord } from '../../calls/calls.js';

/**
 * One line per call: direction, who, status, timer, and what an ended call
 * still owes. Only `rows` lines are drawn, and then a marker with the agent's
 * keys of call.prev and call.next that move from the selected call.
 */
export function CallList({ calls, selectedId, me, now, width, rows }: { calls: Call[]; selectedId: string | null; me: string; now: number; width: number; rows: number }) {
  const theme = useTheme();
  const keyOf = useBoundKeys();
  const keys = markerKeys([keyOf('call.prev'), keyOf('call.next')]);
  const index = Math.max(0, calls.findIndex((c) => c.id === selectedId));
  const offset = scrollOffset(index, rows, calls.length);
  const nameWidth = Math.max(10, width - 44);
  return (
    <Box flexDirection="column" width={width}>
      {calls.slice(offset, offset + rows).map((c) => {
        const on = c.id === selectedId;
        const status = statusWord(c, me);
        // While the call is live its dispositions are on screen anyway; once it ended, say what it waits for.
        const owes = c.state === 'ended' ? owed(c) : [];
        return (
          <Text key={c.id} wrap="truncate" inverse={on && calls.length > 1} bold={on}>
            {on ? '›' : ' '} {arrow(c)} {pad(callerLabel(c), nameWidth)}{' '}
            <Text color={statusColor(theme, c, me)} bold={!theme.color && ringingForMe(c, me)}>
              {status.padEnd(8)}
            </Text>
            {formatDuration(listTimerMs(c, me, now)).padStart(7)}
            <Text color={theme.warning}>{owes.length > 0 ? `  owes ${owes.join(', ')}` : ''}</Text>
          </Text>
        );
      })}
      {calls.length > rows ? (
        <Text color={theme.muted}>
          {'  '}
          {offset + 1}-{Math.min(calls.length, offset + rows)} of {calls.length} calls
          {keys ? ` (${keys})` : ''}
        </Text>
      ) : null}
    </Box>
  );
}

function statusColor(theme: Theme, call: Call, me: string): string | undefined {
  if (ringingForMe(call, me)) return theme.warning;
  if (call.state === 'on-call') return theme.success;
  if (call.state === 'on-hold') return theme.warning;
  if (call.state === 'ended') return theme.muted;
  return undefined;
}
