import React from 'react';
import type { QueueStats } from '../../../core/protocol/model.js';
import { DataTable, type Column } from '../../../ui/DataTable.js';
import { formatDuration } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { mwtMs, overThreshold, type CatalogQueue } from '../../calls/queues.js';

interface Row {
  queue: CatalogQueue;
  stats: QueueStats | undefined;
  mwt: number | null;
}

/**
 * The manual's Queues columns: Queue, Calls (waiting), Busy, Idle, Paused, MWT.
 * MWT is drawn from the longest waiting caller's arrival on the server's
 * clock, so it runs between statistics events; over the agent's threshold it
 * turns red (bold and inverse without colour).
 */
export function QueueTable({
  queues,
  stats,
  now,
  thresholdMinutes,
  width,
  height,
  selected,
  empty,
}: {
  queues: CatalogQueue[];
  stats: (number: string) => QueueStats | undefined;
  now: number;
  thresholdMinutes: number;
  width: number;
  height: number;
  selected: number | null;
  empty: string;
}) {
  const theme = useTheme();
  const rows: Row[] = queues.map((queue) => {
    const s = stats(queue.number);
    return { queue, stats: s, mwt: mwtMs(s, now) };
  });
  // Narrower than the columns, the counts of agents give way (Paused first) before the callers waiting and MWT.
  const columns: Column<Row>[] = [
    { title: 'Queue', width: 16, flex: true, cell: (r) => `${r.queue.name} (${r.queue.number})` },
    {
      title: 'Calls',
      width: 5,
      align: 'right',
      cell: (r) => String(r.stats?.waiting ?? 0),
      style: (r) => ((r.stats?.waiting ?? 0) > 0 ? { color: theme.warning, bold: true } : undefined),
    },
    { title: 'Busy', width: 5, drop: 3, align: 'right', cell: (r) => String(r.stats?.busy ?? 0) },
    { title: 'Idle', width: 5, drop: 2, align: 'right', cell: (r) => String(r.stats?.idle ?? 0) },
    { title: 'Paused', width: 6, drop: 1, align: 'right', cell: (r) => String(r.stats?.paused ?? 0) },
    {
      title: 'MWT',
      width: 8,
      align: 'right',
      cell: (r) => (r.mwt === null ? '—' : formatDuration(r.mwt)),
      style: (r) => (overThreshold(r.mwt, thresholdMinutes) ? { color: theme.danger, bold: true, inverse: !theme.color } : undefined),
    },
  ];
  return <DataTable columns={columns} rows={rows} rowKey={(r) => r.queue.number} selected={selected} height={height} width={width} empty={empty} />;
}
