import { Box } from 'ink';
import React, { useState } from 'react';
import type { Agent } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { DataTable, type Column } from '../../../ui/DataTable.js';
import { formatDuration } from '../../../ui/format.js';
import type { Theme } from '../../../ui/theme.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { AGENT_COLUMN_INFO, AGENT_FILTERS, agentPasses, channelCode, channelsOf, channelWords, dashboardAgents, loginState, stateText, timeInState } from '../../dashboard/agents.js';
import { useDashboard } from '../../dashboard/DashboardContext.js';
import { activeFilters, describeFilters } from '../../dashboard/filters.js';
import { useFollow, useStore } from '../../hooks.js';
import { ColumnInfo } from './ColumnInfo.js';
import { DashboardAgentInfo } from './DashboardAgentInfo.js';
import { FilterForm } from './FilterForm.js';
import { Summary, summaryLines } from './Summary.js';
import { useListKeys } from './list-keys.js';

interface Row {
  agent: Agent;
  channels: string[];
}

/** The roster view this tab follows. */
const ROSTER_VIEW = 'dashboard-agents';

function stateStyle(theme: Theme, agent: Agent) {
  const s = loginState(agent);
  if (s === 'Logged off') return { color: theme.muted, dim: !theme.color };
  if (s === 'Paused') return { color: theme.warning };
  return { color: theme.success };
}

/** A workload cell: a small meter where there is room, then the percentage. */
function loadCell(workload: number, bar: number): string {
  const pct = `${workload}%`.padStart(4);
  if (bar <= 0) return pct;
  const used = workload > 0 ? Math.max(1, Math.min(bar, Math.round((workload / 100) * bar))) : 0;
  return `${'█'.repeat(used)}${'░'.repeat(bar - used)} ${pct}`;
}

/**
 * Dashboard > Agents: the agents I work with (supervisors: all), in the
 * manual's three column groups — Agent details, Agent state, Active
 * conversations — filterable on every column. Live: while the tab is on
 * screen the panel follows those agents (roster.subscribe), whose state and
 * load come in the server's batches; the time in state is drawn from the
 * state's start.
 */
