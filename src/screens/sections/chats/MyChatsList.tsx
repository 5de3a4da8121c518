import { Box, Text } from 'ink';
import React from 'react';
import type { Conversation } from '../../../core/protocol/model.js';
import { clockWidth, oneLine, pad } from '../../../ui/format.js';
import { ItemList } from '../../../ui/ItemList.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { customerLabel, isGreyed, queueName, statusWord } from '../../chats/chats.js';
import type { ChatListProps } from './chat-list-props.js';
import { startTime } from './time.js';
import { windowShort } from '../../chats/reply-rules.js';
import { useNoneAssignedSentence } from './none-assigned.js';

/** The last message's column is never narrower than this: what the customer said is why the list is read. */
const MIN_SUBJECT = 8;

/**
 * My Chats: each chat's customer, its last message (the subject of a live
 * chat is always the same words), start time, queue and status, with its
 * unread count; a live sneak-peek line under a chat whose customer is
 * typing; chats closed by the customer, a supervisor or the survey greyed.
 * When WhatsApp or Messenger chats are listed, a Reply column says how long
 * their platform still lets us write ("tmpl" once only templates go).
 */
export function MyChatsList({ chats, store, selected, width, height, focused }: ChatListProps) {
  const theme = useTheme();
  const noneAssigned = useNoneAssignedSentence('chats');
  const now = store.serverNow();
  const wide = width >= 100;
  const windows = chats.some((c) => windowShort(c, now) !== '');
  const cols = { unread: 4, customer: wide ? 22 : 16, start: clockWidth(), queue: wide ? 18 : 14, status: 8, reply: windows ? 5 : 0 };
  const room = (queue: number) => width - 2 - cols.unread - cols.customer - cols.start - queue - cols.status - cols.reply - (windows ? 5 : 4) - (queue ? 1 : 0);
  // Too narrow for every column (60 columns), the queue gives way whole: the line was cut at the edge, and the
  // status, the last column, went with it ("Sta…").
  if (room(cols.queue) < MIN_SUBJECT) cols.queue = 0;
  const subject = Math.max(MIN_SUBJECT, room(cols.queue));
  const queueCell = (text: string) => (cols.queue ? `${pad(text, cols.queue)} ` : '');
  const reply = (text: string) => (windows ? ` ${pad(text, cols.reply)}` : '');
  const peek = (c: Conversation) => (c.status === 'closed' ? undefined : store.typing.get(c.id)?.text);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate" bold color={theme.muted} underline={!theme.color}>
        {'  '}
        {pad('New', cols.unread)} {pad('Customer', cols.customer)} {pad('Last message', subject)} {pad(wide ? 'Started' : 'Start', cols.start)} {queueCell('Queue')}{pad('Status', cols.status)}
        {reply('Reply')}
      </Text>
      <ItemList
        items={chats}
        itemKey={(c) => c.id}
        selected={chats.length ? selected : null}
        height={height - 1}
        width={width}
        empty={noneAssigned}
        count={(c) => (peek(c) ? 2 : 1)}
        lines={(c, on) => {
          const grey = isGreyed(c);
          const typing = peek(c);
          const row = (
            <Text wrap="truncate" inverse={on && focused} bold={on} dimColor={grey} color={grey ? theme.muted : undefined}>
              {on ? '› ' : '  '}
              <Text color={grey ? undefined : theme.danger} bold={!grey && c.unread > 0}>
                {pad(c.unread > 0 && !grey ? `●${c.unread}` : '', cols.unread)}
              </Text>{' '}
              {pad(customerLabel(c), cols.customer)} {pad(oneLine(c.preview) || c.subject, subject)} {pad(startTime(c.createdAt, now), cols.start)}{' '}
              {queueCell(queueName(store.catalog, c.queue))}{pad(statusWord(c, true), cols.status)}
              {reply(windowShort(c, now))}
            </Text>
          );
          if (!typing) return [row];
          return [
            row,
            <Text wrap="truncate" italic color={theme.accent}>
              {'       ✎ typing: '}
              {oneLine(typing)}
            </Text>,
          ];
        }}
      />
    </Box>
  );
}
