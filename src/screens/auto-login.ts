import { useEffect, useRef, useState } from 'react';
import type { AgentClient } from '../client/session.js';
import type { ClientError } from '../client/session.js';
import { formatClock } from '../ui/format.js';
import type { AppInfo } from './app-context.js';

/**
 * Logging in by itself at start (Settings > Application): once the link is
 * up, the session kept from last time is resumed with its token — the same
 * session, calls and chats as it was. A token that expired, or a session
 * that has ended since, is forgotten and the login screen says so, with the
 * agent's number filled in (the CLI prefills it). Returns that sentence.
 */
export function useAutoLogin(client: AgentClient, auto: AppInfo['autoLogin'], connection: string, session: string): string | null {
  const tried = useRef(false);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    if (!auto || tried.current || connection !== 'online' || session !== 'logged-out') return;
    tried.current = true;
    const saved = auto.keeper.saved();
    if (!saved || saved.server !== auto.server) return;
    if (saved.expiresAt <= client.store.serverNow()) {
      auto.keeper.clear();
      setNote(`Your saved login ran out at ${formatClock(saved.expiresAt, client.store.serverNow())}: log in again.`);
      return;
    }
    client.resume(saved.token).catch((e: ClientError) => {
      auto.keeper.clear();
      setNote(`Logging in by itself did not work: ${e.message}`);
    });
  }, [client, auto, connection, session]);
  return note;
}
