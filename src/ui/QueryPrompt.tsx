import { Text } from 'ink';
import React from 'react';
import { fit } from './format.js';
import { useTheme } from './ThemeContext.js';

/** "Find: query▮" at the head of a typed search, the query cut to `room` columns; goes inside a line's <Text>. */
export function QueryPrompt({ label, query, room }: { label: string; query: string; room: number }) {
  const theme = useTheme();
  return (
    <>
      <Text bold color={theme.accent}>
        {label}:{' '}
      </Text>
      <Text inverse>{fit(query, room)} </Text>
    </>
  );
}
