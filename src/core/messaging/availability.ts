import type { Config } from '../config/schema.js';
import { messagingMembers } from '../config/lookup.js';
import type { State } from '../state/state.js';
import { isOpen } from './hours.js';
import { disconnectedPastGrace } from './status-change.js';
import type { Presence } from '../presence.js';

/**
 * Members of a messaging queue who are logged in to it and available, and not
 * disconnected past its grace: the agents a chat of it may go to.
 */
export function availableMembers(config: Config, state: State, queue: string, now: number, presence: Presence): string[] {
  const q = config.messagingQueues.find((m) => m.id === queue);
  return messagingMembers(config, queue).filter((number) => {
    const agent = state.agent(number);
    return agent?.session?.messagingQueues.includes(queue) && agent.status === 'available' && !(q && disconnectedPastGrace(presence.lostSince(number), q, now));
  });
}

/**
 * How many agents can answer a messaging queue's chats now: available members
 * (a paused agent is given no chat), within the queue's hours (outside them
 * nothing is assigned). A visitor is told this as "someone is there" or "no
 * one is available", never who.
 */
export function agentsOnline(config: Config, state: State, queue: string, now: number, presence: Presence): number {
  const q = config.messagingQueues.find((m) => m.id === queue);
  if (!q || !isOpen(q, now)) return 0;
  return availableMembers(config, state, queue, now, presence).length;
}
