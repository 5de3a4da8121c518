import type { AgentConfig, Config } from './schema.js';

interface Lookup {
  agents: Map<string, AgentConfig>;
  /** Agent numbers of each messaging queue, in configuration order. */
  messagingMembers: Map<string, string[]>;
}

const cache = new WeakMap<Config, Lookup>();

/**
 * Indexes over the configuration, built once per configuration object: the
 * hot paths (assignment, workload) must not search the agent list linearly.
 */
function lookup(config: Config): Lookup {
  let found = cache.get(config);
  if (!found) {
    const messagingMembers = new Map<string, string[]>(config.messagingQueues.map((q) => [q.id, []]));
    for (const a of config.agents) for (const q of a.messagingQueues) messagingMembers.get(q)?.push(a.number);
    found = { agents: new Map(config.agents.map((a) => [a.number, a])), messagingMembers };
    cache.set(config, found);
  }
  return found;
}

export function agentConfig(config: Config, number: string): AgentConfig | undefined {
  return lookup(config).agents.get(number);
}

export function messagingMembers(config: Config, queue: string): readonly string[] {
  return lookup(config).messagingMembers.get(queue) ?? [];
}