export function AgentsDashboard({ me, supervisor, width, height, now }: { me: string; supervisor: boolean; width: number; height: number; now: number }) {
  const theme = useTheme();
  const { client } = useApp();
  const store = useStore(client);
  const dash = useDashboard();
  const [index, setIndex] = useState(0);
  const [open, setOpen] = useState<null | 'filter' | 'info' | { agent: string }>(null);
  useFollow(client, 'roster', { view: ROSTER_VIEW, colleagues: true });
  // Before the server's answer the list is empty: it said "Nobody else works in your queues" meanwhile.
  const rosterIn = store.rosterAnswered(ROSTER_VIEW);

  const all = dashboardAgents(store.list('agent'), store.catalog, me, supervisor).map((agent) => ({ agent, channels: channelsOf(store.catalog, agent) }));
  const filters = dash.agentFilters;
  const rows = activeFilters(filters) ? all.filter((r) => agentPasses(r.agent, r.channels, filters, now)) : all;
  const selected = Math.min(index, Math.max(0, rows.length - 1));
  const current = rows[selected];

  // The counts include the viewer (who is not a row of their own): logged in and looking at this, they are one of the logged in.
  const viewer = store.get('agent', me);
  const counts = { in: 0, paused: 0, off: 0 };
  for (const agent of [...all.map((r) => r.agent), ...(viewer ? [viewer] : [])]) {
    const s = loginState(agent);
    if (s === 'Logged in') counts.in++;
    else if (s === 'Paused') counts.paused++;
    else counts.off++;
  }
  const total = all.length + (viewer ? 1 : 0);
  const summary = `${rows.length === all.length ? '' : `${rows.length} shown · `}${total} agent${total === 1 ? '' : 's'}, you included · ${counts.in} logged in · ${counts.paused} paused · ${counts.off} off`;
  const described = describeFilters(AGENT_FILTERS, filters);
  const tableHeight = height - summaryLines(summary, described, width - 2);
  useListKeys(rows.length, selected, setIndex, tableHeight - 2, !open);
  useCommands(
    'dashboard',
    {
      'dash.filter': () => setOpen('filter'),
      'dash.clearFilters': activeFilters(filters) ? () => dash.setAgentFilters({}) : undefined,
      'dash.columnInfo': () => setOpen('info'),
      'dash.agentInfo': current ? () => setOpen({ agent: current.agent.id }) : undefined,
    },
    // Until the roster is in, ↓ and Enter typed ahead ("g d ↓ Enter") wait for its rows.
    { priority: PRIORITY.section, active: !open, loading: !rosterIn },
  );

  const dialogWidth = Math.min(width, 72);
  if (open === 'filter')
    return (
      <FilterForm
        title="Filter agents"
        fields={AGENT_FILTERS}
        initial={filters}
        width={dialogWidth}
        now={now}
        onCancel={() => setOpen(null)}
        onApply={(f) => {
          dash.setAgentFilters(f);
          setIndex(0);
          setOpen(null);
        }}
      />
    );
  if (open === 'info') return <ColumnInfo groups={AGENT_COLUMN_INFO} width={dialogWidth} onClose={() => setOpen(null)} />;
  if (open && typeof open === 'object') {
    const agent = store.get('agent', open.agent);
    if (agent) return <DashboardAgentInfo agent={agent} now={now} width={dialogWidth} onClose={() => setOpen(null)} />;
  }

  const inner = width - 2;
  const wide = inner >= 110;
  // Narrower than the columns, the counts per channel give way (Mail first), then the channels: the name, state, time and load stay.
  const columns: Column<Row>[] = [
    { title: 'Name', width: 12, flex: true, cell: (r) => r.agent.name },
    // Wide terminals spell the channels out and give the number a column; narrow ones a letter per channel.
    ...(wide ? [{ title: 'Number', width: 6, cell: (r: Row) => r.agent.id }] : []),
    { title: 'Channels', width: wide ? 26 : 8, drop: 6, cell: (r) => (wide ? channelWords(r.channels) : channelCode(r.channels)) },
    { title: 'State', width: wide ? 17 : 14, cell: (r) => stateText(r.agent), style: (r) => stateStyle(theme, r.agent) },
    {
      title: 'Time',
      width: 7,
      align: 'right',
      cell: (r) => {
        const t = timeInState(r.agent, now);
        return t === null ? '—' : formatDuration(t);
      },
    },
    { title: 'Call', width: 4, drop: 5, align: 'right', cell: (r) => String(r.agent.load?.calls ?? 0) },
    { title: 'Chat', width: 4, drop: 4, align: 'right', cell: (r) => String(r.agent.load?.livechat ?? 0) },
    { title: 'Msg', width: 4, drop: 3, align: 'right', cell: (r) => String(r.agent.load?.messaging ?? 0) },
    { title: 'Mail', width: 4, drop: 2, align: 'right', cell: (r) => String(r.agent.load?.email ?? 0) },
    {
      title: 'Load',
      width: wide ? 13 : 8,
      align: 'right',
      cell: (r) => loadCell(r.agent.load?.workload ?? 0, wide ? 8 : 3),
      style: (r) => {
        const w = r.agent.load?.workload ?? 0;
        return w >= 100 ? { color: theme.danger, bold: true } : w >= 75 ? { color: theme.warning } : undefined;
      },
    },
  ];
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      <Summary summary={summary} described={described} note={supervisor ? 'every agent' : 'agents sharing a queue with you'} width={inner} />
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(r) => r.agent.id}
        selected={selected}
        height={tableHeight}
        width={inner}
        groups={[
          { title: 'Agent details', columns: wide ? 3 : 2 },
          { title: 'Agent state', columns: 2 },
          { title: 'Active conversations', columns: 5 },
        ]}
        empty={
          !rosterIn
            ? 'Loading…'
            : described
              ? 'No agent matches the filters (F clears them).'
              : supervisor
                ? 'No other agent is configured.'
                : 'Nobody else works in your queues.'
        }
      />
    </Box>
  );
}
