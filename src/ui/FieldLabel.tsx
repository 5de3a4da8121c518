import { Text } from 'ink';
import React from 'react';
import { useTheme } from './ThemeContext.js';

/** A form field's label, padded to the form's label column; the focused field's is marked and in the accent colour. */
export function FieldLabel({ label, width, focused }: { label: string; width: number; focused: boolean }) {
  const theme = useTheme();
  return (
    <Text bold={focused} color={focused ? theme.accent : undefined}>
      {focused ? '› ' : '  '}
      {label.padEnd(width)}
    </Text>
  );
}
