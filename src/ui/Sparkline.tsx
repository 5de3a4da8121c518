import { Box, Text } from 'ink';
import React from 'react';
import { useTheme } from './ThemeContext.js';

const LEVELS = '▁▂▃▄▅▆▇█';

/**
 * The glyphs of a sparkline `rows` lines tall, top line first: each value a
 * column whose height (in eighths of a line) is relative to the largest.
 * Zero is a dot on the base line, so it differs from "a few" without colour.
 */
export function sparkRows(values: number[], rows = 1): string[][] {
  const max = Math.max(0, ...values);
  const heights = values.map((v) => (v <= 0 || max === 0 ? 0 : Math.max(1, Math.round((v / max) * rows * 8))));
  return Array.from({ length: rows }, (_, j) => {
    const base = (rows - 1 - j) * 8;
    return heights.map((h) => {
      if (h === 0) return j === rows - 1 ? '·' : ' ';
      const fill = Math.min(8, h - base);
      return fill <= 0 ? ' ' : LEVELS[fill - 1]!;
    });
  });
}

/**
 * A sparkline (e.g. conversations per hour of the day), each value drawn
 * `cellWidth` columns wide and `rows` lines tall; the `current` one (this
 * hour) is emphasised. `prefix` and `suffix` sit beside the base line.
 */
export function Sparkline({
  values,
  cellWidth = 1,
  rows = 1,
  current,
  prefix = '',
  suffix = '',
}: {
  values: number[];
  cellWidth?: number;
  rows?: number;
  current?: number;
  prefix?: string;
  suffix?: string;
}) {
  const theme = useTheme();
  const lines = sparkRows(values, rows);
  return (
    <Box flexDirection="column">
      {lines.map((cells, j) => (
        <Text key={j} wrap="truncate">
          <Text color={theme.muted}>{j === rows - 1 ? prefix : ' '.repeat(prefix.length)}</Text>
          {cells.map((c, i) => (
            <Text key={i} color={i === current ? theme.warning : c === '·' ? theme.muted : theme.accent} bold={i === current} underline={i === current && !theme.color && j === rows - 1}>
              {c.repeat(cellWidth)}
            </Text>
          ))}
          <Text color={theme.muted}>{j === rows - 1 ? suffix : ''}</Text>
        </Text>
      ))}
    </Box>
  );
}

/** Hour marks under a 24-value sparkline: 0, 6, 12, 18 at their columns. */
export function hourAxis(cellWidth: number): string {
  const width = 24 * cellWidth;
  const out = Array.from({ length: width }, () => ' ');
  for (const h of [0, 6, 12, 18]) {
    const label = String(h);
    for (let k = 0; k < label.length && h * cellWidth + k < width; k++) out[h * cellWidth + k] = label[k]!;
  }
  return out.join('');
}
