import { Box, Text } from 'ink';
import React from 'react';
import { fit, pad } from './format.js';
import { useTheme } from './ThemeContext.js';

export interface Bar {
  label: string;
  value: number;
  /** The row's own limit (a channel's capacity): drawn as a light track behind the bar. */
  limit?: number;
  /** Figures after the bar ("2/3", "7 · 5 closed"). */
  note?: string;
}

/**
 * Labelled horizontal bars on one scale (the largest value or limit), so rows
 * compare at a glance. A value over its limit turns the bar to the danger
 * tone; without colour the track (░) still shows where the limit is.
 */
export function BarChart({ bars, width, labelWidth, noteWidth, empty = 'Nothing yet.' }: { bars: Bar[]; width: number; labelWidth: number; noteWidth: number; empty?: string }) {
  const theme = useTheme();
  if (bars.length === 0) return <Text color={theme.muted}>{fit(empty, width)}</Text>;
  const barWidth = Math.max(3, width - labelWidth - noteWidth - 2);
  const scale = Math.max(1, ...bars.map((b) => Math.max(b.value, b.limit ?? 0)));
  const cells = (n: number) => (n > 0 ? Math.max(1, Math.round((n / scale) * barWidth)) : 0);
  return (
    <Box flexDirection="column">
      {bars.map((b) => {
        const filled = cells(b.value);
        const track = b.limit !== undefined ? Math.max(0, cells(b.limit) - filled) : 0;
        const over = b.limit !== undefined && b.value > b.limit;
        return (
          <Text key={b.label} wrap="truncate">
            {pad(b.label, labelWidth)}{' '}
            <Text color={over ? theme.danger : theme.accent}>{'█'.repeat(filled)}</Text>
            <Text color={theme.muted}>{'░'.repeat(track)}</Text>
            {' '.repeat(Math.max(0, barWidth - filled - track))}{' '}
            {fit(b.note ?? String(b.value), noteWidth)}
          </Text>
        );
      })}
    </Box>
  );
}
