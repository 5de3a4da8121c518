import { Box, Text } from 'ink';
import React from 'react';
import { command, keyHint } from '../keys/registry.js';
import { PRIORITY, useCommands } from '../keys/router.js';
import { useBoundKeys } from './bound-hint.js';
import { textWidth } from './format.js';
import { useTheme } from './ThemeContext.js';

/**
 * A modal question or message. With no onCancel it is a message with OK only.
 * `width` is the most it may take: a short question gets a box that fits it.
 */
export function Dialog({
  title,
  message,
  confirmLabel = 'OK',
  cancelLabel = 'Cancel',
  onConfirm,
  onCancel,
  width,
  tone = 'normal',
}: {
  title: string;
  message: string;
  confirmLabel?: string;
  cancelLabel?: string;
  onConfirm: () => void;
  onCancel?: () => void;
  width: number;
  tone?: 'normal' | 'danger';
}) {
  const theme = useTheme();
  useCommands('dialog', { 'dialog.confirm': onConfirm, 'dialog.cancel': onCancel }, { priority: PRIORITY.overlay + 10, modal: true });
  // The agent's own keys for yes and no (Enter and Esc unless moved); before its layer is bound, the command's own.
  const keyOf = useBoundKeys();
  const confirmKey = keyOf('dialog.confirm') ?? keyHint(command('dialog.confirm'));
  const cancelKey = keyOf('dialog.cancel') ?? keyHint(command('dialog.cancel'));
  const buttons = textWidth(` ${confirmKey} ${confirmLabel} `) + (onCancel ? textWidth(`  ${cancelKey} ${cancelLabel}`) : 0);
  // Borders and padding take four columns. Measured in terminal columns: a name in Japanese is twice as wide as its length,
  // and a box sized by characters broke the sentence naming it onto a second line.
  const fitted = Math.min(width, Math.max(textWidth(title), buttons, ...message.split('\n').map(textWidth)) + 4);
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={tone === 'danger' ? theme.danger : theme.accent} paddingX={1} width={fitted}>
      <Text bold color={tone === 'danger' ? theme.danger : undefined}>
        {title}
      </Text>
      <Text wrap="wrap">{message}</Text>
      <Text> </Text>
      <Text>
        <Text inverse bold>
          {' '}
          {confirmKey} {confirmLabel}{' '}
        </Text>
        {onCancel ? (
          <Text>
            {'  '}
            <Text bold>{cancelKey}</Text> {cancelLabel}
          </Text>
        ) : null}
      </Text>
    </Box>
  );
}
