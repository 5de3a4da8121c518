import { Box, Text } from 'ink';
import React, { useState } from 'react';
import { PRIORITY, useCommands } from '../keys/router.js';
import { ErrorText } from './ErrorText.js';
import { TextField } from './TextField.js';
import { useTheme } from './ThemeContext.js';

export interface EntryField {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
}

/**
 * A modal with one or a few one-line fields (a subject, a file path, a ban's
 * hours and reason): Tab or ↓ moves between fields, Enter submits, Esc
 * closes. A refusal is shown under the fields, which keep what was typed.
 */
export function EntryDialog({
  title,
  note,
  fields,
  error,
  busy,
  width,
  onSubmit,
  onCancel,
  tone = 'normal',
}: {
  title: string;
  /** A line under the title saying what happens on Enter. */
  note?: string;
  fields: EntryField[];
  error: string | null;
  busy?: boolean;
  width: number;
  onSubmit: () => void;
  onCancel: () => void;
  tone?: 'normal' | 'danger';
}) {
  const theme = useTheme();
  const [focus, setFocus] = useState(0);
  const step = (n: number) => setFocus((f) => (f + n + fields.length) % fields.length);
  useCommands(
    'form',
    {
      'entry.submit': busy ? undefined : onSubmit,
      'entry.cancel': onCancel,
      'form.next': fields.length > 1 ? () => step(1) : undefined,
      'form.prev': fields.length > 1 ? () => step(-1) : undefined,
    },
    { priority: PRIORITY.overlay, modal: true },
  );
  const labelWidth = Math.max(...fields.map((f) => f.label.length)) + 2;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tone === 'danger' ? theme.danger : theme.accent} paddingX={1} width={width}>
      <Text bold wrap="truncate" color={tone === 'danger' ? theme.danger : undefined}>
        {title}
      </Text>
      {note ? (
        <Text color={theme.muted} wrap="wrap">
          {note}
        </Text>
      ) : null}
      {fields.map((f, i) => (
        <TextField
          key={f.label}
          label={f.label}
          labelWidth={labelWidth}
          value={f.value}
          onChange={f.onChange}
          focused={i === focus}
          width={width - 4}
          placeholder={f.placeholder}
          priority={PRIORITY.overlay + 1}
        />
      ))}
      {error ? (
        <ErrorText wrap="wrap">{error}</ErrorText>
      ) : (
        <Text color={theme.muted} wrap="truncate">
          {busy ? 'Working…' : `Enter OK · Esc cancel${fields.length > 1 ? ' · Tab next field' : ''}`}
        </Text>
      )}
    </Box>
  );
}
