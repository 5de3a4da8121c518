import type { Agent, AgentActivity, AgentStatus, MachineState } from '../protocol/model.js';
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

/**
 * Activity: what the agent is doing with a call, independent of status.
 *
 * Settling puts the activity in line with the agent's calls (settleAgent, and
 * the restart, whose calls ended with the process): on a call, ringing,
 * wrap-up or idle, from whatever it was. That is how a restart moves a ringing
 * agent to wrap-up, which no call does (an agent cannot wrap up a call they
 * never answered): they pass through it so that the settling which follows
 * sees any call that still owes its disposition. A session starts idle,
 * whatever the activity was when the last one ended.
 */
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
  ['on-call', 'ringing', 'wrap-up', 'idle'],
);

export function describeActivity(activity: AgentActivity): string {
  return ACTIVITY_WORDS[activity];
}

// The only place that makes a MachineState: everything below went through a table.
const statusOf = (s: AgentStatus) => s as MachineState<AgentStatus>;
const activityOf = (a: AgentActivity) => a as MachineState<AgentActivity>;

/** An agent of the configuration before any login: logged out and idle, both since `at`. */
export function configuredAgentState(at: number): Pick<Agent, 'status' | 'statusSince' | 'pauseReason' | 'activity' | 'activitySince'> {
  return { status: statusOf('logged-out'), statusSince: at, pauseReason: null, activity: activityOf('idle'), activitySince: at };
}

/** The agent after a status move the table allows (a TransitionError otherwise); the status's timer starts now. */
export function setStatus(agent: Agent, to: AgentStatus, now: number, pauseReason: string | null): Agent {
  return { ...agent, status: statusOf(agentStatus.check(agent.status, to)), statusSince: now, pauseReason };
}

/** A running pause with a new reason: the pause goes on from when it began (the banner shows how long the agent has been away). */
export function changePauseReason(agent: Agent, reason: string): Agent {
  return { ...agent, status: statusOf(agentStatus.check(agent.status, 'paused')), pauseReason: reason };
}

/** The agent after an activity move the table allows (a TransitionError otherwise); the activity's timer starts now. */
export function setActivity(agent: Agent, to: AgentActivity, now: number): Agent {
  return { ...agent, activity: activityOf(agentActivity.check(agent.activity, to)), activitySince: now };
}

/** The agent's activity put in line with their calls (settling: see agentActivity); its timer starts now. */
export function settleActivity(agent: Agent, to: AgentActivity, now: number): Agent {
  return { ...agent, activity: activityOf(agentActivity.settle(agent.activity, to)), activitySince: now };
}

/** A session starts: the status chosen at login (from logged out), idle, both timers from now. */
export function startSession(agent: Agent, as: AgentStatus, pauseReason: string | null, now: number): Agent {
  return { ...agent, status: statusOf(agentStatus.check('logged-out', as)), statusSince: now, pauseReason, activity: activityOf('idle'), activitySince: now };
}

/** The session ends: logged out (from whatever status the table allows it); the activity's timer starts again. */
export function endSession(agent: Agent, now: number): Agent {
  return { ...setStatus(agent, 'logged-out', now, null), activitySince: now };
}
