import { Box, Text } from 'ink';
import React from 'react';
import type { Agent } from '../../../core/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { fit, formatDuration } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { catalogIndex, channelName, channelsOf, stateText, timeInState } from '../../dashboard/agents.js';

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The dashboard's agent info (the manual's "i" beside a name): the agent's
 * state and how long, and every queue they belong to, marked where they are
 * logged in to it now.
 */
export function DashboardAgentInfo({ agent, now, width, onClose }: { agent: Agent; now: number; width: number; onClose: () => void }) {
  const theme = useTheme();
  const { client } = useApp();
  const catalog = client.store.catalog;
  useCommands('dialog', { 'dialog.close': onClose }, { priority: PRIORITY.overlay, modal: true });
  const member = catalog ? catalogIndex(catalog).agents.get(agent.id) : undefined;
  const t = timeInState(agent, now);
  const load = agent.load;
  const rows: Array<[string, string]> = [
    ['Agent', `${agent.name} (${agent.id})${agent.role === 'supervisor' ? ', supervisor' : ''}`],
    ['State', `${stateText(agent)}${t === null ? '' : ` for ${formatDuration(t)}`}`],
    ['Channels', channelsOf(catalog, agent).map(channelName).join(', ') || 'None'],
    ['Active now', `${count(load?.calls ?? 0, 'call')} · ${count(load?.livechat ?? 0, 'chat')} · ${load?.messaging ?? 0} messaging · ${load?.email ?? 0} email · workload ${load?.workload ?? 0}%`],
  ];
  const inVoice = new Set(agent.session?.voiceQueues ?? []);
  const inMessaging = new Set(agent.session?.messagingQueues ?? []);
  const queues = [
    ...(member?.messagingQueues ?? []).map((id) => ({ name: catalog?.messagingQueues.find((q) => q.id === id)?.name ?? id, on: inMessaging.has(id) })),
    ...(member?.voiceQueues ?? []).map((n) => ({ name: `☎ ${catalog?.voiceQueues.find((q) => q.number === n)?.name ?? n} (${n})`, on: inVoice.has(n) })),
  ];
  const lw = 11;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold>Agent info</Text>
      {rows.map(([k, v]) => (
        <Text key={k} wrap="truncate">
          <Text color={theme.muted}>{k.padEnd(lw)}</Text>
          {fit(v, width - lw - 4)}
        </Text>
      ))}
      <Text color={theme.muted}>Queues</Text>
      {queues.length === 0 ? <Text>  None</Text> : null}
      {queues.map((q) => (
        <Text key={q.name} wrap="truncate">
          {'  '}
          {q.name}
          <Text color={q.on ? theme.success : theme.muted}>{q.on ? '  logged in' : agent.session ? '  not in this session' : ''}</Text>
        </Text>
      ))}
      <Text color={theme.muted}>Esc close</Text>
    </Box>
  );
}
