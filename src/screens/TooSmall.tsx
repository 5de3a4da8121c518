import { Box, Text } from 'ink';
import React from 'react';
import { command, keyHint } from '../keys/registry.js';
import { fit, formatDuration, textWidth, wrapLines } from '../ui/format.js';
import { useNow } from '../ui/hooks.js';
import { MIN_COLUMNS, MIN_ROWS } from '../ui/min-size.js';
import { useTheme } from '../ui/ThemeContext.js';
import { useApp } from './app-context.js';
import { ringingForMe, ringingFrom } from './calls/calls.js';
import { useStore } from './hooks.js';

/**
 * What a terminal below the panel's minimum shows instead of a broken screen
 * (as tmux or htop do): its size, the size needed and how to quit, centred.
 * The panel itself stays mounted, hidden (App), so it comes back as it was.
 * What must not be missed while squeezed is named on a line of its own each:
 * a call ringing for the agent (as long as it rings), and the latest notice
 * (a chat assigned, a colleague's message), which the bell and OSC 9 announce
 * as usual.
 */
export function TooSmall({ columns, rows, height, notice, quitArmed }: { columns: number; rows: number; height: number; notice: string | null; quitArmed: boolean }) {
  const theme = useTheme();
  const quitKey = keyHint(command('app.quit'));
  const sentence = `This terminal is ${columns}x${rows}; the panel needs at least ${MIN_COLUMNS}x${MIN_ROWS}. Make it larger to go on, or press ${quitKey} twice to quit.`;
  const ringing = useRingingLine();
  // The sentence first: on a terminal only a few lines tall, what follows it gives way.
  const lines: Array<{ text: string; color?: string; bold?: boolean }> = [
    ...wrapLines([sentence], Math.max(1, columns)).map((text) => ({ text })),
    ...(quitArmed ? [{ text: `Press ${quitKey} again to quit`, color: theme.warning }] : []),
    ...(ringing ? [{ text: ringing, color: theme.danger, bold: true }] : []),
    ...(notice ? [{ text: notice, color: theme.info }] : []),
  ];
  return (
    <Box flexDirection="column" width={columns} height={height} justifyContent="center" overflow="hidden">
      {lines.slice(0, height).map((line, i) => {
        const text = fit(line.text, columns);
        const indent = Math.floor((columns - textWidth(text)) / 2);
        return (
          <Text key={i} color={line.color} bold={line.bold} wrap="truncate">
            {' '.repeat(Math.max(0, indent))}
            {text}
          </Text>
        );
      })}
    </Box>
  );
}

/** "☎ RINGING 0:04  Grace Ivanova +442037490549 → Sales": the first call ringing for the agent, or null. */
function useRingingLine(): string | null {
  const { client } = useApp();
  const store = useStore(client);
  const me = client.agent;
  const call = me ? store.list('call').find((c) => ringingForMe(c, me)) : undefined;
  const now = store.serverNow(useNow(1000, undefined, call !== undefined));
  if (!call || !me) return null;
  const { who, queue } = ringingFrom(call, store.catalog);
  return `☎ RINGING ${formatDuration(now - (call.offers.find((o) => o.agent === me)?.at ?? call.arrivedAt))}  ${who} → ${queue}`;
}
