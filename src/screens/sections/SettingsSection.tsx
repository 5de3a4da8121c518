import { Box, Text } from 'ink';
import React from 'react';
import { useTheme } from '../../ui/ThemeContext.js';
import { useApp } from '../app-context.js';

/** Settings: where the panel is connected and how it draws. Voice settings arrive with the voice issue. */
export function SettingsSection() {
  const theme = useTheme();
  const { info, client } = useApp();
  const rows: Array<[string, string]> = [
    ['Server', info.serverLabel],
    ['Connection', client.connection],
    ['Colours', theme.color ? 'on (set NO_COLOR to turn off)' : 'off (NO_COLOR is set)'],
    ['Command journal', info.journalPath ?? 'in memory'],
    ['Unsent actions', String(client.queued())],
  ];
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>Settings</Text>
      {rows.map(([k, v]) => (
        <Text key={k} wrap="truncate">
          <Text color={theme.muted}>{k.padEnd(18)}</Text>
          {v}
        </Text>
      ))}
    </Box>
  );
}
