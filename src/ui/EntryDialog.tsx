import { Box, Text } from 'ink';
import React, { useState } from 'react';
import { PRIORITY, useCommands } from '../keys/router.js';
import { type HintPart, useBoundHint } from './bound-hint.js';
import { ErrorText } from './ErrorText.js';
import { TextField } from './TextField.js';
import { useTheme } from './ThemeContext.js';

/** The agent's own keys; Tab only while there is another field to go to. */
const KEYS_HINT: readonly HintPart[] = [
  { ids: ['entry.submit'], label: 'OK' },
  { ids: ['entry.cancel'], label: 'cancel' },
  { ids: ['form.next'], label: 'next field' },
];

export interface EntryField {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
}

/**
 * A modal with one-line fields (a subject, a file path, a ban's hours and
 * reason, a contact's dozen): Tab or ↓ moves between fields, Enter submits,
 * Esc closes. A refusal is shown under the fields, which keep what was typed.
 *
 * Given the rows it has (`height`), a form taller than them shows the fields
 * around the one being typed in, and says which; the title always shows. Left
 * to the layout, rows that did not fit were squeezed out unseen: at 80x24
 * with the pause banner up, Create New Contact lost its title and its Emails
 * field, and typing went into the field no one could see.
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
  height,
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
  /** The rows it may take, border included; without it, as many as it needs. */
  height?: number;
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
  const keysHint = useBoundHint(KEYS_HINT);
  const labelWidth = Math.max(...fields.map((f) => f.label.length)) + 2;
  const { first, shown, noteLines } = fieldWindow(fields.length, focus, height, note ? Math.ceil(note.length / Math.max(1, width - 4)) : 0);
  const more = shown < fields.length ? `Fields ${first + 1}-${first + shown} of ${fields.length} · ` : '';
  return (
    <Box flexDirection="column" flexShrink={0} borderStyle="round" borderColor={tone === 'danger' ? theme.danger : theme.accent} paddingX={1} width={width}>
      <Text bold wrap="truncate" color={tone === 'danger' ? theme.danger : undefined}>
        {title}
      </Text>
      {note && noteLines > 0 ? (
        <Box height={noteLines} flexShrink={0} overflow="hidden">
          <Text color={theme.muted} wrap={noteLines === 1 ? 'truncate-end' : 'wrap'}>
            {note}
          </Text>
        </Box>
      ) : null}
      {fields.slice(first, first + shown).map((f, n) => (
        <TextField
          key={f.label}
          label={f.label}
          labelWidth={labelWidth}
          value={f.value}
          onChange={f.onChange}
          focused={first + n === focus}
          width={width - 4}
          placeholder={f.placeholder}
          priority={PRIORITY.overlay + 1}
        />
      ))}
      {error ? (
        <ErrorText wrap="wrap">{error}</ErrorText>
      ) : (
        <Text color={theme.muted} wrap="truncate">
          {busy ? 'Working…' : `${more}${keysHint}`}
        </Text>
      )}
    </Box>
  );
}

/**
 * Which fields fit in `height` rows (border 2, title 1, the hint or error 1),
 * the focused one among them, and the note's lines: the note gives way to
 * the fields first (the labels mark what is required), then the fields
 * scroll.
 */
export function fieldWindow(count: number, focus: number, height: number | undefined, noteWanted: number): { first: number; shown: number; noteLines: number } {
  if (height === undefined) return { first: 0, shown: count, noteLines: noteWanted };
  const room = Math.max(1, height - 4);
  const noteLines = Math.max(0, Math.min(noteWanted, room - count));
  const shown = Math.max(1, Math.min(count, room - noteLines));
  const first = Math.min(Math.max(0, focus - shown + 1), count - shown);
  return { first: Math.max(0, first), shown, noteLines };
}
