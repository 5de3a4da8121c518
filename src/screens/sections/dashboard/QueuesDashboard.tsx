import { Box, Text } from 'ink';
import React, { useState } from 'react';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useBoundKeys } from '../../../ui/bound-hint.js';
import { DataTable, type Column } from '../../../ui/DataTable.js';
import { flowParts, formatDuration } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { channelWords } from '../../dashboard/agents.js';
import { useDashboard } from '../../dashboard/DashboardContext.js';
import { activeFilters, describeFilters } from '../../dashboard/filters.js';
import { dashboardQueues, QUEUE_COLUMN_INFO, QUEUE_FILTERS, queuePasses, type QueueRow } from '../../dashboard/queues.js';
import { useStore } from '../../hooks.js';
import { ColumnInfo } from './ColumnInfo.js';
import { FilterForm } from './FilterForm.js';
import { Summary, summaryLines } from './Summary.js';
import { useListKeys } from './list-keys.js';
import { QueueAgents } from './QueueAgents.js';

/**
 * A voice queue's live statistics: MWT, answered, abandoned and declined, then
 * average wait, service level and idle members. One line where it fits;
 * else the figures go on the next lines, each whole (flowParts), instead of
 * being cut (at 80 columns the service level and idle were, at 60 the
 * declined count read "d…").
 */
export function voiceLines(row: QueueRow, now: number, serviceLevelSeconds: number | undefined, width: number): string[] {
  const s = row.voice;
  if (!s) return [`☎ ${row.name} (${row.id}): no statistics yet`];
  const mwt = s.waiting > 0 && s.oldestWaitingSince ? formatDuration(now - s.oldestWaitingSince) : '—';
  const sl = s.answered > 0 ? `${Math.round((s.answeredWithinServiceLevel / s.answered) * 100)}%` : '—';
  const avgWait = s.answered > 0 ? formatDuration(s.totalWaitMs / s.answered) : '—';
  return flowParts(
    [
      `☎ ${row.name} (${row.id})  MWT ${mwt}`,
      `answered ${s.answered}`,
      `abandoned ${s.abandoned}`,
      `declined ${s.declined}`,
      `avg wait ${avgWait}`,
      `SL ${sl}${serviceLevelSeconds ? ` in ${serviceLevelSeconds}s` : ''}`,
      `idle ${s.idle}`,
    ],
    width,
  );
}

/**
 * A messaging queue's lines under the table: open or closed now, the agent's
 * key to its agents (none while it is not bound), and the markers, each part
 * whole on as many lines as it takes (at 60 columns the key read "Ente…").
 */
function messagingLines(row: QueueRow, agentsKey: string | null, width: number): string[] {
  const state = `${row.name}: ${row.open ? 'open now' : 'closed now (outside operation hours)'}`;
  return flowParts([state, agentsKey ? `${agentsKey} its agents` : '', '● open ○ closed ☎ voice'], width);
}

/**
 * Dashboard > Queues: my queues (supervisors: all) in the manual's three
 * groups — Queue details with the operation-hours marker (● open, ○ closed,
 * from the catalog's hours on the server's clock) and ☎ for voice queues,
 * Current conversations, Agents' states. Messaging figures come as
 * mqueue.stats events, voice ones as queue.stats.
 */
