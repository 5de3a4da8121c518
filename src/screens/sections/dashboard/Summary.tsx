import { Box, Text } from 'ink';
import React from 'react';
import { fit } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';

/** How many lines the summary takes: the filters move to a line of their own when they do not fit beside it. */
export function summaryLines(summary: string, described: string, width: number): number {
  return described && summary.length + 2 + `Filter: ${described}`.length > width ? 2 : 1;
}

/**
 * The line over a list: its count (bold), then what it is filtered by
 * (warning tone, so a filtered list never passes for the whole one), or a
 * muted note when nothing is filtered.
 */
export function Summary({ summary, described, note = '', width }: { summary: string; described: string; note?: string; width: number }) {
  const theme = useTheme();
  const filter = described ? `Filter: ${described}` : '';
  if (summaryLines(summary, described, width) === 2)
    return (
      <Box flexDirection="column">
        <Text bold wrap="truncate">
          {fit(summary, width)}
        </Text>
        <Text color={theme.warning} wrap="truncate">
          {fit(filter, width)}
        </Text>
      </Box>
    );
  return (
    <Text wrap="truncate">
      <Text bold>{summary}</Text>
      {filter ? <Text color={theme.warning}>{`  ${filter}`}</Text> : <Text color={theme.muted}>{note && summary.length + note.length + 3 <= width ? `   ${note}` : ''}</Text>}
    </Text>
  );
}
