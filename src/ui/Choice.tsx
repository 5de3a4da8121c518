import { Box, Text } from 'ink';
import React from 'react';
import { useTheme } from './ThemeContext.js';

export interface ChoiceOption<T extends string> {
  value: T;
  label: string;
  disabled?: boolean;
}

/** A row of mutually exclusive options, like radio buttons: ← → to change when focused. */
export function Choice<T extends string>({
  label,
  labelWidth,
  options,
  value,
  focused,
  note,
}: {
  label: string;
  labelWidth: number;
  options: ChoiceOption<T>[];
  value: T;
  focused: boolean;
  note?: string;
}) {
  const theme = useTheme();
  return (
    <Box>
      <Text bold={focused} color={focused ? theme.accent : undefined}>
        {focused ? '› ' : '  '}
        {label.padEnd(labelWidth)}
      </Text>
      {options.map((o) => {
        const on = o.value === value;
        return (
          <Text key={o.value} dimColor={o.disabled} inverse={focused && on} bold={on}>
            {on ? '(•) ' : '( ) '}
            {o.label}
            {'  '}
          </Text>
        );
      })}
      {note ? <Text color={theme.muted}>{note}</Text> : null}
    </Box>
  );
}

/** The next enabled option in a direction, wrapping around. */
export function stepChoice<T extends string>(options: ChoiceOption<T>[], value: T, step: 1 | -1): T {
  const enabled = options.filter((o) => !o.disabled);
  if (enabled.length === 0) return value;
  const i = enabled.findIndex((o) => o.value === value);
  return enabled[(i + step + enabled.length) % enabled.length]!.value;
}
