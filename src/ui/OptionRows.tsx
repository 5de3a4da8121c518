import { Text } from 'ink';
import React from 'react';
import { fit } from './format.js';
import { scrollOffset } from './scroll.js';

export interface Option {
  key: string;
  text: string;
  /** Listed for information only (an agent who cannot take it now): dimmed, and the selection steps over it. */
  selectable: boolean;
}

/** The rows of a dialog's list of options that fit, the selected one marked and kept in view. */
export function OptionRows({ options, selected, rows, width }: { options: Option[]; selected: number; rows: number; width: number }) {
  const offset = scrollOffset(selected, rows, options.length);
  return (
    <>
      {options.slice(offset, offset + rows).map((option, i) => {
        const on = offset + i === selected;
        return (
          <Text key={option.key} inverse={on} dimColor={!option.selectable} wrap="truncate">
            {on ? '› ' : '  '}
            {fit(option.text, width)}
          </Text>
        );
      })}
    </>
  );
}
