import type { Key } from 'ink';
import { useCallback } from 'react';
import { isMarkedPaste, isPrintable } from '../keys/key-name.js';

/**
 * What a keypress does to a one-line value being typed: Backspace deletes the
 * last character, printable keys (digits too) and pastes append. null when
 * the key is not typing, so that it goes on to the commands (Ctrl+U is the
 * field.clear command: bound with the field, it is listed in the help).
 */
export function editLine(value: string, input: string, key: Key): string | null {
  if (key.backspace || key.delete) return value.slice(0, -1);
  if (isPrintable(input, key)) return value + input;
  // A pasted text of several lines stays in this one line (a space for each break): a paste is never Enter.
  if (isMarkedPaste(key))
    return (
      value +
      input
        .replace(/\n+$/, '')
        .replace(/\s*\n\s*/g, ' ')
        .replace(/[\u0000-\u001f\u007f]/g, '')
    );
  return null;
}

/** The `text` handler of a focused one-line field (see useCommands): typing edits `value` through onChange. */
export function useLineTyping(value: string, onChange: (value: string) => void): (input: string, key: Key) => boolean {
  return useCallback(
    (input: string, key: Key) => {
      const next = editLine(value, input, key);
      if (next === null) return false;
      onChange(next);
      return true;
    },
    [value, onChange],
  );
}
