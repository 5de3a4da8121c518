import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { Conversation } from '../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../keys/router.js';
import { useBoundHint } from '../../ui/bound-hint.js';
import { Dialog } from '../../ui/Dialog.js';
import { clockWidth, fit, oneLine, pad, wrapLines } from '../../ui/format.js';
import { ItemList } from '../../ui/ItemList.js';
import { TabStrip } from '../../ui/TabStrip.js';
import { useTheme } from '../../ui/ThemeContext.js';
import { useApp } from '../app-context.js';
import { customerLabel, queueName, statusWord, unreadCount } from '../chats/chats.js';
import { DeskScope, type ChatsTab } from '../chats/ChatsContext.js';
import { useEmail } from '../email/EmailContext.js';
import { needsReply } from '../email/needs-reply.js';
import { useStore } from '../hooks.js';
import { ChatTransferDialog } from './chats/ChatTransferDialog.js';
import { ConversationView } from './chats/ConversationView.js';
import { useNoneAssignedSentence } from './chats/none-assigned.js';
import { startTime } from './chats/time.js';

const LISTS_HINT = [
  { ids: ['tab.prev', 'tab.next'], label: 'lists' },
  { ids: ['chats.open'], label: 'open' },
] as const;

/** Under an unassigned email's preview: its keys, each while it works (bound-hint.ts). */
const PREVIEW_HINT = [
  { ids: ['chats.assign'], label: 'Assign to me' },
  { ids: ['chats.open'], label: 'read it' },
] as const;

const ORDER: ChatsTab[] = ['mine', 'unassigned'];

/** The customer's address first: the manual's lists name the customer by their email. */
const addressOf = (c: Conversation) => c.customer.email ?? customerLabel(c);

/**
 * The Email section: My Emails and Unassigned Emails (← →) with the
 * manual's columns — the customer's email, subject, queue, start time and
 * unread — Close and Transfer on My Emails, Assign to me on Unassigned
 * Emails with a preview of the selected one. Enter opens the email (card,
 * subject and status, log with quoted history folded, the composer for long
 * text) with the conversation components of Chats, given the email desk.
 */
export function EmailSection({ width, height }: { width: number; height: number }) {
  const theme = useTheme();
  const { client, act } = useApp();
  const store = useStore(client);
  const email = useEmail();
  const [dialog, setDialog] = useState<null | 'close' | 'transfer'>(null);
  const openConversation = email.openId ? store.get('conversation', email.openId) : undefined;
  const list = email.tab === 'mine' ? email.mine : email.unassigned;
  const chosen = email.selectedId(email.tab);
  const index = Math.max(0, list.findIndex((c) => c.id === chosen));
  const current = list[index];
  const move = (to: number) => {
    const next = list[Math.max(0, Math.min(list.length - 1, to))];
    if (next) email.select(email.tab, next.id);
  };
  const listing = !openConversation && !dialog;
  const mineLive = current && email.tab === 'mine' && current.agent === email.me && current.status !== 'closed';

  const other = () => email.setTab(ORDER[(ORDER.indexOf(email.tab) + 1) % ORDER.length]!);
  useCommands('tabs', { 'tab.next': other, 'tab.prev': other }, { active: listing });
  // The keys that switch lists and, while a row is there to open, the one that opens it (bound-hint.ts).
  const listsHint = useBoundHint(LISTS_HINT);
  const previewHint = useBoundHint(PREVIEW_HINT);
  useCommands(
    'chats',
    {
      'list.up': index > 0 ? () => move(index - 1) : undefined,
      'list.down': index < list.length - 1 ? () => move(index + 1) : undefined,
      'chats.open': current ? () => email.open(current.id) : undefined,
      'chats.assign':
        current && email.tab === 'unassigned'
          ? () =>
              void act('conversation.assign', { id: current.id }, `${addressOf(current)}'s email is yours now.`).then((ok) => {
                if (!ok) return;
                email.setTab('mine');
                email.select('mine', current.id);
                email.open(current.id);
              })
          : undefined,
      'email.close': mineLive ? () => setDialog('close') : undefined,
      'email.transfer': mineLive && current.status !== 'solved' ? () => setDialog('transfer') : undefined,
      'chats.hide': current && email.tab === 'mine' && current.status === 'closed' ? () => void act('conversation.hide', { id: current.id }, 'Hidden from My Emails.') : undefined,
    },
    { priority: PRIORITY.section, active: listing },
  );

  if (openConversation)
    return (
      <DeskScope value={email}>
        <ConversationView conversation={openConversation} width={width} height={height} />
      </DeskScope>
    );
  if (dialog === 'transfer' && current)
    return (
      <DeskScope value={email}>
        <ChatTransferDialog conversation={current} me={email.me} width={Math.min(width, 76)} height={height} onClose={() => setDialog(null)} onDone={() => setDialog(null)} />
      </DeskScope>
    );
  if (dialog === 'close' && current)
    return (
      <Dialog
        title="Close email"
        message={`Are you sure you want to close the email "${current.subject}"? It moves to the conversation history.`}
        confirmLabel="Close email"
        tone="danger"
        width={Math.min(60, width)}
        onCancel={() => setDialog(null)}
        onConfirm={() => {
          setDialog(null);
          void act('conversation.close', { id: current.id }, 'Email closed.');
        }}
      />
    );

  const unread = unreadCount(email.mine);
  const live = email.mine.filter((c) => c.status !== 'closed');
  const awaiting = live.filter(needsReply).length;
  const tabs = [
    { id: 'mine' as const, title: 'My Emails', badge: `${live.length}${unread ? ` ●${unread}` : ''}` },
    { id: 'unassigned' as const, title: 'Unassigned Emails', badge: email.waiting ? String(email.waiting) : undefined },
  ];
  const inner = width - 2;
  const preview = email.tab === 'unassigned' && current ? previewLines(current, queueName(store.catalog, current.queue), inner, previewHint) : [];
  const noQueues = !store.myAgent()?.session?.messagingQueues.length;
  const body = height - 1;
  // The list holds the next few of each queue; the count is how many wait.
  const shown = email.unassigned.length < email.waiting ? ` · the next ${email.unassigned.length} shown` : '';
  const summary = email.tab === 'mine' ? `${live.length} assigned · ${awaiting} to reply to` : `${email.waiting} unassigned in your queues${shown}`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TabStrip tabs={tabs} current={email.tab} width={width} hint={listsHint} />
      <Box flexDirection="column" paddingX={1} height={body}>
        <Text color={theme.muted} wrap="truncate">
          {noQueues ? 'You are in no messaging queue this session: no email comes to you (see Profile).' : summary}
        </Text>
        <EmailList items={list} selected={index} width={inner} height={body - 1 - preview.length} now={store.serverNow()} queue={(id) => queueName(store.catalog, id)} tab={email.tab} />
        {preview.map((line, i) => (
          <Text key={i} color={i === 0 ? theme.accent : undefined} bold={i === 0} wrap="truncate">
            {line}
          </Text>
        ))}
      </Box>
    </Box>
  );
}

