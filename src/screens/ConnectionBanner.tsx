import { Box, Text } from 'ink';
import React from 'react';
import { fit, wrapLines } from '../ui/format.js';
import { useTheme } from '../ui/ThemeContext.js';

/** A refusal's sentence is read whole: up to this many rows, the last cut with "…" only past them. */
const MAX_ROWS = 3;

/**
 * The banner's lines while the panel is not connected: the link lost, or
 * the server refusing to take the session back (its sentence, so the agent
 * knows why and what to do: close a window, wait for the centre), with the
 * actions kept meanwhile. None while online.
 */
export function connectionBannerLines(state: { offline: boolean; resumeRefused: string | null; queued: number }, width: number): string[] {
  if (!state.offline) return [];
  const kept = state.queued > 0 ? ` ${state.queued} action${state.queued === 1 ? '' : 's'} will be sent when it is back.` : '';
  if (!state.resumeRefused) return [fit(` Connection lost — reconnecting…${kept}`, width)];
  const refusal = /[.?!]$/.test(state.resumeRefused) ? state.resumeRefused : `${state.resumeRefused}.`;
  const lines = wrapLines([`Not logged back in: ${refusal} Trying again by itself…${kept}`], width - 1).map((line) => ` ${line}`);
  if (lines.length <= MAX_ROWS) return lines;
  return [...lines.slice(0, MAX_ROWS - 1), fit(`${lines[MAX_ROWS - 1]}…`, width)];
}

export function ConnectionBanner({ lines, width }: { lines: string[]; width: number }) {
  const theme = useTheme();
  if (lines.length === 0) return null;
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((line, i) => (
        <Text key={i} color={theme.danger} bold wrap="truncate">
          {line}
        </Text>
      ))}
    </Box>
  );
}
