import { Text } from 'ink';
import React from 'react';
import type { ClientStore } from '../../client/store.js';
import { useTheme } from '../../ui/ThemeContext.js';
import { chatFigures } from './chats.js';
import { waitingIn } from './waiting.js';

const notEmail = (c: { channel: string }) => c.channel !== 'email';

/**
 * The header's chat count: "Chats 2", then unread messages and chats waiting
 * unassigned in my queues only when there are any, so the usual case costs
 * eight columns of the header's first line. Narrow, unread is the lists' red
 * "●3" ("Chats 2 ●3 1 waiting" leaves the agent's state and timers whole at
 * 80 columns); from 100 columns, "Chats 2 · 3 new · 1 waiting". Nothing for an
 * agent in no messaging queue.
 */
export function ChatsIndicator({ store, me, width }: { store: ClientStore; me: string; width: number }) {
  const theme = useTheme();
  const queues = store.myAgent()?.session?.messagingQueues ?? [];
  if (queues.length === 0) return null;
  const { assigned, unread, waiting } = chatFigures(store.list('conversation'), me, queues, waitingIn(store, notEmail), notEmail);
  const wide = width >= 100;
  return (
    <Text>
      <Text color={theme.muted}> Chats </Text>
      <Text bold>{assigned}</Text>
      {unread > 0 ? (
        <Text color={theme.danger} bold>
          {wide ? ` · ${unread} new` : ` ●${unread}`}
        </Text>
      ) : null}
      {waiting > 0 ? <Text color={theme.warning} bold={!theme.color}>{`${wide ? ' ·' : ''} ${waiting} waiting`}</Text> : null}
    </Text>
  );
}
