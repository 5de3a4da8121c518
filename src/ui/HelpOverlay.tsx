import { Box, Text } from 'ink';
import React, { useMemo, useState } from 'react';
import { keysHelp, type CommandDef } from '../keys/registry.js';
import { PRIORITY, useCommands } from '../keys/router.js';
import { markerKeys, useBoundKeys } from './bound-hint.js';
import { pad, wrapLines } from './format.js';
import { useTheme } from './ThemeContext.js';

export const SCOPE_TITLES: Record<string, string> = {
  global: 'Everywhere',
  panel: 'Agent panel',
  calls: 'Calls',
  dialer: 'Dialer',
  callbacks: 'Callbacks',
  tabs: 'Tabs',
  dispositions: 'Dispositions',
  feedback: 'Feedback form',
  'screen-pop': 'Screen pop',
  transfer: 'Transfer',
  queues: 'Queues',
  agents: 'Agents',
  'agent-chat': 'Chat with an agent',
  alerts: 'Alerts',
  'voice-settings': 'Voice settings',
  chats: 'Chats',
  conversation: 'Conversation',
  composer: 'Composer',
  security: 'Security',
  canned: 'Canned responses',
  dashboard: 'Dashboard',
  conversations: 'Conversations',
  filters: 'Filters',
  hotkeys: 'Hotkeys',
  search: 'Search',
  profile: 'Profile',
  settings: 'Settings',
  login: 'Login',
  'agent-login': 'Agent login',
  form: 'Fields',
  list: 'Lists',
  picker: 'Pickers',
  dialog: 'Dialogs',
};

/** Scopes several screens share (tabs, the filter form, search): their keys belong to the screen they are on. */
const SHARED = new Set(['tabs', 'dashboard', 'filters', 'search']);
/** From this width the keys are listed in two columns. */
const TWO_COLUMNS = 100;

type HelpLine = { title: string } | { keys: string; text: string };

/** A command the help lists, with the keys that reach it where the help was opened (all of its keys if not given). */
export type HelpCommand = CommandDef & { reaching?: readonly string[] };

/**
 * The help's groups: the keys of the screen under its name (shared ones such
 * as ← → tabs or f filter join it, so Conversations' f is not under
 * "Dashboard"), then the rest by where they work.
 */
export function helpGroups(commands: HelpCommand[], screen: string | null): Array<{ title: string; defs: HelpCommand[] }> {
  const groups = new Map<string, HelpCommand[]>();
  // The screen's group first, where the agent is.
  if (screen) groups.set(screen, []);
  for (const c of commands) {
    const own = SCOPE_TITLES[c.scope] ?? c.scope;
    const title = screen && (SHARED.has(c.scope) || own === screen) ? screen : own;
    groups.set(title, [...(groups.get(title) ?? []), c]);
  }
  return [...groups].filter(([, defs]) => defs.length > 0).map(([title, defs]) => ({ title, defs }));
}

/** The lines of one column: descriptions wrap under themselves instead of being cut. */
function helpLines(commands: HelpCommand[], screen: string | null, keyWidth: number, textWidth: number): HelpLine[] {
  const out: HelpLine[] = [];
  for (const g of helpGroups(commands, screen)) {
    out.push({ title: g.title });
    for (const d of g.defs) {
      const keys = keysHelp(d, d.reaching);
      // Keys too long for their column take a line of their own.
      const own = keys.length > keyWidth;
      if (own) out.push({ keys, text: '' });
      wrapLines([d.help ?? d.label], textWidth).forEach((text, i) => out.push({ keys: i === 0 && !own ? keys : '', text }));
    }
  }
  return out;
}

/**
 * Every key that works where the agent is, from the same registry as the
 * footer, grouped by the screen, wrapped to the width, in two columns where
 * they fit; the list's keys scroll it (↑↓ PgUp PgDn, or the agent's own),
 * bound, and named in the title, only where they move it.
 */
export function HelpOverlay({
  commands,
  screen,
  width,
  height,
  onClose,
}: {
  commands: HelpCommand[];
  /** The section on screen: its keys are grouped under its name. */
  screen: string | null;
  width: number;
  height: number;
  onClose: () => void;
}) {
  const theme = useTheme();
  const [offset, setOffset] = useState(0);
  const visible = Math.max(1, height - 3);
  const layout = useMemo(() => {
    const lay = (columns: number) => {
      const columnWidth = Math.floor((width - 4 - (columns - 1) * 2) / columns);
      const keyWidth = Math.min(16, Math.floor(columnWidth / 3));
      return { columns, columnWidth, keyWidth, lines: helpLines(commands, screen, keyWidth, columnWidth - keyWidth - 1) };
    };
    // Two columns only where they fit and one would not hold every key.
    const one = lay(1);
    return width >= TWO_COLUMNS && one.lines.length > visible ? lay(2) : one;
  }, [commands, screen, width, visible]);
  const { columns, columnWidth, keyWidth, lines } = layout;
  const page = visible * columns;
  const maxOffset = Math.max(0, lines.length - page);
  useCommands(
    'help',
    {
      'help.close': onClose,
      'list.down': offset < maxOffset ? () => setOffset((o) => Math.min(maxOffset, o + 1)) : undefined,
      'list.up': offset > 0 ? () => setOffset((o) => Math.max(0, o - 1)) : undefined,
      'list.pageDown': offset < maxOffset ? () => setOffset((o) => Math.min(maxOffset, o + page)) : undefined,
      'list.pageUp': offset > 0 ? () => setOffset((o) => Math.max(0, o - page)) : undefined,
    },
    { priority: PRIORITY.overlay, modal: true },
  );
  // The keys that scroll it from here, as the agent has them: an agent who moved them was told ↑↓ PgUp PgDn, which did nothing.
  const keyOf = useBoundKeys();
  const scrollKeys = [markerKeys([keyOf('list.up'), keyOf('list.down')]), markerKeys([keyOf('list.pageUp'), keyOf('list.pageDown')])].filter(Boolean).join(' ');
  const shown = lines.slice(offset, offset + page);
  const column = (part: HelpLine[], key: number) => (
    <Box key={key} flexDirection="column" width={columnWidth} marginRight={key < columns - 1 ? 2 : 0}>
      {part.map((l, i) =>
        'title' in l ? (
          <Text key={i} bold color={theme.accent} underline={!theme.color} wrap="truncate">
            {l.title}
          </Text>
        ) : (
          <Text key={i} wrap="truncate">
            <Text bold>{pad(l.keys, keyWidth)}</Text> {l.text}
          </Text>
        ),
      )}
    </Box>
  );
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold wrap="truncate">
        Keys{lines.length > page ? `  (${offset + 1}-${Math.min(lines.length, offset + page)} of ${lines.length} lines${scrollKeys ? `, ${scrollKeys}` : ''})` : ''}
      </Text>
      <Box>{Array.from({ length: columns }, (_, i) => column(shown.slice(i * visible, (i + 1) * visible), i))}</Box>
    </Box>
  );
}
