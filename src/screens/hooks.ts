import { useEffect, useEffectEvent, useReducer } from 'react';
import type { AgentClient, FollowArgs, FollowKind } from '../client/session.js';

/** Re-render when the client's connection or session state changes. */
export function useClientState(client: AgentClient) {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => client.onChange(bump), [client]);
  return {
    connection: client.connection,
    session: client.session,
    brokenMessage: client.brokenMessage,
    endedElsewhere: client.endedElsewhere,
    resumeRefused: client.resumeRefused,
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

/**
 * Follow live, while this component is on screen, what it shows: colleagues'
 * states (roster) or queues' figures beyond the panel's own (stats), under
 * the view name in `args`. A change of scope asks again; leaving the screen
 * (or null) stops it, and the server stops sending them.
 */
export function useFollow<K extends FollowKind>(client: AgentClient, kind: K, args: FollowArgs[K] | null): void {
  const key = args ? JSON.stringify(args) : '';
  useEffect(() => {
    if (!key) return;
    const asked = JSON.parse(key) as FollowArgs[K];
    client.follow(kind, asked);
    return () => client.unfollow(kind, asked.view);
  }, [client, kind, key]);
}

/**
 * Names of the agents a component names (not their state): the ones the
 * panel does not know yet are asked for once. Returns a lookup that falls
 * back to the number until the name is there.
 */
export function useAgentNames(client: AgentClient, ids: ReadonlyArray<string | null | undefined>): (id: string) => string {
  const key = [...new Set(ids.filter((id): id is string => Boolean(id)))].sort().join(',');
  useEffect(() => {
    if (key) client.learnAgents(key.split(','));
  }, [client, key]);
  return (id) => client.store.agentName(id) ?? id;
}
