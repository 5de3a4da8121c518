import { Text } from 'ink';
import React from 'react';
import { useTheme } from '../../ui/ThemeContext.js';

/**
 * The queues an agent belongs to under a heading, each marked where they are
 * logged in to it now (or not in this session, when they are logged in at all).
 * Shared by the agent info of the Agents tab and of the dashboard.
 */
export function AgentQueueList({ title, queues, loggedIn }: { title: string; queues: Array<{ name: string; on: boolean }>; loggedIn: boolean }) {
  const theme = useTheme();
  return (
    <>
      <Text color={theme.muted}>{title}</Text>
      {queues.length === 0 ? <Text>  None</Text> : null}
      {queues.map((q) => (
        <Text key={q.name} wrap="truncate">
          {'  '}
          {q.name}
          <Text color={q.on ? theme.success : theme.muted}>{q.on ? '  logged in' : loggedIn ? '  not in this session' : ''}</Text>
        </Text>
      ))}
    </>
  );
}
