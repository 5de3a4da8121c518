import { Box, Text } from 'ink';
import React, { useEffect, useState } from 'react';
import type { ClientError } from '../../../client/session.js';
import { agentChatId, unreadIn } from '../../../core/protocol/agent-chat.js';
import type { Agent } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { ErrorText } from '../../../ui/ErrorText.js';
import { formatClock, wrapLines } from '../../../ui/format.js';
import { TextField } from '../../../ui/TextField.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { useStore } from '../../hooks.js';
import { agentStatus } from '../../calls/agents.js';
import { colleaguesTyping, typingSentence } from '../../agent-chat/TypingToMe.js';
import { useTypingNotice } from '../../chats/typing.js';
import { useNow } from '../../../ui/hooks.js';

/**
 * The Agents tab's Chat: the conversation with one colleague, newest at the
 * bottom, and a line to write on. Enter sends; Esc closes and keeps what was
 * typed. Reading it marks the colleague's messages seen.
 */
export function AgentChatDialog({
  other,
  draft,
  onDraft,
  width,
  height,
  onClose,
}: {
  other: Agent;
  draft: string;
  onDraft: (text: string) => void;
  width: number;
  height: number;
  onClose: () => void;
}) {
  const theme = useTheme();
  const { client } = useApp();
  const store = useStore(client);
  const me = store.me ?? '';
  const chat = store.get('agentChat', agentChatId(me, other.id));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The colleague sees that we write to them (a supervisor's name with it: the manual's Supervisor Typing Notification).
  const typing = useTypingNotice(client, other.id, (to, on) => void client.send('agentchat.typing', { to, typing: on }).catch(() => {}));
  const writing = colleaguesTyping(store, useNow(1000), other.id);

  const unread = chat ? unreadIn(chat, me) : 0;
  useEffect(() => {
    if (unread > 0) client.send('agentchat.seen', { with: other.id }).catch(() => {});
  }, [client, unread, other.id]);

  const send = async () => {
    typing.stopped();
    setBusy(true);
    setError(null);
    try {
      await client.send('agentchat.send', { to: other.id, text: draft });
      onDraft('');
    } catch (e) {
      // The draft stays, to be corrected and sent again.
      setError((e as ClientError).message);
    } finally {
      setBusy(false);
    }
  };
  useCommands(
    'agent-chat',
    {
      'agentChat.send': draft.trim() && !busy ? () => void send() : undefined,
      'agentChat.close': () => {
        typing.stopped();
        onClose();
      },
    },
    { priority: PRIORITY.overlay, modal: true },
  );

  const room = width - 4;
  const now = store.serverNow();
  const lines = wrapLines(
    (chat?.messages ?? []).map((m) => `${formatClock(m.at, now)} ${m.from === me ? 'You' : other.name}: ${m.text.replace(/\n/g, ' ')}`),
    room,
  );
  const logRows = Math.max(1, height - 4 - (error ? 1 : 0) - (writing.length ? 1 : 0));
  const shown = lines.slice(-logRows);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width} height={height}>
      <Text bold wrap="truncate">
        Chat with {other.name} ({other.id})
        <Text color={theme.muted} bold={false}>
          {'  '}
          {agentStatus(other)}
        </Text>
      </Text>
      <Box flexDirection="column" height={logRows}>
        {shown.length === 0 ? <Text color={theme.muted}>No messages yet. Write one below; {other.name} sees it now or at their next login.</Text> : null}
        {shown.map((line, i) => (
          <Text key={i} wrap="truncate">
            {line}
          </Text>
        ))}
      </Box>
      {writing.length ? (
        <Text italic color={theme.accent} wrap="truncate">
          {typingSentence(writing)}
        </Text>
      ) : null}
      <TextField
        label="Message"
        labelWidth={9}
        value={draft}
        onChange={(text) => {
          onDraft(text);
          typing.typed();
        }}
        focused
        width={room}
        priority={PRIORITY.overlay + 1}
      />
      {error ? <ErrorText wrap="wrap">{error}</ErrorText> : null}
    </Box>
  );
}
