import { Box, Text } from 'ink';
import React from 'react';
import { command, keyHint } from '../keys/registry.js';
import { markerKeys, useBoundKeys } from './bound-hint.js';
import { FieldLabel } from './FieldLabel.js';
import { fit, textWidth } from './format.js';
import { useTheme } from './ThemeContext.js';

export interface ChoiceOption<T extends string> {
  value: T;
  label: string;
  disabled?: boolean;
}

/** A row of mutually exclusive options, like radio buttons: form.left and form.right (← →) change it when focused. */
export function Choice<T extends string>({
  label,
  labelWidth,
  options,
  value,
  focused,
  note,
  width,
}: {
  label: string;
  labelWidth: number;
  options: ChoiceOption<T>[];
  value: T;
  focused: boolean;
  /** Said after the options, in the columns they leave (cut to them; none when only the chosen option fits). */
  note?: string;
  /** Columns for the whole row. When the options do not fit, only the chosen one is shown, with its position. */
  width?: number;
}) {
  const theme = useTheme();
  const keyOf = useBoundKeys();
  // The keys that change it, as the agent has them: focused, those that reach it now (none while
  // unbound or typed into a box); otherwise the agent's own, which change it once it has the focus.
  const changeKey = (id: 'form.left' | 'form.right') => (focused ? keyOf(id) : keyHint(command(id)));
  const keys = markerKeys([changeKey('form.left'), changeKey('form.right')]);
  const room = width === undefined ? Infinity : width - 2 - labelWidth;
  // In terminal columns: options set in the configuration may be Japanese, two columns a character.
  const optionsWidth = options.reduce((n, o) => n + 4 + textWidth(o.label) + 2, 0);
  const fits = optionsWidth <= room;
  // The note has what the options leave, cut to it: left to Ink, it squeezed the label and the options and wrapped onto a second line.
  const noteRoom = fits ? room - optionsWidth : 0;
  const index = options.findIndex((o) => o.value === value);
  const position = `  ${index + 1} of ${options.length}${keys ? `, ${keys}` : ''}`;
  const shown = fits ? options : options.filter((o) => o.value === value);
  return (
    <Box>
      <FieldLabel label={label} width={labelWidth} focused={focused} />
      {shown.map((o) => {
        const on = o.value === value;
        return (
          <Text key={o.value} dimColor={o.disabled} inverse={focused && on} bold={on} wrap="truncate">
            {on ? '(•) ' : '( ) '}
            {fits ? o.label : fit(o.label, room - 4 - position.length)}
            {fits ? '  ' : ''}
          </Text>
        );
      })}
      {fits ? null : <Text color={theme.muted}>{position}</Text>}
      {note && noteRoom > 0 ? <Text color={theme.muted}>{fit(note, noteRoom)}</Text> : null}
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
