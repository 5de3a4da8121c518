import { useCallback, useEffect, useRef } from 'react';
import type { AgentClient } from '../../client/session.js';

/** While typing, say so again at most this often (the customer's three dots stay on). */
const REPEAT_MS = 3_000;
/** No key for this long: the agent has stopped typing. */
const IDLE_MS = 5_000;

/**
 * Tell the customer when the agent types (conversation.typing true/false):
 * true at the first key and again every few seconds while keys keep coming,
 * false after a pause, on sending, on leaving the composer and on leaving the
 * conversation. Throttled, and only while online: a typing notice delivered
 * late from the journal would be wrong.
 */
export function useAgentTyping(client: AgentClient, conversationId: string | null): { typed(): void; stopped(): void } {
  const state = useRef<{ id: string | null; typing: boolean; lastSent: number; idle: NodeJS.Timeout | null }>({ id: null, typing: false, lastSent: 0, idle: null });

  const send = useCallback(
    (id: string, typing: boolean) => {
      if (client.connection !== 'online' || client.session !== 'logged-in') return;
      client.send('conversation.typing', { id, typing }).catch(() => {});
    },
    [client],
  );

  const stopped = useCallback(() => {
    const s = state.current;
    if (s.idle) clearTimeout(s.idle);
    s.idle = null;
    if (s.typing && s.id) send(s.id, false);
    s.typing = false;
  }, [send]);

  const typed = useCallback(() => {
    const s = state.current;
    if (!s.id) return;
    const now = Date.now();
    if (!s.typing || now - s.lastSent >= REPEAT_MS) {
      send(s.id, true);
      s.typing = true;
      s.lastSent = now;
    }
    if (s.idle) clearTimeout(s.idle);
    s.idle = setTimeout(stopped, IDLE_MS);
  }, [send, stopped]);

  // Another conversation, or none: the previous one is no longer being typed in.
  useEffect(() => {
    state.current.id = conversationId;
    return () => stopped();
  }, [conversationId, stopped]);

  return { typed, stopped };
}
