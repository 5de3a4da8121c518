import { useEffect, useReducer } from 'react';
import type { AgentClient } from '../client/session.js';

/** Re-render when the client's connection or session state changes. */
export function useClientState(client: AgentClient) {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => client.onChange(bump), [client]);
  return {
    connection: client.connection,
    session: client.session,
    brokenMessage: client.brokenMessage,
    queued: client.queued(),
  };
}

/** Re-render when the client's store changes (events, snapshot). */
export function useStore(client: AgentClient) {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => client.store.subscribe(bump), [client]);
  return client.store;
}
