import { Text } from 'ink';
import React from 'react';
import { command, keyHint } from '../keys/registry.js';
import { useTheme } from './ThemeContext.js';

/**
 * The last line of a window that only shows something: its close key as the
 * registry (and the agent's keymap) has it, so every such window and the
 * footer say the same ("Esc close"), not each its own words.
 */
export function CloseHint() {
  const theme = useTheme();
  const close = command('dialog.close');
  return (
    <Text color={theme.muted}>
      {keyHint(close)} {close.label}
    </Text>
  );
}
