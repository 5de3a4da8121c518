import type { VoiceQueueConfig } from '../config/schema.js';
import type { Agent } from '../protocol/model.js';
import type { QueueMember } from './members.js';

export interface Candidate {
  member: QueueMember;
  agent: Agent;
}

/**
 * Which of the free members of a queue to ring, by the queue's strategy.
 * Only the lowest penalty present is considered (higher penalties are rung
 * only when no lower one is free), as Asterisk queues do.
 */
export function chooseAgents(
  strategy: VoiceQueueConfig['strategy'],
  candidates: Candidate[],
  /** Round-robin memory: the configuration position of the member offered last. */
  lastOrder: number,
  random: () => number,
): Candidate[] {
  if (candidates.length === 0) return [];
  const best = Math.min(...candidates.map((c) => c.member.penalty));
  const tier = candidates.filter((c) => c.member.penalty === best).sort((a, b) => a.member.order - b.member.order);
  switch (strategy) {
    case 'ring-all':
      return tier;
    case 'linear':
      return [tier[0]!];
    case 'random':
      return [tier[Math.floor(random() * tier.length)]!];
    case 'longest-idle':
      // Idle since the end of their last call (or their login): the smallest activitySince.
      return [tier.reduce((a, b) => (b.agent.activitySince < a.agent.activitySince ? b : a))];
    case 'fewest-calls':
      return [
        tier.reduce((a, b) =>
          b.agent.callsAnswered < a.agent.callsAnswered ||
          (b.agent.callsAnswered === a.agent.callsAnswered && b.agent.activitySince < a.agent.activitySince)
            ? b
            : a,
        ),
      ];
    case 'round-robin': {
      // The next member after the one offered last time, wrapping round.
      return [tier.find((c) => c.member.order > lastOrder) ?? tier[0]!];
    }
  }
}
