import { Box, Text } from 'ink';
import React from 'react';
import { useTheme } from '../../ui/ThemeContext.js';

/** A section whose features have not arrived yet says what will appear in it. */
export function Placeholder({ title, lines }: { title: string; lines: string[] }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>{title}</Text>
      <Text> </Text>
      {lines.map((l, i) => (
        <Text key={i} color={theme.muted} wrap="wrap">
          {l}
        </Text>
      ))}
    </Box>
  );
}

export const PLACEHOLDERS: Record<string, string[]> = {
};
