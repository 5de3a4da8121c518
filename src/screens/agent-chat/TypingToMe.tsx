import { Text } from 'ink';
import React from 'react';
import type { AgentClient } from '../../client/session.js';
import type { ClientStore } from '../../client/store.js';
import { useRouter } from '../../keys/router.js';
import { useNow } from '../../ui/hooks.js';
import { useTheme } from '../../ui/ThemeContext.js';
import { REPEAT_MS } from '../chats/typing.js';
import { useAgentNames, useStore } from '../hooks.js';

/** A colleague who said they type and has not said it again for this long has stopped (they repeat it every REPEAT_MS). */
const STALE_MS = 2 * REPEAT_MS;

/**
 * Who is writing to the agent now: "Sam Rivera (supervisor)" — the manual's
 * Supervisor Typing Notification, and the same for any colleague.
 */
export function colleaguesTyping(store: ClientStore, now: number, only?: string): string[] {
  const out: string[] = [];
  for (const [from, at] of store.agentsTyping) {
    if (now - at > STALE_MS || (only !== undefined && from !== only)) continue;
    // Colleagues are in the store only while followed: their directory row names them otherwise.
    const role = store.get('agent', from)?.role ?? store.directoryRow(from)?.role;
    out.push(`${store.agentName(from) ?? from}${role === 'supervisor' ? ' (supervisor)' : ''}`);
  }
  return out.sort();
}

export function typingSentence(names: string[]): string {
  return names.length === 1 ? `✎ ${names[0]} is writing to you…` : `✎ ${names.slice(0, -1).join(', ')} and ${names.at(-1)} are writing to you…`;
}

/**
 * The line under the panel when nothing else is said there: a colleague (a
 * supervisor, named so) writing to the agent, wherever the agent is. Not
 * while a chat with a colleague is open: that chat says it itself.
 */
export function TypingToMe({ client }: { client: AgentClient }) {
  const theme = useTheme();
  const store = useStore(client);
  const router = useRouter();
  // Ticks only while someone types, to let a notice that was not repeated go (an idle panel runs no timer for it).
  const now = useNow(1000, undefined, store.agentsTyping.size > 0);
  // Who writes need not be followed: their directory rows (name, supervisor or not) are asked for.
  useAgentNames(client, [...store.agentsTyping.keys()]);
  const names = colleaguesTyping(store, now);
  const chatOpen = router.bound().some((b) => b.def.scope === 'agent-chat');
  if (names.length === 0 || chatOpen) return <Text> </Text>;
  return (
    <Text color={theme.accent} italic wrap="truncate">
      {typingSentence(names)} <Text color={theme.muted}>(Calls › Agents, m)</Text>
    </Text>
  );
}
