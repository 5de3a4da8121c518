import { useCallback, useEffect, useRef } from 'react';
import type { AgentClient } from '../../client/session.js';

/** While typing, say so again at most this often (the other side's dots stay on). */
export const REPEAT_MS = 3_000;
/** No key for this long: the agent has stopped typing. */
const IDLE_MS = 5_000;

/**
 * Tell the other side when the agent types: true at the first key and again
 * every few seconds while keys keep coming, false after a pause, on sending,
 * on leaving the field and when the target changes. `target` names who is
 * being written to (a conversation, a colleague), null for nobody; `send`
 * says it. Only while online: a typing notice delivered late would be wrong.
 */
export function useTypingNotice(client: AgentClient, target: string | null, send: (target: string, typing: boolean) => void): { typed(): void; stopped(): void } {
  const state = useRef<{ id: string | null; typing: boolean; lastSent: number; idle: NodeJS.Timeout | null }>({ id: null, typing: false, lastSent: 0, idle: null });
  const sendRef = useRef(send);
  sendRef.current = send;

  const say = useCallback(
    (id: string, typing: boolean) => {
      if (client.connection !== 'online' || client.session !== 'logged-in') return;
      sendRef.current(id, typing);
    },
    [client],
  );

  const stopped = useCallback(() => {
    const s = state.current;
    if (s.idle) clearTimeout(s.idle);
    s.idle = null;
    if (s.typing && s.id) say(s.id, false);
    s.typing = false;
  }, [say]);

  const typed = useCallback(() => {
    const s = state.current;
    if (!s.id) return;
    const now = Date.now();
    if (!s.typing || now - s.lastSent >= REPEAT_MS) {
      say(s.id, true);
      s.typing = true;
      s.lastSent = now;
    }
    if (s.idle) clearTimeout(s.idle);
    s.idle = setTimeout(stopped, IDLE_MS);
  }, [say, stopped]);

  // Another target, or none: the previous one is no longer being written to.
  useEffect(() => {
    state.current.id = target;
    return () => stopped();
  }, [target, stopped]);

  return { typed, stopped };
}

/** The customer of a conversation sees the agent's three dots (conversation.typing). */
export function useAgentTyping(client: AgentClient, conversationId: string | null): { typed(): void; stopped(): void } {
  return useTypingNotice(client, conversationId, (id, typing) => void client.send('conversation.typing', { id, typing }).catch(() => {}));
}
