import { useEffect, useState } from 'react';
import { useApp } from '../app-context.js';
import { useAgentNames, useStore } from '../hooks.js';

/** How long a notice waits for the names of the agents it names before it says their numbers. */
const NAMES_WAIT_MS = 1500;

/** A notice to give, with the agents it names (a colleague's name is not always known to the panel). */
export interface NamedNotice {
  agents: Array<string | null>;
  say: () => void;
}

/**
 * Notices that name colleagues ("Sam Rivera moved…", "…transferred to you
 * by…"): the names the panel lacks are learnt first, and each notice is
 * given once its names are known, or with the numbers after 1.5 s at most.
 * Returns how to queue notices.
 */
export function useNamedNotices(): (notices: NamedNotice[]) => void {
  const { client } = useApp();
  const store = useStore(client);
  const [pending, setPending] = useState<Array<NamedNotice & { at: number }>>([]);
  const named = pending.flatMap((n) => n.agents).filter((id): id is string => Boolean(id));
  useAgentNames(client, named);
  // Drawn again when a name arrives (resolved) or the wait is over (waited).
  const resolved = named.map((id) => store.agentName(id) ?? '').join('|');
  const [waited, setWaited] = useState(0);
  useEffect(() => {
    if (pending.length === 0) return;
    const known = (id: string | null) => !id || store.agentName(id) !== undefined;
    const due = pending.filter((n) => n.agents.every(known) || Date.now() - n.at >= NAMES_WAIT_MS);
    for (const n of due) n.say();
    if (due.length) setPending((p) => p.filter((n) => !due.includes(n)));
    // Names that never come: said with the numbers once the wait is over.
    const timer = setTimeout(() => setWaited((n) => n + 1), NAMES_WAIT_MS);
    return () => clearTimeout(timer);
  }, [pending, resolved, waited, store]);
  return (notices) => {
    if (notices.length) setPending((p) => [...p, ...notices.map((n) => ({ ...n, at: Date.now() }))]);
  };
}
