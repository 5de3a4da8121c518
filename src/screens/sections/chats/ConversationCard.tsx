import { Box, Text } from 'ink';
import React from 'react';
import type { ClientStore } from '../../../client/store.js';
import type { Conversation } from '../../../core/protocol/model.js';
import { transferCount } from '../../../core/protocol/transfers.js';
import { fit, fitParts, formatClock } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { agentName, closureText, customerLabel, queueName, statusWord, whyText } from '../../chats/chats.js';
import { windowText } from '../../chats/reply-rules.js';

/** Lines the card takes. */
export const CARD_ROWS = 2;

/**
 * The conversation card in two lines: who and what (customer, subject,
 * status, queue), then when it started, whose it is, its transfers, how it
 * closed, and why it came to me (the rule, my free capacity and workload
 * then); on WhatsApp and Messenger first the time left to reply. The
 * profile pane (i) has each of these on a line of its own.
 */
export function ConversationCard({ conversation: c, store, me, width }: { conversation: Conversation; store: ClientStore; me: string; width: number }) {
  const theme = useTheme();
  const now = store.serverNow();
  const clock = (at: number) => formatClock(at, now);
  const status = statusWord(c);
  const right = ` ${status} · ${queueName(store.catalog, c.queue)}`;
  const left = `${customerLabel(c)} — ${c.subject}`;
  const closure = closureText(c, clock, store, me);
  const why = c.agent === me ? whyText(c, true) : null;
  // A part with no room is left out whole (the profile pane has them all): cut, at 60 columns it read "Agent unas…".
  const details = fitParts(
    [
      windowText(c, now) ?? '',
      `Started ${clock(c.createdAt)}`,
      `Agent ${c.agent ? agentName(store, c.agent, me) : 'unassigned'}`,
      `Transfers ${transferCount(c)}`,
      closure ?? (why ? `Why: ${why}` : ''),
    ],
    width,
  );
  const statusColor = c.status === 'closed' ? theme.muted : c.status === 'solved' ? theme.warning : c.status === 'waiting' ? theme.info : theme.success;
  return (
    <Box flexDirection="column" width={width}>
      <Box width={width}>
        <Box flexGrow={1} flexShrink={1} overflow="hidden">
          <Text bold wrap="truncate">
            {fit(left, Math.max(10, width - right.length - 1))}
          </Text>
        </Box>
        <Text bold color={statusColor} inverse={!theme.color && c.status !== 'open'}>
          {right}
        </Text>
      </Box>
      <Text color={theme.muted} wrap="truncate">
        {details}
      </Text>
    </Box>
  );
}
