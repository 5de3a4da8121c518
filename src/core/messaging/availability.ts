import type { Config } from '../config/schema.js';
import { messagingMembers } from '../config/lookup.js';
import type { State } from '../state/state.js';
import { isOpen } from './hours.js';

/** Members of a messaging queue who are logged in to it and available: the agents a chat of it may go to. */
export function availableMembers(config: Config, state: State, queue: string): string[] {
  return messagingMembers(config, queue).filter((number) => {
    const agent = state.agent(number);
    return agent?.session?.messagingQueues.includes(queue) && agent.status === 'available';
  });
}

/**
 * How many agents can answer a messaging queue's chats now: available members
 * (a paused agent is given no chat), within the queue's hours (outside them
 * nothing is assigned). A visitor is told this as "someone is there" or "no
 * one is available", never who.
 */
export function agentsOnline(config: Config, state: State, queue: string, now: number): number {
  const q = config.messagingQueues.find((m) => m.id === queue);
  if (!q || !isOpen(q, now)) return 0;
  return availableMembers(config, state, queue).length;
}
