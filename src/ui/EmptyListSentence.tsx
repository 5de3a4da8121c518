import { Box, Text } from 'ink';
import React from 'react';
import { wrapLines } from './format.js';
import { useTheme } from './ThemeContext.js';

/** The indent of the sentence: where a row's text starts, after the selection marker. */
const INDENT = 2;

/**
 * What an empty list says instead of rows, indented as the rows would be.
 * Wrapped, not cut: the sentence often says where to find what is not here
 * ("waiting ones are under Unassigned (→)"), and an empty list has the room.
 * Wrapped here between words (wrapLines) rather than by Ink, whose wrap kept
 * the space it broke at as the first character of the next line when a word
 * ended at the edge, so that line started a column further in.
 */
export function EmptyListSentence({ text, width }: { text: string; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" paddingLeft={INDENT}>
      {wrapLines([text], Math.max(1, width - INDENT)).map((line, i) => (
        <Text key={i} color={theme.muted} wrap="truncate">
          {line}
        </Text>
      ))}
    </Box>
  );
}
