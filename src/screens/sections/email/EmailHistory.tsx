import { Box, Text } from 'ink';
import React, { useCallback, useEffect, useState } from 'react';
import type { ConversationLog } from '../../../core/protocol/results.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { fit, formatDateTime, wrapLines } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { agentName, customerLabel, statusWord } from '../../chats/chats.js';
import { useStore } from '../../hooks.js';
import type { Conversation } from '../../../core/protocol/model.js';

/** The manual: eight at a time, Load more for the next eight, refreshed every five minutes. */
export const HISTORY_PAGE = 8;
export const HISTORY_REFRESH_MS = 5 * 60_000;

/**
 * Email Conversation History: the customer's earlier conversations (as the
 * server lets this agent read them: conversation.history), newest first,
 * eight shown until `n` loads eight more; the selected one's log under the
 * list, most recent message first. Read again every five minutes, and on R.
 */
export function EmailHistory({ conversation: c, width, height, onClose }: { conversation: Conversation; width: number; height: number; onClose: () => void }) {
  const theme = useTheme();
  const { client } = useApp();
  const store = useStore(client);
  const [logs, setLogs] = useState<ConversationLog[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(HISTORY_PAGE);
  const [index, setIndex] = useState(0);
  const [readAt, setReadAt] = useState<number | null>(null);

  const read = useCallback(() => {
    client.send('conversation.history', { id: c.id }).then(
      (r) => {
        setLogs(r.conversations);
        setError(null);
        setReadAt(Date.now());
      },
      (e: Error) => setError(e.message),
    );
  }, [client, c.id]);
  useEffect(() => {
    read();
    const timer = setInterval(read, HISTORY_REFRESH_MS);
    return () => clearInterval(timer);
  }, [read]);

  const list = (logs ?? []).slice(0, shown);
  const more = (logs?.length ?? 0) > shown;
  useCommands(
    'email',
    {
      'list.up': index > 0 ? () => setIndex(index - 1) : undefined,
      'list.down': index < list.length - 1 ? () => setIndex(index + 1) : undefined,
      'email.more': more ? () => setShown(shown + HISTORY_PAGE) : undefined,
      'email.refresh': read,
      'conversation.back': onClose,
    },
    { priority: PRIORITY.overlay, modal: true },
  );

  const agents = store.list('agent');
  const listRows = Math.min(list.length, Math.max(1, Math.floor((height - 3) / 2)));
  const first = Math.max(0, Math.min(index - listRows + 1, list.length - listRows));
  const selected = list[index];
  const logRoom = Math.max(0, height - 3 - listRows - (more ? 1 : 0));
  const logLines = selected
    ? wrapLines(
        [...selected.messages]
          .filter((m) => m.author !== 'system')
          .reverse()
          .map((m) => `${formatDateTime(m.at)} ${m.author === 'customer' ? customerLabel(selected.conversation) : m.author === 'agent' ? agentName(agents, m.agent) : 'Assistant'}: ${m.text.replace(/\s+/g, ' ')}`),
        width,
      ).slice(0, logRoom)
    : [];
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">
        {fit(`Email Conversation History — ${customerLabel(c)}${readAt ? ` · read ${new Date(readAt).toTimeString().slice(0, 5)}` : ''}`, width)}
      </Text>
      {error ? <Text color={theme.danger}>{fit(`Could not be read: ${error}`, width)}</Text> : null}
      {logs === null && !error ? <Text color={theme.muted}>Reading…</Text> : null}
      {logs !== null && logs.length === 0 ? <Text color={theme.muted}>{`No earlier conversations with ${customerLabel(c)}.`}</Text> : null}
      {list.slice(first, first + listRows).map((log, i) => {
        const at = first + i;
        const x = log.conversation;
        const row = `${formatDateTime(x.createdAt)}  ${x.channel === 'email' ? '✉' : '·'} ${x.subject} · ${statusWord(x)} · ${agentName(agents, x.agent)}`;
        return (
          <Text key={x.id} inverse={at === index} wrap="truncate">
            {fit(row, width)}
          </Text>
        );
      })}
      {more ? <Text color={theme.muted}>{`${(logs?.length ?? 0) - shown} more · n Load more`}</Text> : null}
      <Text color={theme.muted}>{'─'.repeat(Math.max(0, width))}</Text>
      {logLines.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line}
        </Text>
      ))}
    </Box>
  );
}
