import { Box, Text } from 'ink';
import React from 'react';
import { clockWidth, oneLine, pad } from '../../../ui/format.js';
import { ItemList } from '../../../ui/ItemList.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { customerLabel, queueName } from '../../chats/chats.js';
import type { ChatListProps } from './chat-list-props.js';
import { startTime } from './time.js';

/**
 * Unassigned Chats of each of my queues: a heading per queue with how many
 * chats wait there (`waitingIn`: the desk's count, not the queue's, which
 * includes its email), then the next ones to take (the queue's waiting preview: the
 * panel is sent the next few, not the whole backlog), each with its
 * customer, start time and a preview of what was said, with a marker (not a
 * count, as the manual has it) when it has unread messages.
 */
export function UnassignedList({ chats, store, selected, width, height, focused, waitingIn }: ChatListProps & { waitingIn(queue: string): number }) {
  const theme = useTheme();
  const now = store.serverNow();
  const wide = width >= 100;
  const cols = { unread: 2, customer: wide ? 22 : 18, start: clockWidth() };
  const preview = Math.max(8, width - 2 - cols.unread - cols.customer - cols.start - 3);
  const perQueue = new Map<string, number>();
  for (const c of chats) perQueue.set(c.queue, (perQueue.get(c.queue) ?? 0) + 1);
  // The first chat of each queue carries the queue's heading.
  const first = new Set(chats.filter((c, i) => i === 0 || chats[i - 1]!.queue !== c.queue).map((c) => c.id));
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate" bold color={theme.muted} underline={!theme.color}>
        {'  '}
        {pad('', cols.unread)} {pad('Customer', cols.customer)} {pad(wide ? 'Started' : 'Start', cols.start)} {pad('Preview', preview)}
      </Text>
      <ItemList
        items={chats}
        itemKey={(c) => c.id}
        selected={chats.length ? selected : null}
        height={height - 1}
        width={width}
        empty="No chat is waiting in your queues."
        count={(c) => (first.has(c.id) ? 2 : 1)}
        lines={(c, on) => {
          const row = (
            <Text wrap="truncate" inverse={on && focused} bold={on}>
              {on ? '› ' : '  '}
              <Text color={theme.danger} bold>
                {pad(c.unread > 0 ? '●' : '', cols.unread)}
              </Text>{' '}
              {pad(customerLabel(c), cols.customer)} {pad(startTime(c.createdAt, now), cols.start)}{' '}
              <Text color={on ? undefined : theme.muted}>{pad(oneLine(c.preview) || '(nothing written yet)', preview)}</Text>
            </Text>
          );
          if (!first.has(c.id)) return [row];
          return [
            <Text wrap="truncate" bold color={theme.accent}>
              {queueName(store.catalog, c.queue)} <Text color={theme.muted}>({waitingText(perQueue.get(c.queue) ?? 0, waitingIn(c.queue))})</Text>
            </Text>,
            row,
          ];
        }}
      />
    </Box>
  );
}

/** "3 waiting", or "250 waiting, the next 5 shown" when the queue holds more than its preview. */
function waitingText(shown: number, total: number): string {
  const all = Math.max(shown, total);
  return all > shown ? `${all} waiting, the next ${shown} shown` : `${all} waiting`;
}
