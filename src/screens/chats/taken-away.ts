import { useEffect, useRef, useState } from 'react';
import type { Conversation } from '../../core/protocol/model.js';
import { useApp } from '../app-context.js';
import { useAgentNames, useOnChange, useStore } from '../hooks.js';
import { agentName, customerLabel, queueName } from './chats.js';
import type { DeskWords } from './notices.js';

/** How long a notice waits for the names of the agents it names before it says their numbers. */
const NAMES_WAIT_MS = 1500;

interface Moved {
  customer: string;
  /** The agent it went to, or null for a queue. */
  agent: string | null;
  queue: string;
  by: string | null;
  at: number;
}

/**
 * A conversation of mine that someone else moved away (a supervisor's
 * assign, or the server giving it to another agent): the agent is told.
 * Without it the chat left My Chats unsaid, and one open on screen stayed
 * there as it was when taken, the customer's next messages no longer
 * reaching it. One I transferred myself has its own toast, and a closed one
 * its own line. The names of the agents are learnt first (a colleague's
 * name is not always known to the panel), for a moment at most.
 */
export function useTakenAwayNotice({ me, mine, words }: { me: string; mine: Conversation[]; words: DeskWords }): void {
  const { client, toast } = useApp();
  const store = useStore(client);
  const held = useRef<Set<string> | null>(null);
  const [pending, setPending] = useState<Moved[]>([]);
  const goingOn = mine.filter((c) => c.status !== 'closed');
  useOnChange(goingOn.map((c) => c.id).join(','), () => {
    const before = held.current;
    held.current = new Set(goingOn.map((c) => c.id));
    // What was mine at login is the starting point, not news.
    if (before === null) return;
    const moved: Moved[] = [];
    for (const id of before) {
      if (held.current.has(id)) continue;
      const c = store.get('conversation', id);
      if (!c || c.status === 'closed' || c.agent === me) continue;
      const by = c.transfers.at(-1)?.by ?? null;
      if (by === me) continue;
      moved.push({ customer: customerLabel(c), agent: c.agent, queue: c.queue, by, at: Date.now() });
    }
    if (moved.length) setPending((p) => [...p, ...moved]);
  });

  const named = pending.flatMap((m) => [m.agent, m.by]).filter((id): id is string => Boolean(id));
  useAgentNames(client, named);
  // Drawn again when a name arrives (resolved) or the wait is over (waited).
  const resolved = named.map((id) => store.agentName(id) ?? '').join('|');
  const [waited, setWaited] = useState(0);
  useEffect(() => {
    if (pending.length === 0) return;
    const known = (id: string | null) => !id || store.agentName(id) !== undefined;
    const due = pending.filter((m) => (known(m.agent) && known(m.by)) || Date.now() - m.at >= NAMES_WAIT_MS);
    for (const m of due) toast(words.takenAway(m.customer, m.agent ? agentName(store, m.agent, me) : queueName(store.catalog, m.queue), m.by ? agentName(store, m.by, me) : null), 'warning');
    if (due.length) setPending((p) => p.filter((m) => !due.includes(m)));
    // Names that never come: said with the numbers once the wait is over.
    const timer = setTimeout(() => setWaited((n) => n + 1), NAMES_WAIT_MS);
    return () => clearTimeout(timer);
  }, [pending, resolved, waited, store, toast, words, me]);
}
