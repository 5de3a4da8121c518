import { Box, Text } from 'ink';
import React, { useState } from 'react';
import { useBoundHint } from '../../ui/bound-hint.js';
import { useTheme } from '../../ui/ThemeContext.js';
import { useListKeys } from './dashboard/list-keys.js';

/**
 * A page of `lines` lines in `height` rows (My Performance, Settings >
 * General on a short terminal). While it fits it is drawn as it is. Taller,
 * it is drawn whole inside a clipped box and moved up by the lines scrolled
 * past, so each line keeps its height instead of being squeezed over its
 * neighbours; the list's keys (↑ ↓ PgUp PgDn Home End, bound only where they
 * move) scroll it, and its last row says which lines are in view and the
 * keys that reach them, read from the commands bound.
 */
export function ScrolledPage({ lines, width, height, active = true, children }: { lines: number; width: number; height: number; active?: boolean; children: React.ReactNode }) {
  const theme = useTheme();
  const [top, setTop] = useState(0);
  const fits = lines <= height;
  const view = fits ? lines : Math.max(1, height - 1);
  const maxTop = Math.max(0, lines - view);
  // A page that shrank (a wider terminal, fewer rows) keeps its last line at the bottom, not blank rows under it.
  const at = Math.min(top, maxTop);
  useListKeys(maxTop + 1, at, setTop, view, active && !fits);
  const keys = useBoundHint([
    { ids: ['list.up', 'list.down'], label: 'scroll', any: true },
    { ids: ['list.pageUp', 'list.pageDown'], label: 'page', any: true },
  ]);
  if (fits) return <Box flexDirection="column" width={width} height={height}>{children}</Box>;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box flexDirection="column" width={width} height={view} overflow="hidden" flexShrink={0}>
        <Box flexDirection="column" width={width} marginTop={-at} flexShrink={0}>
          {children}
        </Box>
      </Box>
      <Text color={theme.muted} wrap="truncate">
        {` lines ${at + 1}-${at + view} of ${lines}`}
        {keys ? ` · ${keys}` : ''}
      </Text>
    </Box>
  );
}
