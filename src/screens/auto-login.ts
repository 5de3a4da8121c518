import { useEffect, useRef, useState } from 'react';
import { TOKEN_GONE, type AgentClient } from '../client/session.js';
import type { ClientError } from '../client/session.js';
import { formatClock } from '../ui/format.js';
import type { AppInfo } from './app-context.js';

/** How long after a refusal for now (the agent's connections full) logging in by itself is tried again. */
export const AUTO_LOGIN_RETRY_MS = 5_000;

/**
 * Logging in by itself at start (Settings > Application): once the link is
 * up, the session kept from last time is resumed with its token — the same
 * session, calls and chats as it was. A token that expired, or a session
 * that has ended since, is forgotten and the login screen says so, with the
 * agent's number filled in (the CLI prefills it). A refusal for now
 * (TOO_MANY_SESSIONS) keeps the token, says why, and tries again shortly.
 * Returns that sentence.
 */
export function useAutoLogin(client: AgentClient, auto: AppInfo['autoLogin'], connection: string, session: string): string | null {
  const tried = useRef(false);
  const [note, setNote] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const retry = useRef<NodeJS.Timeout | null>(null);
  useEffect(() => () => void (retry.current && clearTimeout(retry.current)), []);
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
    client.resume(saved.token).then(
      () => setNote(null),
      (e: ClientError) => {
        if (TOKEN_GONE.has(e.code)) {
          auto.keeper.clear();
          setNote(`Logging in by itself did not work: ${e.message}`);
          return;
        }
        // The token still holds (the agent's connections full, the link gone a moment): asked again shortly.
        setNote(`Not logged in by itself yet: ${e.message} Trying again in ${AUTO_LOGIN_RETRY_MS / 1000} s.`);
        retry.current = setTimeout(() => {
          tried.current = false;
          setRound((n) => n + 1);
        }, AUTO_LOGIN_RETRY_MS);
      },
    );
  }, [client, auto, connection, session, round]);
  return note;
}