export function QueuesDashboard({ me, supervisor, width, height, now }: { me: string; supervisor: boolean; width: number; height: number; now: number }) {
  const theme = useTheme();
  const { client } = useApp();
  const store = useStore(client);
  const dash = useDashboard();
  const [index, setIndex] = useState(0);
  const [open, setOpen] = useState<null | 'filter' | 'info' | { queue: QueueRow }>(null);

  const all = dashboardQueues(store.catalog, me, supervisor, { mqueue: (id) => store.get('mqueueStats', id), vqueue: (n) => store.get('queueStats', n) }, now);
  const filters = dash.queueFilters;
  const rows = all.filter((r) => queuePasses(r, filters));
  const selected = Math.min(index, Math.max(0, rows.length - 1));
  const current = rows[selected];
  const described = describeFilters(QUEUE_FILTERS, filters);
  const openCount = all.filter((r) => r.open).length;
  const summary = `${rows.length === all.length ? all.length : `${rows.length} of ${all.length}`} queues · ${openCount} open · ${all.reduce((n, r) => n + r.waiting, 0)} waiting`;
  const inner = width - 2;
  const serviceLevelOf = (row: QueueRow) => (row.kind === 'voice' ? store.catalog?.voiceQueues.find((q) => q.number === row.id)?.serviceLevelSeconds : undefined);
  const keyOf = useBoundKeys();
  const linesOf = (row: QueueRow) => (row.kind === 'voice' ? voiceLines(row, now, serviceLevelOf(row), inner) : messagingLines(row, keyOf('dash.queueAgents'), inner));
  // The summary, the table, and the lines about the selected queue: room for the
  // tallest, so the table keeps its height as the selection moves.
  const aboutHeight = Math.max(1, ...rows.map((r) => linesOf(r).length));
  const tableHeight = height - aboutHeight - summaryLines(summary, described, inner);

  useListKeys(rows.length, selected, setIndex, tableHeight - 2, !open);
  useCommands(
    'dashboard',
    {
      'dash.filter': () => setOpen('filter'),
      'dash.clearFilters': activeFilters(filters) ? () => dash.setQueueFilters({}) : undefined,
      'dash.columnInfo': () => setOpen('info'),
      'dash.queueAgents': current ? () => setOpen({ queue: current }) : undefined,
    },
    { priority: PRIORITY.section, active: !open },
  );

  const dialogWidth = Math.min(width, 72);
  if (open === 'filter')
    return (
      <FilterForm
        title="Filter queues"
        fields={QUEUE_FILTERS}
        initial={filters}
        width={dialogWidth}
        now={now}
        onCancel={() => setOpen(null)}
        onApply={(f) => {
          dash.setQueueFilters(f);
          setIndex(0);
          setOpen(null);
        }}
      />
    );
  if (open === 'info') return <ColumnInfo groups={QUEUE_COLUMN_INFO} width={dialogWidth} onClose={() => setOpen(null)} />;
  if (open && typeof open === 'object') return <QueueAgents queue={open.queue} now={now} width={Math.min(width, 72)} height={height} onClose={() => setOpen(null)} />;

  // Wide terminals (110 columns, as for the Agents' wide columns) give the voice
  // statistics columns of their own; narrow ones the lines under the table. From
  // 100 columns, where they began before Declined joined them, they no longer fit.
  const wide = inner >= 108;
  // Narrower than the columns, the channels give way first, then the paused and active counts: whether it is open, the name, the callers waiting and the agents logged in stay.
  const columns: Column<QueueRow>[] = [
    {
      title: 'OT',
      width: 2,
      cell: (r) => (r.open ? '●' : '○'),
      style: (r) => (r.open ? { color: theme.success, bold: true } : { color: theme.muted, dim: !theme.color }),
    },
    { title: 'Queue', width: 14, flex: true, cell: (r) => `${r.kind === 'voice' ? '☎ ' : ''}${r.name}${r.kind === 'voice' ? ` (${r.id})` : ''}` },
    // A queue row has room to spell its channels out, even at 80 columns.
    { title: 'Channels', width: wide ? 26 : 20, drop: 1, cell: (r) => channelWords(r.channels) },
    { title: 'Wait', width: 5, align: 'right', cell: (r) => String(r.waiting), style: (r) => (r.waiting > 0 ? { color: theme.warning, bold: true } : undefined) },
    { title: 'Active', width: 6, drop: 3, align: 'right', cell: (r) => String(r.active) },
    { title: wide ? 'Logged in' : 'In', width: wide ? 9 : 4, align: 'right', cell: (r) => String(r.loggedIn), style: (r) => (r.loggedIn === 0 ? { color: theme.danger } : undefined) },
    { title: 'Paused', width: 6, drop: 2, align: 'right', cell: (r) => String(r.paused) },
  ];
  if (wide) {
    const v = (f: (s: NonNullable<QueueRow['voice']>) => string) => (r: QueueRow) => (r.kind === 'voice' && r.voice ? f(r.voice) : '');
    columns.push(
      { title: 'MWT', width: 7, align: 'right', cell: v((s) => (s.waiting > 0 && s.oldestWaitingSince ? formatDuration(now - s.oldestWaitingSince) : '—')) },
      { title: 'Answered', width: 8, align: 'right', cell: v((s) => String(s.answered)) },
      { title: 'Abandoned', width: 9, align: 'right', cell: v((s) => String(s.abandoned)) },
      { title: 'Declined', width: 8, align: 'right', cell: v((s) => String(s.declined)) },
      { title: 'SL', width: 4, align: 'right', cell: v((s) => (s.answered > 0 ? `${Math.round((s.answeredWithinServiceLevel / s.answered) * 100)}%` : '—')) },
    );
  }
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      <Summary summary={summary} described={described} width={inner} />
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(r) => `${r.kind}:${r.id}`}
        selected={selected}
        height={tableHeight}
        width={inner}
        groups={[
          { title: 'Queue details', columns: 3 },
          { title: 'Current', columns: 2 },
          { title: wide ? "Agents' states" : 'Agents', columns: 2 },
          ...(wide ? [{ title: 'Voice today', columns: 5 }] : []),
        ]}
        empty={described ? 'No queue matches the filters (F clears them).' : 'You are not a member of any queue.'}
      />
      {(current ? linesOf(current) : ['']).map((line, i) => (
        <Text key={i} color={theme.muted} wrap="truncate">
          {line}
        </Text>
      ))}
    </Box>
  );
}
