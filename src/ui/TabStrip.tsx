import { Box, Text } from 'ink';
import React from 'react';
import { textWidth } from './format.js';
import { useTheme } from './ThemeContext.js';

export interface TabDef<T extends string> {
  id: T;
  title: string;
  /** The title used when the whole strip does not fit the width ("Canned" for "Canned responses"). */
  short?: string;
  /** A count or mark after the title ("3"). */
  badge?: string;
}

/**
 * A row of tabs, the current one emphasised (inverse without colour), with a
 * hint on the right; short titles where the full ones do not fit, and where
 * even those do not, the tabs around the current one with ‹ and › saying
 * that more lie to either side (← → reach them).
 */
export function TabStrip<T extends string>({ tabs, current, width, hint }: { tabs: TabDef<T>[]; current: T; width: number; hint?: string }) {
  const theme = useTheme();
  // In terminal columns: a title in Japanese takes two a character, and sized by its length the strip ran off the edge.
  const size = (t: TabDef<T>, title: (t: TabDef<T>) => string) => textWidth(title(t)) + (t.badge ? textWidth(t.badge) + 1 : 0) + 3;
  const length = (title: (t: TabDef<T>) => string) => tabs.reduce((n, t) => n + size(t, title), 0);
  const short = length((t) => t.title) > width;
  const title = (t: TabDef<T>) => (short ? (t.short ?? t.title) : t.title);
  const [from, to] = windowAround(tabs.map((t) => size(t, title)), Math.max(0, tabs.findIndex((t) => t.id === current)), width);
  const shown = tabs.slice(from, to);
  const more = { before: from > 0, after: to < tabs.length };
  const used = shown.reduce((n, t) => n + size(t, title), 0) + (more.before ? 1 : 0) + (more.after ? 1 : 0);
  const room = Math.max(0, width - used - 1);
  return (
    <Box width={width}>
      <Text wrap="truncate">
        {more.before ? <Text color={theme.muted}>‹</Text> : null}
        {shown.map((t, i) => {
          const on = t.id === current;
          return (
            <Text key={t.id}>
              {i > 0 ? <Text color={theme.muted}>│</Text> : null}
              <Text inverse={on} bold={on} color={on ? theme.accent : undefined}>
                {` ${title(t)}`}
                {t.badge ? <Text color={on ? undefined : theme.warning}>{` ${t.badge}`}</Text> : null}
                {' '}
              </Text>
            </Text>
          );
        })}
        {more.after ? <Text color={theme.muted}>›</Text> : null}
        {/* Whole or not at all: "← → pa…" said nothing (the footer names the keys anyway). */}
        {hint && textWidth(hint) <= room ? <Text color={theme.muted}>{' '.repeat(room - textWidth(hint)) + hint}</Text> : null}
      </Text>
    </Box>
  );
}

/** The widest run of tabs [from, to) that holds the current one and fits the width, two columns kept for ‹ and ›. */
function windowAround(sizes: number[], current: number, width: number): [number, number] {
  if (sizes.reduce((a, b) => a + b, 0) <= width) return [0, sizes.length];
  let from = current;
  let to = current + 1;
  let used = sizes[current] ?? 0;
  const budget = width - 2;
  // Grow to the right first (the tabs to come), then to the left.
  for (;;) {
    if (to < sizes.length && used + sizes[to]! <= budget) used += sizes[to++]!;
    else if (from > 0 && used + sizes[from - 1]! <= budget) used += sizes[--from]!;
    else break;
  }
  return [from, to];
}
