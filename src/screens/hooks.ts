import { useEffect, useEffectEvent, useReducer } from 'react';
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

/**
 * React to a change: run `react` after the first render and after each render
 * in which `key` changed. The key says what is watched (the ids of the calls
 * ringing, of the chats assigned); whatever else `react` reads it reads as it
 * is in that render, without watching it.
 */
export function useOnChange(key: string, react: () => void): void {
  const run = useEffectEvent(react);
  useEffect(() => {
    run();
  }, [key]);
}
