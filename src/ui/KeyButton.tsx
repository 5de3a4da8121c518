import { Text } from 'ink';
import React from 'react';

/** A key drawn as a button with what it does ("[ d ] Dial"), in a row of them; goes inside a line's <Text>. */
export function KeyButton({ keyLabel, label }: { keyLabel: string; label: string }) {
  return (
    <Text>
      <Text bold inverse>{` ${keyLabel} `}</Text>
      <Text bold> {label}</Text>
      {'    '}
    </Text>
  );
}
