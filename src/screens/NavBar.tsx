import { Box, Text } from 'ink';
import React from 'react';
import { useTheme } from '../ui/ThemeContext.js';
import { SECTIONS, type SectionId } from './sections.js';

/** The navigation bar: voice, messaging, then settings and profile. */
export function NavBar({ current, width }: { current: SectionId; width: number }) {
  const theme = useTheme();
  return (
    <Box width={width} borderStyle="single" borderTop={false} borderLeft={false} borderRight={false} borderColor={theme.muted}>
      <Text wrap="truncate">
        {SECTIONS.map((s) => {
          const on = s.id === current;
          return (
            <Text key={s.id} inverse={on} bold={on} color={on ? theme.accent : undefined}>
              {` ${s.title} `}
            </Text>
          );
        })}
      </Text>
    </Box>
  );
}
