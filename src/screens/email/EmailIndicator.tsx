import { Text } from 'ink';
import React from 'react';
import type { ClientStore } from '../../client/store.js';
import { useTheme } from '../../ui/ThemeContext.js';
import { chatFigures } from '../chats/chats.js';
import { isEmail } from './EmailContext.js';

/**
 * The header's email count, beside the chats': nothing while there is no
 * email (most of a voice agent's day), else "✉2 ●3 +1" at 80 columns (my
 * emails, the manual's red count of new emails, emails waiting unassigned in
 * my queues) and "Email 2 · 3 new · 1 waiting" from 100 columns.
 */
export function EmailIndicator({ store, me, width }: { store: ClientStore; me: string; width: number }) {
  const theme = useTheme();
  const queues = store.myAgent()?.session?.messagingQueues ?? [];
  if (queues.length === 0) return null;
  const { assigned, unread, waiting } = chatFigures(store.list('conversation'), me, queues, isEmail);
  if (assigned + unread + waiting === 0) return null;
  const wide = width >= 100;
  return (
    <Text>
      <Text color={theme.muted}>{wide ? ' Email ' : ' ✉'}</Text>
      <Text bold>{assigned}</Text>
      {unread > 0 ? (
        <Text color={theme.danger} bold>
          {wide ? ` · ${unread} new` : ` ●${unread}`}
        </Text>
      ) : null}
      {waiting > 0 ? <Text color={theme.warning} bold={!theme.color}>{wide ? ` · ${waiting} waiting` : ` +${waiting}`}</Text> : null}
    </Text>
  );
}