/** The manual's columns: unread, the customer's email, subject, queue, start time (and status on My Emails). */
function EmailList({ items, selected, width, height, now, queue, tab }: { items: Conversation[]; selected: number; width: number; height: number; now: number; queue: (id: string) => string; tab: ChatsTab }) {
  const theme = useTheme();
  const noneAssigned = useNoneAssignedSentence('emails');
  const wide = width >= 100;
  const cols = { unread: 4, customer: wide ? 28 : 20, start: clockWidth(), queue: wide ? 18 : 12, status: tab === 'mine' ? 8 : 0 };
  const room = (queue: number) => width - 2 - cols.unread - cols.customer - cols.start - queue - cols.status - (queue ? 5 : 4);
  // Too narrow for every column (60 columns), the queue gives way whole: the line was cut at the edge, and the
  // start time and status with it ("Start S…").
  if (room(cols.queue) < 8) cols.queue = 0;
  const subject = Math.max(8, room(cols.queue));
  const queueCell = (text: string) => (cols.queue ? `${pad(text, cols.queue)} ` : '');
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate" bold color={theme.muted} underline={!theme.color}>
        {'  '}
        {pad('New', cols.unread)} {pad("Customer's email", cols.customer)} {pad('Subject', subject)} {queueCell('Queue')}{pad(wide ? 'Started' : 'Start', cols.start)}
        {cols.status ? ` ${pad('Status', cols.status)}` : ''}
      </Text>
      <ItemList
        items={items}
        itemKey={(c) => c.id}
        selected={items.length ? selected : null}
        height={Math.max(1, height - 1)}
        width={width}
        count={() => 1}
        empty={tab === 'mine' ? noneAssigned : 'No email waits unassigned in your queues.'}
        lines={(c, on) => {
          const grey = c.status === 'closed';
          return [
            <Text wrap="truncate" inverse={on} bold={on} dimColor={grey} color={grey ? theme.muted : undefined}>
              {on ? '› ' : '  '}
              <Text color={grey ? undefined : theme.danger} bold={c.unread > 0}>
                {pad(c.unread > 0 && !grey ? `●${c.unread}` : '', cols.unread)}
              </Text>{' '}
              {pad(addressOf(c), cols.customer)} {pad(c.subject, subject)} {queueCell(queue(c.queue))}{pad(startTime(c.createdAt, now), cols.start)}
              {cols.status ? ` ${pad(statusWord(c, true), cols.status)}` : ''}
            </Text>,
          ];
        }}
      />
    </Box>
  );
}

/**
 * Unassigned Emails' quick look: who, that it waits for someone to take it
 * (as the email's own view and an unassigned chat say; its status word,
 * "Open", read as an action and is, in the manual, what an email becomes once
 * given to an agent), and the start of what they wrote.
 */
function previewLines(c: Conversation, queue: string, width: number, keys: string): string[] {
  const words = wrapLines([oneLine(c.preview)], width).slice(0, 2);
  return [fit(`Preview · ${addressOf(c)} · waiting unassigned in ${queue}`, width), ...words, ...(keys ? [keys] : [])];
}
