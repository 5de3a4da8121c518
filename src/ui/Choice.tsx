import { Box, Text } from 'ink';
import React from 'react';
import { command, keyHint } from '../keys/registry.js';
import { markerKeys, useBoundKeys } from './bound-hint.js';
import { FieldLabel } from './FieldLabel.js';
import { fitParts, fitWords, textWidth } from './format.js';
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
  /** Said after the options, in the columns they leave (cut between words to them; none when only the chosen option fits). */
  note?: string;
  /** Columns for the whole row. When the options do not fit, only the chosen one is shown, with its position where that fits too. */
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
  const shown = fits ? options : options.filter((o) => o.value === value);
  // Options that do not fit: the chosen one's words whole, then its position and keys in what they leave,
  // each left out whole ("1 of 3" before "Agents of m…"); the words cut between them only when alone they do not fit.
  const chosen = fitWords(shown[0]?.label ?? '', room - 4);
  const positionRoom = room - 4 - textWidth(chosen) - 2;
  const positionParts = [`${index + 1} of ${options.length}`, keys].filter((p): p is string => !!p && textWidth(p) <= positionRoom);
  const position = fits || positionParts.length === 0 ? '' : `  ${fitParts(positionParts, positionRoom, ', ')}`;
  return (
    <Box>
      <FieldLabel label={label} width={labelWidth} focused={focused} />
      {shown.map((o) => {
        const on = o.value === value;
        return (
          <Text key={o.value} dimColor={o.disabled} inverse={focused && on} bold={on} wrap="truncate">
            {on ? '(•) ' : '( ) '}
            {fits ? o.label : chosen}
            {fits ? '  ' : ''}
          </Text>
        );
      })}
      {position ? <Text color={theme.muted}>{position}</Text> : null}
      {note && noteRoom > 0 ? <Text color={theme.muted}>{fitWords(note, noteRoom)}</Text> : null}
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
