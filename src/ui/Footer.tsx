import { Box, Text } from 'ink';
import React from 'react';
import { reachingKeyHint } from '../keys/registry.js';
import { useRouter, type BoundCommand } from '../keys/router.js';
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
  // The way to every other key is always shown: when the hints do not all fit, `?` keeps its place at the end.
  const help = bound.find((b) => b.def.id === 'app.help');
  const hints = [...bound.filter((b) => b !== help), ...(help ? [help] : [])].map((b) => ({ key: hintOf(b)!, label: b.def.label }));
  const helpSize = help ? hintOf(help)!.length + help.def.label.length + 3 : 0;
  const parts: React.ReactNode[] = [];
  let used = (note ? note.length + 2 : 0) + helpSize;
  let full = false;
  for (const [i, h] of hints.entries()) {
    const isHelp = help && i === hints.length - 1;
    if (isHelp) used -= helpSize;
    else if (full) continue;
    const size = h.key.length + 1 + h.label.length + 2;
    if (used + size > width) {
      full = true;
      continue;
    }
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
