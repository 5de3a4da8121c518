import { Box, Text } from 'ink';
import React from 'react';
import { displayKey } from '../keys/registry.js';
import { useRouter } from '../keys/router.js';
import { useTheme } from './ThemeContext.js';

/** Key hints for what can be done right now, drawn from the command registry. */
export function Footer({ width, note }: { width: number; note?: string }) {
  const router = useRouter();
  const theme = useTheme();
  if (router.prefix) {
    return (
      <Box height={1} width={width}>
        <Text color={theme.accent}>{router.prefix} … (waiting for the next key, Esc to cancel)</Text>
      </Box>
    );
  }
  const hints = router
    .bound()
    .filter((b) => b.def.footer)
    .map((b) => ({ key: displayKey(b.def.keys[0]!), label: b.def.label }));
  const parts: React.ReactNode[] = [];
  let used = note ? note.length + 2 : 0;
  for (const [i, h] of hints.entries()) {
    const size = h.key.length + 1 + h.label.length + 2;
    if (used + size > width) break;
    used += size;
    parts.push(
      <Text key={i}>
        <Text bold color={theme.accent} inverse={!theme.color}>
          {h.key}
        </Text>
        <Text color={theme.muted}> {h.label}  </Text>
      </Text>,
    );
  }
  return (
    <Box height={1} width={width} overflow="hidden">
      <Text wrap="truncate">
        {parts}
        {note ? <Text color={theme.warning}>{note}</Text> : null}
      </Text>
    </Box>
  );
}
