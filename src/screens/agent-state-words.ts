import type { Agent, AgentActivity, AgentStatus, Call } from '../core/protocol/model.js';
import { myCalls } from './calls/calls.js';

/**
 * The words for an agent's own state, the header's: its headline and, beside
 * it, the status. Profile reads them too (in sentence case), so it never says
 * "Available" while the header says ON CALL.
 */
const STATUS_WORD: Record<AgentStatus, string> = { 'logged-out': 'LOGGED OUT', available: 'AVAILABLE', paused: 'PAUSED' };

// Looked up through a plain word: the agent's own status is the state machine's (MachineState), which indexes no record.
export const statusWord = (status: AgentStatus) => STATUS_WORD[status];

export interface ActivityHeadline {
  word: string;
  tone: 'accent' | 'warning' | 'danger';
  /** When it began, where not the activity's own start (a hold). */
  since?: number;
}

/**
 * What the agent is doing, when it is more than their status: the header's
 * headline (ON CALL, ON HOLD, RINGING, RINGING OUT, WRAP-UP, PREVIEWING), with the status
 * beside it. Idle, the status is the headline.
 */
export function activityHeadline(agent: Agent, calls: Call[]): ActivityHeadline | null {
  // The plain word: a switch over the state machine's own type (MachineState) is not seen as exhaustive.
  const activity: AgentActivity = agent.activity;
  switch (activity) {
    case 'idle':
      return null;
    case 'ringing':
      return { word: 'RINGING', tone: 'danger' };
    case 'on-call': {
      const mine = myCalls(calls, agent.id).filter((c) => c.agent === agent.id);
      const held = mine.find((c) => c.state === 'on-hold');
      // Timed from the hold, as the call's own ON HOLD is: the time since the call began would contradict it.
      if (held) return { word: 'ON HOLD', tone: 'warning', since: held.holdStartedAt ?? undefined };
      // The core counts an agent busy from the moment they dial: until the other end answers, nobody is on the line with them.
      if (mine.length > 0 && mine.every((c) => c.state === 'ringing')) return { word: 'RINGING OUT', tone: 'accent' };
      return { word: 'ON CALL', tone: 'accent' };
    }
    case 'wrap-up':
      return { word: 'WRAP-UP', tone: 'warning' };
    case 'previewing':
      return { word: 'PREVIEWING', tone: 'accent' };
  }
}

/** A header word as a row of text reads it: "ON CALL" as "On call". */
export const sentenceCase = (word: string) => word.charAt(0) + word.slice(1).toLowerCase();
