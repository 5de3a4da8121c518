import { Box, Text } from 'ink';
import React from 'react';
import type { Agent } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { LabelledRows } from '../../../ui/LabelledRows.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { CloseHint } from '../../../ui/CloseHint.js';
import { useApp } from '../../app-context.js';
import { agentStatus, agentType } from '../../calls/agents.js';
import { AgentQueueList } from '../AgentQueueList.js';
import { catalogAgent } from '../../../core/protocol/catalog.js';

/** The manual's Agent info: name, number, login type, and the queues the agent is a member of. */
export function AgentInfoDialog({ agent, width, onClose }: { agent: Agent; width: number; onClose: () => void }) {
  const theme = useTheme();
  const { client } = useApp();
  const catalog = client.store.catalog;
  useCommands('dialog', { 'dialog.close': onClose }, { priority: PRIORITY.overlay, modal: true });
  const member = catalogAgent(catalog, agent.id);
  const loggedIn = new Set(agent.session?.voiceQueues ?? []);
  const queueName = (n: string) => catalog?.voiceQueues.find((q) => q.number === n)?.name ?? n;
  const campaigns = (member?.campaigns ?? []).map((id) => catalog?.campaigns.find((c) => c.id === id)?.name ?? id);
  const rows: Array<[string, string]> = [
    ['Name', agent.name],
    ['Agent number', agent.id],
    ['Status', agentStatus(agent)],
    ['Login type', agent.session ? agentType(agent) : 'Logged off'],
    ['Campaigns', campaigns.length ? campaigns.join(', ') : 'None'],
  ];
  const lw = 14;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold>Agent info</Text>
      <LabelledRows rows={rows} labelWidth={lw} valueWidth={width - lw - 4} />
      <AgentQueueList
        title="Voice queues"
        queues={(member?.voiceQueues ?? []).map((n) => ({ name: `${queueName(n)} (${n})`, on: loggedIn.has(n) }))}
        loggedIn={Boolean(agent.session)}
      />
      <CloseHint />
    </Box>
  );
}
