import { Box, Text } from 'ink';
import React from 'react';
import { useTheme } from './ThemeContext.js';

/**
 * What an empty list says instead of rows, indented as the rows would be.
 * Wrapped, not cut: the sentence often says where to find what is not here
 * ("waiting ones are under Unassigned (→)"), and an empty list has the room.
 */
export function EmptyListSentence({ text }: { text: string }) {
  const theme = useTheme();
  return (
    <Box paddingLeft={2}>
      <Text color={theme.muted} wrap="wrap">
        {text}
      </Text>
    </Box>
  );
}
