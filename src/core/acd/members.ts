import type { Config } from '../config/schema.js';

export interface QueueMember {
  agent: string;
  penalty: number;
  /** Position in the configuration: the order linear and round-robin follow. */
  order: number;
}

/** Each voice queue's members, from the agents' queue lists. */
export function queueMembers(config: Config): Map<string, QueueMember[]> {
  const members = new Map<string, QueueMember[]>(config.voiceQueues.map((q) => [q.number, []]));
  config.agents.forEach((agent, order) => {
    for (const m of agent.voiceQueues) {
      const queue = typeof m === 'string' ? m : m.queue;
      const penalty = typeof m === 'string' ? 0 : m.penalty;
      members.get(queue)?.push({ agent: agent.number, penalty, order });
    }
  });
  return members;
}
