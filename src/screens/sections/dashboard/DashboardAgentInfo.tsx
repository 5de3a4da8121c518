import { Box, Text } from 'ink';
import React from 'react';
import type { Agent } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { formatDuration } from '../../../ui/format.js';
import { LabelledRows } from '../../../ui/LabelledRows.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { CloseHint } from '../../../ui/CloseHint.js';
import { useApp } from '../../app-context.js';
import { catalogIndex, channelName, channelsOf, stateText, timeInState } from '../../dashboard/agents.js';
import { AgentQueueList } from '../AgentQueueList.js';

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The dashboard's agent info (the manual's "i" beside a name): the agent's
 * state and how long, the call offers they missed and declined in a row, and
 * every queue they belong to, marked where they are logged in to it now.
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
  // Missed and declined apart: a miss may mean nobody at the desk ("No answer" pause), a decline is the agent's choice.
  if (member?.voiceQueues.length) rows.push(['Offers', `${agent.missedOffers} missed · ${agent.declinedOffers ?? 0} declined, in a row`]);
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
      <LabelledRows rows={rows} labelWidth={lw} valueWidth={width - lw - 4} />
      <AgentQueueList title="Queues" queues={queues} loggedIn={Boolean(agent.session)} />
      <CloseHint />
    </Box>
  );
}
