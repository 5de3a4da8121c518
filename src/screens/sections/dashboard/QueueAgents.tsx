import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { Agent } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { DataTable, type Column } from '../../../ui/DataTable.js';
import { formatDuration } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { CloseHint } from '../../../ui/CloseHint.js';
import { useApp } from '../../app-context.js';
import { loginState, stateText, timeInState } from '../../dashboard/agents.js';
import { queueMembers, type QueueRow } from '../../dashboard/queues.js';
import { useFollow, useStore } from '../../hooks.js';
import { useListKeys } from './list-keys.js';

/**
 * The agents of a queue (the manual's "i" beside a queue name): every
 * configured member with their state, time in state and load, logged-in
 * members first.
 */
export function QueueAgents({ queue, now, width, height, onClose }: { queue: QueueRow; now: number; width: number; height: number; onClose: () => void }) {
  const theme = useTheme();
  const { client } = useApp();
  const store = useStore(client);
  const [index, setIndex] = useState(0);
  const order = { 'Logged in': 0, Paused: 1, 'Logged off': 2 } as const;
  useFollow(client, 'roster', { view: 'queue-agents', queues: [queue.id] });
  const agents = queueMembers(store.catalog, queue)
    .map((n) => store.get('agent', n))
    .filter((a): a is Agent => Boolean(a))
    .sort((a, b) => order[loginState(a)] - order[loginState(b)] || a.name.localeCompare(b.name));
  const selected = Math.min(index, Math.max(0, agents.length - 1));
  const tableHeight = Math.max(3, Math.min(agents.length + 1, height - 5));
  useCommands('dialog', { 'dialog.close': onClose }, { priority: PRIORITY.overlay, modal: true });
  useListKeys(agents.length, selected, setIndex, tableHeight - 1, true, PRIORITY.overlay + 1);
  // Narrower than the columns, the load gives way, then the time: the agent and their state stay.
  const columns: Column<Agent>[] = [
    { title: 'Agent', width: 12, flex: true, cell: (a) => `${a.name} ${a.id}` },
    {
      title: 'State',
      width: 18,
      cell: stateText,
      style: (a) => {
        const s = loginState(a);
        return s === 'Logged in' ? { color: theme.success } : s === 'Paused' ? { color: theme.warning } : { color: theme.muted };
      },
    },
    { title: 'Time', width: 7, drop: 2, align: 'right', cell: (a) => (timeInState(a, now) === null ? '—' : formatDuration(timeInState(a, now)!)) },
    { title: 'Load', width: 5, drop: 1, align: 'right', cell: (a) => `${a.load?.workload ?? 0}%` },
  ];
  // Logged in to this queue: a member may be logged in to other queues only this session.
  const inQueue = agents.filter((a) => (queue.kind === 'voice' ? a.session?.voiceQueues : a.session?.messagingQueues)?.includes(queue.id)).length;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold wrap="truncate">
        Agents of {queue.kind === 'voice' ? `☎ ${queue.name} (${queue.id})` : queue.name}
        <Text color={theme.muted} bold={false}>
          {'  '}
          {agents.length} members · {inQueue} logged in to it
        </Text>
      </Text>
      <DataTable columns={columns} rows={agents} rowKey={(a) => a.id} selected={selected} height={tableHeight} width={width - 4} empty="No agent is a member of this queue." />
      <CloseHint />
    </Box>
  );
}
