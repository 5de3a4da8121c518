import { Box, Text } from 'ink';
import React from 'react';
import { reachingKeyHint } from '../keys/registry.js';
import { useRouter, type BoundCommand } from '../keys/router.js';
import { fitFooterHints } from './footer-fit.js';
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
  // Each command shows a key that reaches it: not one a command above it takes first, nor, while
  // a text box has the focus, a letter it would type. A command no key reaches is not shown.
  const typing = router.typing();
  const hintOf = (b: BoundCommand) => reachingKeyHint(b.def, b.keys, typing);
  const bound = router.bound().filter((b) => b.def.footer && hintOf(b) !== null);
  // `?` comes last, where the way to every other key is always found.
  const help = bound.find((b) => b.def.id === 'app.help');
  const ordered = [...bound.filter((b) => b !== help), ...(help ? [help] : [])];
  const hints = ordered.map((b) => ({ id: b.def.id, key: hintOf(b)!, label: b.def.label, rank: b.def.footerRank ?? ('normal' as const) }));
  const shown = fitFooterHints(hints, width - (note ? note.length + 2 : 0));
  const parts = shown.map((h) => (
    <Text key={h.id}>
      <Text bold color={theme.accent} inverse={!theme.color}>
        {h.key}
      </Text>
      <Text color={theme.muted}> {h.label}  </Text>
    </Text>
  ));
  return (
    <Box height={1} width={width} overflow="hidden">
      <Text wrap="truncate">
        {parts}
        {note ? <Text color={theme.warning}>{note}</Text> : null}
      </Text>
    </Box>
  );
}
