import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { Agent } from '../../../core/protocol/model.js';
import { command, keyHint, type KeyCommandId } from '../../../keys/registry.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { DataTable, type Column } from '../../../ui/DataTable.js';
import { formatDuration } from '../../../ui/format.js';
import { useNow } from '../../../ui/hooks.js';
import { SearchField } from '../../../ui/SearchField.js';
import type { Theme } from '../../../ui/theme.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useSearchableList } from '../../../ui/use-searchable-list.js';
import { useApp } from '../../app-context.js';
import { useFollow, useStore } from '../../hooks.js';
import { agentAvailable, agentMatches, agentStatus, agentType, myWork, shownAgents } from '../../calls/agents.js';
import { useCalls } from '../../calls/CallsContext.js';
import { AgentInfoDialog } from './AgentInfoDialog.js';
import { AgentChatDialog } from './AgentChatDialog.js';
import { agentChatId, unreadIn } from '../../../core/protocol/agent-chat.js';

/** The key of a command, as the registry names it. */
const hint = (id: KeyCommandId) => keyHint(command(id));

const SHOW: Record<string, string> = { 'my-queues': 'agents of my queues', all: 'all agents', custom: 'custom list' };

function statusStyle(theme: Theme, agent: Agent) {
  if (!agent.session) return { color: theme.muted, dim: !theme.color };
  if (agent.status === 'paused') return { color: theme.warning };
  if (agent.activity === 'idle') return { color: theme.success };
  return { color: theme.info };
}

/**
 * The Agents tab: the agents Voice settings choose, searchable by name or
 * number, with their status and login type, and ✉ with the count of their
 * messages not read yet. `c` calls the selected agent, `m` opens the chat
 * with them, Enter shows their info.
 */
export function AgentsTab({ agent: me, width, height }: { agent: Agent; width: number; height: number }) {
  const theme = useTheme();
  const { client, act } = useApp();
  const store = useStore(client);
  const callsState = useCalls();
  const chat = callsState.agentChat;
  const now = store.serverNow(useNow(1000));
  const [info, setInfo] = useState<string | null>(null);
  const mine = myWork(me, store.catalog);
  // Only the agents this tab may list reach the panel, and only while it is on screen.
  const show = callsState.settings.agents;
  useFollow(client, 'roster', {
    view: 'agents-tab',
    ...(show.show === 'all' ? { all: true } : show.show === 'custom' ? { agents: show.custom } : { queues: mine.queues, campaigns: mine.campaigns }),
  });
  const all = shownAgents(store.list('agent'), store.catalog, callsState.settings, me.id, mine);
  const list = useSearchableList((q) => all.filter((a) => agentMatches(a, q)), Math.max(1, height - 4));
  const { query, searching, rows: agents, selected, current } = list;

  useCommands(
    'agents',
    {
      ...list.commands,
      'agents.call': current && !searching ? () => void act('call.dial', { to: current.id }, `Calling ${current.name} (${current.id})…`) : undefined,
      'agents.info': current && !searching ? () => setInfo(current.id) : undefined,
      'agents.chat': current && !searching ? () => chat.open(current.id) : undefined,
    },
    { priority: PRIORITY.section, active: !info && !chat.with },
  );

  const shown = info ? store.get('agent', info) : undefined;
  if (info && shown) return <AgentInfoDialog agent={shown} width={Math.min(width, 72)} onClose={() => setInfo(null)} />;
  const chattingWith = chat.with ? store.get('agent', chat.with) : undefined;
  if (chattingWith)
    return (
      <AgentChatDialog
        other={chattingWith}
        draft={chat.draft(chattingWith.id)}
        onDraft={(text) => chat.setDraft(chattingWith.id, text)}
        width={width}
        height={height}
        onClose={() => chat.open(null)}
      />
    );

  const unread = (a: Agent) => {
    const c = store.get('agentChat', agentChatId(me.id, a.id));
    return c ? unreadIn(c, me.id) : 0;
  };
  // Narrower than the columns, the agent's type gives way, then their number; the name and status stay.
  const columns: Column<Agent>[] = [
    {
      title: 'Name',
      width: 14,
      flex: true,
      cell: (a) => {
        const n = unread(a);
        return n ? `✉${n} ${a.name}` : a.name;
      },
    },
    { title: 'Agent ID', width: 8, drop: 2, cell: (a) => a.id },
    {
      title: 'Status',
      width: 20,
      cell: (a) => `${agentStatus(a)}${a.session ? ` ${formatDuration(now - (a.status === 'paused' && a.activity === 'idle' ? a.statusSince : a.activitySince))}` : ''}`,
      style: (a) => statusStyle(theme, a),
    },
    { title: 'Type', width: 20, drop: 1, cell: agentType },
  ];
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      <SearchField
        {...list.field}
        width={width - 2}
        what="by name or agent number"
        count={[`${agents.length} of ${all.length}`, `${SHOW[callsState.settings.agents.show]}${callsState.settings.agents.showOffline ? ', offline too' : ''}`]}
      />
      <DataTable
        columns={columns}
        rows={agents}
        rowKey={(a) => a.id}
        selected={selected}
        height={height - 2}
        width={width - 2}
        empty={
          query
            ? `No agent matches "${query}".`
            : callsState.settings.agents.showOffline
              ? 'No agents to show: see Settings › Voice settings.'
              : 'Nobody to show is logged in (offline agents are hidden: Settings › Voice settings).'
        }
      />
      {current ? (
        <Text color={theme.muted} wrap="truncate">
          {hint('agents.call')} call {current.name}
          {agentAvailable(current) ? '' : ` (${agentStatus(current).toLowerCase()})`} · {hint('agents.chat')} chat · {hint('agents.info')} info
        </Text>
      ) : null}
    </Box>
  );
}
