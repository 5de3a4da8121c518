import { Box, Text } from 'ink';
import React, { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { ConversationRow } from '../../../core/protocol/conversation-rows.js';
import type { Conversation } from '../../../core/protocol/model.js';
import type { CommandArgs } from '../../../core/protocol/commands.js';
import { LIVE_BATCH_EVENT, type LiveUpdate } from '../../../core/protocol/live.js';
import type { EventFrame } from '../../../core/protocol/events.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { DataTable, type Column } from '../../../ui/DataTable.js';
import { fitParts, formatDateTime, formatDuration, formatShortDateTime } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { channelLabel, conversationFilters, customerText, listArgs, queueLabel, recordingOf, shortId, STATUS } from '../../dashboard/conversations.js';
import { useDashboard, type ConversationsTab } from '../../dashboard/DashboardContext.js';
import { activeFilters, describeFilters } from '../../dashboard/filters.js';
import { PagedList } from '../../dashboard/paged-list.js';
import { useAgentNames, useStore } from '../../hooks.js';
import { FilterForm } from '../dashboard/FilterForm.js';
import { Summary, summaryLines } from '../dashboard/Summary.js';
import { useListKeys } from '../dashboard/list-keys.js';
import type { RecordingPlayer } from './useRecordingPlayer.js';
import { supervisorKeys, type SupervisorAct } from './SupervisorActions.js';
import { useSelectionFollowsRow } from './use-selection-follows-row.js';
import { catalogAgent } from '../../../core/protocol/catalog.js';

interface Row {
  i: number;
  c: ConversationRow | undefined;
}

/**
 * Which events can change a list: any conversation (or a queue's counts) for
 * Active; for Closed a closing, or a call record (an answered call leaving
 * an agent's list, or its recording arriving).
 */
function touches(state: ConversationsTab, ev: EventFrame): boolean {
  // A queue's figures or waiting work changed (another agent's conversation moved): they come in live batches.
  if (ev.ev === LIVE_BATCH_EVENT) return state === 'active' && (ev.data.updates as LiveUpdate[]).some((u) => u.ev === 'mqueue.stats' || u.ev === 'mqueue.waiting');
  if (ev.ev === 'callRecord.updated') return state === 'closed';
  if (ev.ev !== 'conversation.updated') return false;
  return state === 'active' || (ev.data.conversation as Conversation | undefined)?.status === 'closed';
}

/**
 * The rows of one list, fetched from the server a page at a time as the
 * window moves. When an event says the list may have changed, the pages in
 * view are fetched again — at most once per `refreshMs` (the agent's refresh
 * setting), however many events arrive: nothing polls on its own.
 */
function usePagedConversations(state: ConversationsTab, args: Record<string, string | number | boolean>, refreshMs: number) {
  const { client } = useApp();
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const key = JSON.stringify(args);
  // A new list when the filters change (by value: a new args object with the same filters is the same list).
  const list = useMemo(() => {
    const filters = JSON.parse(key) as typeof args;
    return new PagedList((offset, limit) => client.send('conversations.list', { ...filters, offset, limit } as CommandArgs<'conversations.list'>), bump);
  }, [client, key]);
  const view = useRef({ from: 0, to: 0 });
  useEffect(() => {
    let timer: NodeJS.Timeout | null = null;
    let last = Date.now();
    const fire = () => {
      timer = null;
      last = Date.now();
      list.refresh(view.current.from, view.current.to);
    };
    const off = client.onEvent((ev) => {
      if (timer || !touches(state, ev)) return;
      timer = setTimeout(fire, Math.max(0, last + refreshMs - Date.now()));
    });
    // Pages are read only while connected (never journaled): a read that failed offline is made again once back.
    const offLink = client.onChange(() => {
      if (client.connection === 'online' && list.error && !timer) timer = setTimeout(fire, 0);
    });
    return () => {
      off();
      offLink();
      if (timer) clearTimeout(timer);
      list.close();
    };
  }, [client, list, refreshMs, state]);
  return { list, view };
}

/**
 * Conversations > Active or Closed: the manual's columns, filters on each
 * (applied by the server, over the whole list), the total, Show conversation
 * and — for a voice conversation (an answered call, in Closed) with a
 * recording — Play recording. Only the rows in view are drawn, and only
 * their pages fetched.
 */
export function ConversationList({
  state,
  me,
  supervisor,
  width,
  height,
  refreshMs,
  onShow,
  onAct,
  player,
  hidden = false,
}: {
  state: ConversationsTab;
  me: string;
  supervisor: boolean;
  width: number;
  height: number;
  refreshMs: number;
  onShow: (row: ConversationRow) => void;
  /** A supervisor acts on an active conversation: assign it, or close it. */
  onAct?: (kind: SupervisorAct, conversation: Conversation) => void;
  player: RecordingPlayer;
  /** Under Show conversation: kept mounted (selection and pages stay) but not drawn, its keys unbound. */
  hidden?: boolean;
}) {
  const theme = useTheme();
  const { client } = useApp();
  const store = useStore(client);
  const dash = useDashboard();
  const filters = dash.conversationFilters[state];
  const [filtering, setFiltering] = useState(false);
  const [selected, setSelected] = useState(0);
  const openedAt = useMemo(() => Date.now(), []);
  const args = useMemo(() => listArgs(state, filters, openedAt), [state, filters, openedAt]);
  const { list, view } = usePagedConversations(state, args, refreshMs);

  const myQueues = supervisor ? (store.catalog?.messagingQueues ?? []).map((q) => q.id) : (catalogAgent(store.catalog, me)?.messagingQueues ?? []);
  const myVoiceQueues = catalogAgent(store.catalog, me)?.voiceQueues ?? [];
  const fields = conversationFilters(store.catalog, myQueues, state, myVoiceQueues);
  const total = list.total ?? 0;
  const sel = Math.min(selected, Math.max(0, total - 1));
  const described = describeFilters(fields, filters);
  const count = list.total === null ? (list.error ? '' : 'counting…') : `Total conversations: ${total.toLocaleString('en-US')}`;
  // The summary (the filters on a line of their own if need be), the table, the selected row's details.
  // The summary is measured at its longest ("rows N-N"), so the table does not jump while scrolling.
  const longest = `${count} · rows ${total.toLocaleString('en-US')}-${total.toLocaleString('en-US')}`;
  const tableHeight = Math.max(3, height - 1 - summaryLines(longest, described, width - 2));
  const visible = Math.max(1, tableHeight - 1);
  // The window follows the selection like a terminal pager: it moves only when the selection leaves it.
  const topRef = useRef(0);
  let top = topRef.current;
  if (sel < top) top = sel;
  if (sel >= top + visible) top = sel - visible + 1;
  top = Math.max(0, Math.min(top, Math.max(0, total - visible)));
  topRef.current = top;
  view.current = { from: top, to: top + visible - 1 };
  const shownAgents: string[] = [];
  for (let i = top; i < Math.min(total, top + visible); i++) shownAgents.push(list.row(i)?.agent ?? '');
  const names = useAgentNames(client, shownAgents);
  useEffect(() => {
    // The first page arrives with the total; afterwards fetch what the window shows, and the next screenful ahead.
    list.want(top, list.total === null ? top : Math.min(list.total - 1, top + 2 * visible));
  }, [list, top, visible, total]);

  const current = list.row(sel);
  const recording = current ? recordingOf(current) : null;
  const playing = recording !== null && player.current?.fileId === recording.fileId;
  useListKeys(total, sel, setSelected, visible, !filtering && !hidden);
  useSelectionFollowsRow(sel, setSelected, (i) => list.row(i)?.id, (id) => list.indexOf(id));
  useCommands(
    'conversations',
    {
      'dash.filter': () => setFiltering(true),
      'dash.clearFilters': activeFilters(filters)
        ? () => {
            dash.setConversationFilters(state, {});
            setSelected(0);
          }
        : undefined,
      'conversations.show': current ? () => onShow(current) : undefined,
      // P plays the selected row's recording, or stops it while it plays.
      'conversations.play': recording && !playing ? () => player.toggle(recording) : undefined,
      'conversations.stop': recording && playing ? () => player.toggle(recording) : undefined,
      ...supervisorKeys(supervisor && state === 'active' && current && current.channel !== 'voice' ? current : null, onAct),
    },
    // Until the first page is in, ↓ and Enter typed ahead wait for its rows.
    { priority: PRIORITY.section, active: !filtering && !hidden, loading: list.total === null && list.error === null },
  );

  if (hidden) return null;
  if (filtering)
    return (
      <FilterForm
        title={`Filter ${state} conversations`}
        fields={fields}
        initial={filters}
        width={Math.min(width, 72)}
        now={Date.now()}
        onCancel={() => setFiltering(false)}
        onApply={(f) => {
          dash.setConversationFilters(state, f);
          setSelected(0);
          topRef.current = 0;
          setFiltering(false);
        }}
      />
    );

  const inner = width - 2;
  const wide = inner >= 110;
  const agentName = (n: string | null) => (n ? names(n) : 'unassigned');
  const on = (f: (c: ConversationRow) => string) => (r: Row) => (r.c ? f(r.c) : '');
  // Too narrow for all of them (below 80 columns), the ID goes first (the line under the table has it whole), then the
  // agent, the queue, the time and the channel; the customer and the state stay.
  const columns: Column<Row>[] = [
    { title: 'Queue', width: wide ? 12 : 10, drop: 3, cell: (r) => (r.c ? queueLabel(store.catalog, r.c) : 'loading…') },
    { title: 'ID', width: wide ? 13 : 9, drop: 1, cell: on((c) => shortId(c.id, wide ? 13 : 9)) },
    { title: 'Channel', width: wide ? 9 : 7, drop: 5, cell: on((c) => channelLabel(c, wide)) },
    { title: 'Agent', width: wide ? 14 : 10, drop: 2, cell: on((c) => agentName(c.agent)), style: (r) => (r.c && !r.c.agent ? { color: theme.warning } : undefined) },
    { title: 'Customer', width: wide ? 22 : 10, flex: !wide, cell: on((c) => customerText(c, wide)) },
    { title: 'Date/Time', width: wide ? 16 : 11, drop: 4, cell: on((c) => (wide ? formatDateTime(c.createdAt) : formatShortDateTime(c.createdAt))) },
  ];
  if (wide) columns.push({ title: 'Subject', width: 10, flex: true, cell: on((c) => c.subject) });
  if (state === 'active') columns.push({ title: 'State', width: 7, cell: on((c) => STATUS[c.status] ?? c.status) });
  else
    columns.push(
      { title: 'Rate', width: 4, align: 'right', cell: on((c) => (c.survey ? String(c.survey.score) : '')) },
      { title: wide ? 'Feedback' : 'Fb', width: wide ? 8 : 3, cell: on((c) => (c.survey?.comment ? 'Yes' : '')) },
    );

  const rows: Row[] = [];
  for (let i = top; i < Math.min(total, top + visible); i++) rows.push({ i, c: list.row(i) });
  const where = total > visible ? ` · rows ${(top + 1).toLocaleString('en-US')}-${(top + rows.length).toLocaleString('en-US')}` : '';
  // Parts, most important first: one with no room is left out whole (cut, an address read "kenji.novak@example.c…").
  const detail = !current
    ? []
    : current.channel === 'voice'
      ? voiceDetail(current, playing ? `▶ playing (${player.current!.player})` : recording && player.current?.fileId === recording.fileId ? 'fetching the recording…' : null)
      : [
          current.id,
          current.subject,
          current.customer.email ?? current.customer.phone ?? '',
          current.closedAt ? `closed ${formatDateTime(current.closedAt)}` : '',
          current.survey?.comment ? `"${current.survey.comment}"` : '',
        ];
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      <Summary summary={`${count}${where}`} described={described} width={inner} />
      {list.error ? (
        <Text color={theme.danger} wrap="truncate">
          {list.error}
        </Text>
      ) : null}
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(r) => String(r.i)}
        selected={total ? sel - top : null}
        height={tableHeight - (list.error ? 1 : 0)}
        width={inner}
        empty={list.total === null ? 'Loading…' : described ? 'No conversation matches the filters (F clears them).' : `No ${state} conversations you may see.`}
      />
      <Text color={theme.muted} wrap="truncate">
        {fitParts(detail, inner)}
      </Text>
    </Box>
  );
}

/** The line under the table for a call: what it was, how long, and its recording. */
function voiceDetail(row: Extract<ConversationRow, { channel: 'voice' }>, playing: string | null): string[] {
  const r = row.call;
  const heard = playing ?? (r.recording ? `recorded ${formatDuration(r.recording.seconds * 1000)}` : '');
  return [r.id, r.disposition?.name ?? 'no disposition', r.caller.number, `talk ${formatDuration(r.talkMs)}`, heard];
}
