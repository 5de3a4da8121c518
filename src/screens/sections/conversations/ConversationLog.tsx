import { Box, Text } from 'ink';
import React, { useEffect, useState } from 'react';
import type { Conversation, Message } from '../../../core/protocol/model.js';
import { command } from '../../../keys/registry.js';
import { PRIORITY, useCommands, type Handlers } from '../../../keys/router.js';
import { useBoundHint, type HintPart } from '../../../ui/bound-hint.js';
import { formatDateTime, oneLine, timeOfDay, wrapLines } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { CHANNEL_LONG, STATUS } from '../../dashboard/conversations.js';
import { useAgentNames, useStore } from '../../hooks.js';
import { customerLabel, mergeLog, SURVEY_SENDER } from '../../chats/chats.js';
import { omittedText } from '../../chats/log-lines.js';
import { FilesDialog } from '../../files/FilesDialog.js';
import { filesOf } from '../../files/files.js';
import { LOG_SCROLL_HINT, LogLines, LogTitle, useLogScroll, type Line } from './LogLines.js';
import { messageHead } from './message-head.js';

const clock = (at: number) => timeOfDay(at);

/**
 * The log's keys, read from the commands bound (the agent's own): scrolling
 * while there is more to see, and files, assign and close only where they
 * have a handler (an agent, or a closed conversation, gets no assign or close).
 */
const LOG_HINT: readonly HintPart[] = [
  LOG_SCROLL_HINT,
  ...(['conversations.files', 'conversations.assign', 'conversations.close'] as const).map((id) => ({ ids: [id], label: command(id).label })),
  { ids: ['dialog.close'], label: 'close' },
];

/**
 * Show conversation: the whole log of a conversation from the lists, as
 * conversation.messages returns it (oldest first), read-only and scrollable.
 * Whether the agent may read it is the server's rule (mayView).
 */
export function ConversationLog({
  id,
  width,
  height,
  onClose,
  live = false,
  actions,
}: {
  id: string;
  width: number;
  height: number;
  onClose: () => void;
  /** An active conversation: what arrives while it is open is added as it comes (read-only), the latest kept in view. */
  live?: boolean;
  /** Keys that act on the conversation from here (a supervisor's assign and close). */
  actions?: Handlers;
}) {
  const theme = useTheme();
  const { client } = useApp();
  const store = useStore(client);
  const [fetched, setLog] = useState<{ conversation: Conversation; messages: Message[]; omitted: number } | null>(null);
  const [filesOpen, setFilesOpen] = useState(false);
  // Live: the store has every event about it since (supervisors and its queue's members see them).
  const log = fetched && live ? { conversation: store.get('conversation', id) ?? fetched.conversation, messages: mergeLog(fetched.messages, store.messagesByConversation().get(id) ?? []) } : fetched;
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    client.send('conversation.messages', { id }).then(
      (r) => live && setLog(r),
      (e: Error) => live && setError(e.message),
    );
    return () => void (live = false);
  }, [client, id]);

  const name = useAgentNames(client, log ? [log.conversation.agent, ...log.messages.map((m) => m.agent)] : []);
  const room = width - 4;
  const lines: Line[] = [];
  if (log) {
    const c = log.conversation;
    const agentName = (n: string | null) => (n ? name(n) : 'nobody');
    const queue = store.catalog?.messagingQueues.find((q) => q.id === c.queue)?.name ?? c.queue;
    lines.push({ text: `${queue} · ${CHANNEL_LONG[c.channel] ?? c.channel} · ${STATUS[c.status] ?? c.status} · agent ${agentName(c.agent)}`, tone: 'muted' });
    lines.push({
      text: `${customerLabel(c)}${c.customer.email ? ` <${c.customer.email}>` : ''}${c.customer.phone ? ` ${c.customer.phone}` : ''} · started ${formatDateTime(c.createdAt)}${c.closedAt ? ` · closed ${formatDateTime(c.closedAt)}` : ''}`,
      tone: 'muted',
    });
    if (c.survey) lines.push({ text: `Agent rate ${c.survey.score}/10${c.survey.comment ? ` — "${c.survey.comment}"` : ''}`, tone: 'accent' });
    if (fetched?.omitted) lines.push({ text: omittedText(fetched.omitted), tone: 'muted' });
    for (const m of log.messages) {
      // The customer as the agents know them: the linked contact's name, as the conversation's own card says.
      const who = m.author === 'customer' ? customerLabel(c) : m.author === 'agent' ? agentName(m.agent) : m.author === 'bot' ? SURVEY_SENDER : null;
      const files = m.attachments.map((a) => `[${a.name}, ${Math.max(1, Math.round(a.size / 1024))} KB]`).join(' ');
      const body = [m.text, files].filter(Boolean).join(' ');
      const { head, indent } = messageHead(clock(m.at), who, room);
      wrapLines(body.split('\n'), Math.max(10, room - indent)).forEach((l, i) =>
        lines.push({ text: `${i === 0 ? head : ' '.repeat(indent)}${l}`, tone: who ? (m.author === 'customer' ? 'bold' : undefined) : 'muted' }),
      );
    }
    if (log.messages.length === 0) lines.push({ text: 'No messages.', tone: 'muted' });
    const peek = live && log.conversation.status !== 'closed' ? store.typing.get(id)?.text : undefined;
    if (peek) lines.push({ text: `✎ ${customerLabel(c)} is typing: ${oneLine(peek)}`, tone: 'accent' });
  }
  const files = log ? filesOf(log.messages, (m) => (m.author === 'customer' ? customerLabel(log.conversation) : m.author === 'agent' ? (store.get('agent', m.agent ?? '')?.name ?? m.agent ?? '') : SURVEY_SENDER)) : [];
  useCommands('dialog', { 'dialog.close': onClose }, { priority: PRIORITY.overlay, modal: true, active: !filesOpen });
  const handlers: Handlers = { ...(actions ?? {}), 'conversations.files': files.length ? () => setFilesOpen(true) : undefined };
  useCommands('conversations', handlers, { priority: PRIORITY.overlay + 1, active: !filesOpen });
  const { at, view } = useLogScroll(lines.length, height, live, !filesOpen);
  const logHint = useBoundHint(LOG_HINT);
  const following = live && log?.conversation.status !== 'closed';
  if (filesOpen) return <FilesDialog files={files} width={width} height={height} onClose={() => setFilesOpen(false)} />;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width} height={height}>
      <LogTitle title={`Conversation ${id}${following ? ' · live, read-only' : ''}`} total={lines.length} at={at} view={view} />
      {error ? <Text color={theme.danger}>{error}</Text> : !log ? <Text color={theme.muted}>Loading the conversation…</Text> : null}
      <LogLines lines={lines} at={at} view={view} room={room} />
      <Box flexGrow={1} />
      <Text color={theme.muted} wrap="truncate">
        {logHint}
      </Text>
    </Box>
  );
}

