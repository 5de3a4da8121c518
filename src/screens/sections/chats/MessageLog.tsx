import { Box, Text } from 'ink';
import React from 'react';
import type { KeyCommandId } from '../../../keys/registry.js';
import { useBoundKeys } from '../../../ui/bound-hint.js';
import type { Theme } from '../../../ui/theme.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import type { LogLine, Tone } from '../../chats/log-lines.js';

function colorOf(theme: Theme, tone: Tone | undefined): string | undefined {
  switch (tone) {
    case 'customer':
      return theme.accent;
    case 'agent':
      return theme.success;
    case 'bot':
      return theme.info;
    case 'system':
    case 'muted':
      return theme.muted;
    case 'seen':
      return theme.success;
    case 'heading':
    case 'warning':
      return theme.warning;
    case 'danger':
      return theme.danger;
    default:
      return undefined;
  }
}

/**
 * The lines of the message log that fit, `fromBottom` lines up from the
 * latest. The first line says what is above: more to scroll to, or earlier
 * conversations with this customer that PgUp loads.
 */
export function MessageLog({
  lines,
  height,
  width,
  fromBottom,
  above,
}: {
  lines: LogLine[];
  height: number;
  width: number;
  fromBottom: number;
  /** What the top line says when the log starts on screen (earlier conversations). */
  above: string | null;
}) {
  const theme = useTheme();
  const keyOf = useBoundKeys();
  // The agent's keys that scroll each way, in brackets; none where no key does.
  const keysOf = (ids: readonly KeyCommandId[]) => {
    const keys = ids.map(keyOf).filter((k): k is string => k !== null);
    return keys.length > 0 ? ` (${keys.join(' / ')})` : '';
  };
  const room = Math.max(1, height);
  const end = Math.max(0, lines.length - fromBottom);
  // The bottom line says there is more below; the top line, more above (or earlier conversations).
  let avail = room - (fromBottom > 0 ? 1 : 0);
  const showTop = end > avail || above !== null;
  if (showTop) avail -= 1;
  const hidden = Math.max(0, end - Math.max(0, avail));
  const shown = lines.slice(hidden, end);
  return (
    // Anchored at the bottom, by the composer, where the latest message is.
    <Box flexDirection="column" width={width} height={room} justifyContent="flex-end">
      {showTop ? (
        <Text color={theme.muted} wrap="truncate">
          {hidden > 0 ? `↑ ${hidden} earlier line${hidden === 1 ? '' : 's'}${keysOf(['log.up', 'log.pageUp'])}` : above}
        </Text>
      ) : null}
      {shown.map((line) => (
        <Text key={line.key} wrap="truncate">
          {line.segments.map((s, i) => (
            <Text key={i} color={colorOf(theme, s.tone)} bold={s.bold} italic={s.tone === 'bot'} dimColor={!theme.color && s.tone === 'system'}>
              {s.text}
            </Text>
          ))}
        </Text>
      ))}
      {fromBottom > 0 ? (
        <Text color={theme.muted} wrap="truncate">
          ↓ {fromBottom} newer line{fromBottom === 1 ? '' : 's'}
          {keysOf(['log.down', 'log.pageDown'])}
        </Text>
      ) : null}
    </Box>
  );
}
