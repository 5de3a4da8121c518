import { useEffect, useRef } from 'react';
import type { AgentClient } from '../../../client/session.js';
import type { Conversation, Message } from '../../../core/protocol/model.js';

/**
 * The agent is looking at a conversation of theirs: the customer's messages
 * are seen (their ✓✓), now and as they come. conversation.seen is sent once
 * per change of what is unseen, not once per render.
 */
export function useMarkSeen(client: AgentClient, c: Conversation, log: Message[], mine: boolean): void {
  const unseen = log.filter((m) => m.author === 'customer' && m.seenAt === null).length;
  const seenAsked = useRef('');
  useEffect(() => {
    if (!mine || (unseen === 0 && c.unread === 0)) return;
    const key = `${c.id}:${log.length}:${c.unread}:${unseen}`;
    if (seenAsked.current === key) return;
    seenAsked.current = key;
    client.send('conversation.seen', { id: c.id }).catch(() => {});
  }, [client, mine, c.id, c.unread, unseen, log.length]);
}
