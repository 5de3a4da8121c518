import { useRef } from 'react';
import type { AgentChat } from '../../core/protocol/model.js';
import { useApp } from '../app-context.js';
import { useAgentNames, useOnChange, useStore } from '../hooks.js';
import { useAnnounce } from '../announce.js';

/**
 * A colleague's message reaches the agent wherever they are in the panel: a
 * toast with its first words, the bell and a desktop notification, unless the
 * chat with that colleague is open on screen. What was there at login was
 * seen before: only what arrives afterwards is announced.
 */
export function useAgentChatNotices(me: string, openWith: string | null): void {
  const { client } = useApp();
  const announce = useAnnounce('colleague');
  const store = useStore(client);
  const chats = store.list('agentChat');
  // The colleagues I chat with are named in the notices.
  useAgentNames(client, chats.flatMap((c) => c.members));
  const latest = useRef<Map<string, number> | null>(null);
  const key = chats.map((c) => `${c.id}@${c.messages.at(-1)?.at ?? 0}`).join(',');
  useOnChange(key, () => {
    const lastAt = (c: AgentChat) => c.messages.at(-1)?.at ?? 0;
    if (latest.current === null) {
      latest.current = new Map(chats.map((c) => [c.id, lastAt(c)]));
      return;
    }
    for (const chat of chats) {
      const before = latest.current.get(chat.id) ?? 0;
      latest.current.set(chat.id, lastAt(chat));
      const fresh = chat.messages.filter((m) => m.at > before && m.from !== me && m.from !== openWith);
      const last = fresh.at(-1);
      if (!last) continue;
      const name = store.agentName(last.from) ?? last.from;
      const text = `${name} writes: ${last.text.split('\n')[0]}`;
      announce(text);
    }
  });
}
