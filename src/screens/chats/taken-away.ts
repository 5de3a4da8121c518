import { useRef } from 'react';
import type { Conversation } from '../../core/protocol/model.js';
import { useApp } from '../app-context.js';
import { useOnChange, useStore } from '../hooks.js';
import { agentName, customerLabel, queueName } from './chats.js';
import { useNamedNotices } from './named-notices.js';
import type { DeskWords } from './notices.js';

/**
 * A conversation of mine that someone else moved away (a supervisor's
 * assign, or the server giving it to another agent): the agent is told who
 * moved it and where (names learnt first, useNamedNotices), and `onTakenAway`
 * hears which, so the desk can stop showing one that no longer updates.
 * Without it the chat left My Chats unsaid. One I transferred myself has its
 * own toast, and a closed one its own line.
 */
export function useTakenAwayNotice({ me, mine, words, onTakenAway }: { me: string; mine: Conversation[]; words: DeskWords; onTakenAway: (id: string) => void }): void {
  const { client, toast } = useApp();
  const store = useStore(client);
  const held = useRef<Set<string> | null>(null);
  const tell = useNamedNotices();
  const goingOn = mine.filter((c) => c.status !== 'closed');
  useOnChange(goingOn.map((c) => c.id).join(','), () => {
    const before = held.current;
    held.current = new Set(goingOn.map((c) => c.id));
    // What was mine at login is the starting point, not news.
    if (before === null) return;
    const moved: Conversation[] = [];
    for (const id of before) {
      if (held.current.has(id)) continue;
      const c = store.get('conversation', id);
      if (!c || c.status === 'closed' || c.agent === me) continue;
      if (c.transfers.at(-1)?.by === me) continue;
      moved.push(c);
    }
    for (const c of moved) onTakenAway(c.id);
    tell(
      moved.map((c) => {
        const by = c.transfers.at(-1)?.by ?? null;
        const to = c.agent;
        return {
          agents: [to, by],
          say: () => toast(words.takenAway(customerLabel(c), to ? agentName(store, to, me) : queueName(store.catalog, c.queue), by ? agentName(store, by, me) : null), 'warning'),
        };
      }),
    );
  });
}
