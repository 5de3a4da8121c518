import { Box, Text } from 'ink';
import React from 'react';
import { keyHint, keyHintWhileTyping } from '../keys/registry.js';
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
  // While a text box has the focus, letters are typed: each command shows a key that still reaches it, or none.
  const hintOf = router.typing() ? keyHintWhileTyping : keyHint;
  const bound = router.bound().filter((b) => b.def.footer && hintOf(b.def) !== null);
  // The way to every other key is always shown: when the hints do not all fit, `?` keeps its place at the end.
  const help = bound.find((b) => b.def.id === 'app.help');
  const hints = [...bound.filter((b) => b !== help), ...(help ? [help] : [])].map((b) => ({ key: hintOf(b.def)!, label: b.def.label }));
  const helpSize = help ? hintOf(help.def)!.length + help.def.label.length + 3 : 0;
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
