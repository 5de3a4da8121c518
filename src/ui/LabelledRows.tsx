import { Text } from 'ink';
import React from 'react';
import { fit } from './format.js';
import { useTheme } from './ThemeContext.js';

/** "Label       value" lines, the labels muted in a column `labelWidth` wide and each value cut to `valueWidth`. */
export function LabelledRows({ rows, labelWidth, valueWidth }: { rows: Array<[string, string]>; labelWidth: number; valueWidth: number }) {
  const theme = useTheme();
  return (
    <>
      {rows.map(([label, value]) => (
        <Text key={label} wrap="truncate">
          <Text color={theme.muted}>{label.padEnd(labelWidth)}</Text>
          {fit(value, valueWidth)}
        </Text>
      ))}
    </>
  );
}
