import { Box, Text } from 'ink';
import React from 'react';
import { PRIORITY, useCommands } from '../keys/router.js';
import { FieldLabel } from './FieldLabel.js';
import { tailColumns, textWidth } from './format.js';
import { useLineTyping } from './line-editing.js';

export interface TextFieldProps {
  label: string;
  labelWidth: number;
  value: string;
  onChange: (value: string) => void;
  focused: boolean;
  width: number;
  mask?: boolean;
  placeholder?: string;
  /** Key layer priority: above its modal dialog when inside one (the default suits a screen's form). */
  priority?: number;
}

/** A one-line text input. While focused it takes printable keys before any command does. */
export function TextField({ label, labelWidth, value, onChange, focused, width, mask, placeholder, priority = PRIORITY.field }: TextFieldProps) {
  const text = useLineTyping(value, onChange);
  useCommands('form', { 'field.clear': value ? () => onChange('') : undefined }, { active: focused, priority, text });
  const shown = mask ? '•'.repeat(value.length) : value;
  const room = Math.max(1, width - labelWidth - 3);
  // Measured in terminal columns: a value in Japanese is twice as wide as its length, and must scroll, not wrap under the label.
  const visible = textWidth(shown) >= room ? tailColumns(shown, room - 1) : shown;
  return (
    <Box>
      <FieldLabel label={label} width={labelWidth} focused={focused} />
      <Text inverse={focused} underline={!focused}>
        {visible || (focused ? '' : placeholder ?? ' ')}
        {focused ? ' ' : ''}
        {' '.repeat(Math.max(0, room - textWidth(visible) - (focused ? 1 : 0) - (visible ? 0 : focused ? 0 : textWidth(placeholder ?? ' '))))}
      </Text>
    </Box>
  );
}
