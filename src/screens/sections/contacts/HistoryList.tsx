import { Box, Text } from 'ink';
import React, { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationRow, VoiceRow } from '../../../core/protocol/conversation-rows.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useBoundKeys } from '../../../ui/bound-hint.js';
import { DataTable, type Column } from '../../../ui/DataTable.js';
import { formatShortDateTime } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { useAgentNames, useOnChange, useStore } from '../../hooks.js';
import { CallDetails } from '../conversations/CallDetails.js';
import { ConversationLog } from '../conversations/ConversationLog.js';
import { useRecordingPlayer } from '../conversations/useRecordingPlayer.js';
import { useListKeys } from '../dashboard/list-keys.js';

type Page = { total: number; rows: ConversationRow[] };
type Item = { row: ConversationRow } | { more: number };

/**
 * Conversations and calls as a list, newest first, read a page at a time
 * from the server (a contact's History, a chat's Conversation History):
 * channel, date, agent, subject or disposition; Enter opens the log or the
 * call's details, or on the last line loads more. R reads it again, and so
 * does a timer when `refreshMs` is given (every five minutes in a chat).
 */
export function HistoryList({
  title,
  fetch,
  pageSize,
  refreshMs,
  changed = 0,
  width,
  height,
  onClose,
}: {
  title: string;
  fetch: (offset: number, limit: number) => Promise<Page>;
  pageSize: number;
  refreshMs?: number;
  /** Bumped by the owner when the server says the list may have changed. */
  changed?: number;
  width: number;
  height: number;
  onClose: () => void;
}) {
  const theme = useTheme();
  const { client } = useApp();
  // Drawn again when the store changes (the names asked for arrive there).
  useStore(client);
  const player = useRecordingPlayer();
  const [page, setPage] = useState<Page | null>(null);
  // Colleagues are not in the panel's store unless followed: their names are asked for.
  const name = useAgentNames(client, page ? page.rows.map((r) => r.agent) : []);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  const [open, setOpen] = useState<ConversationRow | null>(null);
  const loaded = page?.rows.length ?? 0;
  // The owner's fetch is a new function at each of its renders (a clock tick): the list reads
  // when it opens, on a key, on the timer and when told, not each time its owner draws.
  const source = useRef(fetch);
  source.current = fetch;
  const load = useCallback(
    (offset: number, limit: number) =>
      source.current(offset, limit).then(
        (r) => {
          setError(null);
          setPage((p) => ({ total: r.total, rows: offset === 0 ? r.rows : [...(p?.rows ?? []), ...r.rows] }));
        },
        (e: Error) => setError(e.message),
      ),
    [],
  );
  // Read again what is shown (at least a page): on a key, on the timer, when told of a change.
  const refresh = useCallback(() => void load(0, Math.max(pageSize, loaded)), [load, pageSize, loaded]);
  useEffect(() => void load(0, pageSize), [load, pageSize]);
  // Only a new change asks again; the list itself growing does not.
  useOnChange(String(changed), () => {
    if (changed) refresh();
  });
  useEffect(() => {
    if (!refreshMs) return;
    const timer = setInterval(refresh, refreshMs);
    return () => clearInterval(timer);
  }, [refresh, refreshMs]);

  const items: Item[] = (page?.rows ?? []).map((row) => ({ row }));
  if (page && page.total > loaded) items.push({ more: page.total - loaded });
  const sel = Math.min(selected, Math.max(0, items.length - 1));
  const current = items[sel];
  const visible = Math.max(1, height - 3);
  useListKeys(items.length, sel, setSelected, visible, !open);
  useCommands(
    'contacts',
    {
      'history.open': current ? () => ('row' in current ? setOpen(current.row) : void load(loaded, pageSize)) : undefined,
      'contacts.refresh': refresh,
      'contacts.back': onClose,
    },
    // Until the first page is in, ↓ and Enter typed ahead wait for its rows.
    { priority: PRIORITY.section + 2, active: !open, loading: page === null && error === null },
  );

  // The key that loads the rest, the agent's own (Load more is a row: the key that opens a row loads it).
  const loadKey = useBoundKeys()('history.open');
  if (open)
    return open.channel === 'voice' ? (
      <CallDetails row={open as VoiceRow} width={width} height={height} player={player} onClose={() => setOpen(null)} />
    ) : (
      <ConversationLog id={open.id} width={width} height={height} onClose={() => setOpen(null)} />
    );
  const agentName = (n: string | null) => (n ? name(n) : '—');
  const of = (f: (r: ConversationRow) => string) => (i: Item) => ('row' in i ? f(i.row) : '');
  // Narrower than the columns, the agent gives way, then the channel: the date and what it was about stay.
  const columns: Column<Item>[] = [
    // The last line loads the next page: its words go where the columns have room.
    { title: 'Date', width: 11, cell: (i) => ('row' in i ? formatShortDateTime(i.row.createdAt) : 'Load more') },
    { title: 'Channel', width: 9, drop: 2, cell: of((r) => (r.channel === 'voice' ? '☎ Call' : r.channel)) },
    { title: 'Agent', width: 14, drop: 1, cell: of((r) => agentName(r.agent)) },
    { title: 'Subject / disposition', width: 16, cell: (i) => ('row' in i ? i.row.subject : `${i.more} more${loadKey ? ` (${loadKey} reads them)` : ''}`), flex: true },
  ];
  const count = page ? `${page.total} conversation${page.total === 1 ? '' : 's'}` : 'loading…';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">
        {title} <Text color={theme.muted}>· {count} · newest first</Text>
      </Text>
      {error ? (
        <Text color={theme.danger} wrap="truncate">
          {error}
        </Text>
      ) : null}
      <DataTable
        columns={columns}
        rows={items}
        rowKey={(i) => ('row' in i ? i.row.id : 'more')}
        selected={items.length ? sel : null}
        height={height - 1 - (error ? 1 : 0)}
        width={width}
        empty={page ? 'No conversations you may see.' : 'Loading…'}
      />
    </Box>
  );
}
