import { Text } from 'ink';
import React from 'react';
import { useTheme } from './ThemeContext.js';

/**
 * A refusal or error in the danger colour. Without colour the colour says
 * nothing, so a word ("Error: ", "Refused: ") goes before it instead and bold
 * makes it stand out.
 */
export function ErrorText({
  children,
  word = 'Error',
  indent = '',
  wrap,
}: {
  children: React.ReactNode;
  word?: string;
  /** Spaces before it, where the screen indents its lines. */
  indent?: string;
  wrap?: 'wrap' | 'truncate';
}) {
  const theme = useTheme();
  return (
    <Text color={theme.danger} bold={!theme.color} wrap={wrap}>
      {indent}
      {theme.color ? '' : `${word}: `}
      {children}
    </Text>
  );
}
