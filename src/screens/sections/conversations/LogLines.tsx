import { Text } from 'ink';
import React, { useState } from 'react';
import { PRIORITY } from '../../../keys/router.js';
import type { HintPart } from '../../../ui/bound-hint.js';
import { fit } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useListKeys } from '../dashboard/list-keys.js';

/** A line of a read-only log (a conversation's messages, a call's details), with how it stands out. */
export type Line = { text: string; tone?: 'muted' | 'accent' | 'bold' };

/** How a log viewer is scrolled, as its hint line names it: the agent's own keys, those that move it from where it is (none when it fits). */
export const LOG_SCROLL_HINT: HintPart = { ids: ['list.up', 'list.down', 'list.pageUp', 'list.pageDown'], label: 'scroll', any: true };

/**
 * Which of `count` lines a log dialog `height` tall shows, from `at`, `view`
 * at a time; ↑ ↓ PgUp PgDn Home End scroll it, above the dialog's own keys.
 */
export function useLogScroll(count: number, height: number, follow = false, active = true): { at: number; view: number } {
  const [top, setTop] = useState(0);
  // Following a live log: the latest lines stay in view until the reader scrolls up, and again once back at the end.
  const [pinned, setPinned] = useState(follow);
  const view = Math.max(1, height - 4);
  const maxTop = Math.max(0, count - view);
  const at = pinned ? maxTop : Math.min(top, maxTop);
  const scroll = (to: number) => {
    setTop(to);
    setPinned(follow && to >= maxTop);
  };
  useListKeys(maxTop + 1, at, scroll, view, active, PRIORITY.overlay + 1);
  return { at, view };
}

/** The dialog's title, with which lines are shown when they do not all fit. */
export function LogTitle({ title, total, at, view }: { title: string; total: number; at: number; view: number }) {
  const theme = useTheme();
  const shown = Math.min(view, total - at);
  return (
    <Text bold wrap="truncate">
      {title}
      <Text color={theme.muted} bold={false}>
        {total > view ? `  lines ${at + 1}-${at + shown} of ${total}` : ''}
      </Text>
    </Text>
  );
}

/** The lines in view, each cut to `room` columns. */
export function LogLines({ lines, at, view, room }: { lines: Line[]; at: number; view: number; room: number }) {
  const theme = useTheme();
  const color = (tone?: Line['tone']) => (tone === 'muted' ? theme.muted : tone === 'accent' ? theme.accent : undefined);
  return (
    <>
      {lines.slice(at, at + view).map((l, i) => (
        <Text key={at + i} wrap="truncate" color={color(l.tone)} bold={l.tone === 'bold'}>
          {fit(l.text, room)}
        </Text>
      ))}
    </>
  );
}
