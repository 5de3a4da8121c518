import type { AgentActivity, AgentStatus } from '../protocol/model.js';
import { TransitionTable } from './transitions.js';

const STATUS_WORDS: Record<AgentStatus, string> = {
  'logged-out': 'logged out',
  available: 'available',
  paused: 'paused',
};

/**
 * Status: is the agent taking work at all. Paused -> paused is allowed so that
 * an agent can change the reason of a running pause.
 */
export const agentStatus = new TransitionTable<AgentStatus>(
  'agent status',
  {
    'logged-out': ['available', 'paused'],
    available: ['paused', 'logged-out'],
    paused: ['available', 'paused', 'logged-out'],
  },
  (from, to) => {
    if (from === to) return `You are already ${STATUS_WORDS[to]}.`;
    if (from === 'logged-out') return 'You are not logged in.';
    return `You cannot go from ${STATUS_WORDS[from]} to ${STATUS_WORDS[to]}.`;
  },
);

const ACTIVITY_WORDS: Record<AgentActivity, string> = {
  idle: 'idle',
  ringing: 'ringing',
  'on-call': 'on a call',
  'wrap-up': 'in wrap-up',
  previewing: 'previewing a lead',
};

/** Activity: what the agent is doing with a call, independent of status. */
export const agentActivity = new TransitionTable<AgentActivity>(
  'agent activity',
  {
    idle: ['ringing', 'on-call', 'previewing'],
    ringing: ['on-call', 'idle'],
    'on-call': ['wrap-up', 'idle'],
    'wrap-up': ['idle'],
    previewing: ['on-call', 'idle', 'previewing'],
  },
  (from, to) => `You cannot go from ${ACTIVITY_WORDS[from]} to ${ACTIVITY_WORDS[to]}.`,
);

export function describeActivity(activity: AgentActivity): string {
  return ACTIVITY_WORDS[activity];
}
