import { Text } from 'ink';
import React from 'react';
import { command, keyHint, type KeyCommandId } from '../keys/registry.js';
import { useBoundKeys } from './bound-hint.js';

/**
 * A command's key drawn as a button with what it does ("[ d ] Dial"), in a row
 * of them; goes inside a line's <Text>. The key is the agent's own, as the
 * footer names it (the command's own before its layer is bound), never written
 * by hand: a moved key must not leave the button naming the old one.
 */
export function KeyButton({ id, label }: { id: KeyCommandId; label: string }) {
  const keyLabel = useBoundKeys()(id) ?? keyHint(command(id));
  return (
    <Text>
      <Text bold inverse>{` ${keyLabel} `}</Text>
      <Text bold> {label}</Text>
      {'    '}
    </Text>
  );
}
