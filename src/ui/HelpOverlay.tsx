import { Box, Text } from 'ink';
import React, { useMemo, useState } from 'react';
import { keysHelp, type CommandDef } from '../keys/registry.js';
import { PRIORITY, useCommands } from '../keys/router.js';
import { fit } from './format.js';
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

/** Every key that works where the agent is, from the same registry as the footer. */
export function HelpOverlay({ commands, width, height, onClose }: { commands: CommandDef[]; width: number; height: number; onClose: () => void }) {
  const theme = useTheme();
  const [offset, setOffset] = useState(0);
  const lines = useMemo(() => {
    const out: Array<{ title?: string; keys?: string; text?: string }> = [];
    const groups = new Map<string, CommandDef[]>();
    for (const c of commands) groups.set(c.scope, [...(groups.get(c.scope) ?? []), c]);
    for (const [scope, defs] of groups) {
      out.push({ title: SCOPE_TITLES[scope] ?? scope });
      for (const d of defs) out.push({ keys: keysHelp(d), text: d.help ?? d.label });
    }
    return out;
  }, [commands]);
  const visible = Math.max(1, height - 4);
  const maxOffset = Math.max(0, lines.length - visible);
  useCommands(
    'help',
    {
      'help.close': onClose,
      'list.down': () => setOffset((o) => Math.min(maxOffset, o + 1)),
      'list.up': () => setOffset((o) => Math.max(0, o - 1)),
      'list.pageDown': () => setOffset((o) => Math.min(maxOffset, o + visible)),
      'list.pageUp': () => setOffset((o) => Math.max(0, o - visible)),
    },
    { priority: PRIORITY.overlay, modal: true },
  );
  const keyWidth = Math.min(22, Math.floor(width / 3));
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold>Keys{lines.length > visible ? `  (${offset + 1}-${Math.min(lines.length, offset + visible)} of ${lines.length}, ↑↓)` : ''}</Text>
      {lines.slice(offset, offset + visible).map((l, i) =>
        l.title ? (
          <Text key={i} bold color={theme.accent} underline={!theme.color}>
            {l.title}
          </Text>
        ) : (
          <Text key={i} wrap="truncate">
            <Text bold>{fit(l.keys!, keyWidth).padEnd(keyWidth)}</Text> {fit(l.text!, width - keyWidth - 5)}
          </Text>
        ),
      )}
    </Box>
  );
}
