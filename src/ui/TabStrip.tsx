import { Box, Text } from 'ink';
import React from 'react';
import { fit } from './format.js';
import { useTheme } from './ThemeContext.js';

export interface TabDef<T extends string> {
  id: T;
  title: string;
  /** The title used when the whole strip does not fit the width ("Canned" for "Canned responses"). */
  short?: string;
  /** A count or mark after the title ("3"). */
  badge?: string;
}

/** A row of tabs, the current one emphasised (inverse without colour), with a hint on the right; short titles where the full ones do not fit. */
export function TabStrip<T extends string>({ tabs, current, width, hint }: { tabs: TabDef<T>[]; current: T; width: number; hint?: string }) {
  const theme = useTheme();
  const length = (title: (t: TabDef<T>) => string) => tabs.reduce((n, t) => n + title(t).length + (t.badge ? t.badge.length + 1 : 0) + 3, 0);
  const short = length((t) => t.title) > width;
  const title = (t: TabDef<T>) => (short ? (t.short ?? t.title) : t.title);
  const used = length(title);
  const room = Math.max(0, width - used - 1);
  return (
    <Box width={width}>
      <Text wrap="truncate">
        {tabs.map((t, i) => {
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
        {hint && room > 4 ? <Text color={theme.muted}>{fit(hint, room).padStart(room)}</Text> : null}
      </Text>
    </Box>
  );
}
