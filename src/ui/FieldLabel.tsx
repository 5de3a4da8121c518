import { Text } from 'ink';
import React from 'react';
import { padEndColumns } from './format.js';
import { useTheme } from './ThemeContext.js';

/** A form field's label, padded to the form's label column (in terminal columns: labels set in the configuration may be Japanese); the focused field's is marked and in the accent colour. */
export function FieldLabel({ label, width, focused }: { label: string; width: number; focused: boolean }) {
  const theme = useTheme();
  return (
    <Text bold={focused} color={focused ? theme.accent : undefined}>
      {focused ? '› ' : '  '}
      {padEndColumns(label, width)}
    </Text>
  );
}
