import type { AgentConfig, Config, VoiceQueueConfig } from './schema.js';

interface Lookup {
  agents: Map<string, AgentConfig>;
  voiceQueues: Map<string, VoiceQueueConfig>;
  /** Agent numbers of each messaging queue, in configuration order. */
  messagingMembers: Map<string, string[]>;
  /** Agent numbers assigned to each campaign, in configuration order. */
  campaignMembers: Map<string, string[]>;
}

const cache = new WeakMap<Config, Lookup>();

/**
 * Indexes over the configuration, built once per configuration object: the
 * hot paths (routing a call, offering it, assignment, workload) must not
 * search the agent or queue list linearly: a call must cost the same in a
 * centre of 250 agents as in one of 4,000.
 */
function lookup(config: Config): Lookup {
  let found = cache.get(config);
  if (!found) {
    const messagingMembers = new Map<string, string[]>(config.messagingQueues.map((q) => [q.id, []]));
    for (const a of config.agents) for (const q of a.messagingQueues) messagingMembers.get(q)?.push(a.number);
    const campaignMembers = new Map<string, string[]>(config.campaigns.map((c) => [c.id, []]));
    for (const a of config.agents) for (const c of a.campaigns) campaignMembers.get(c)?.push(a.number);
    found = {
      agents: new Map(config.agents.map((a) => [a.number, a])),
      voiceQueues: new Map(config.voiceQueues.map((q) => [q.number, q])),
      messagingMembers,
      campaignMembers,
    };
    cache.set(config, found);
  }
  return found;
}

export function agentConfig(config: Config, number: string): AgentConfig | undefined {
  return lookup(config).agents.get(number);
}

/** A voice queue by number; none for a call that is in no queue (null). */
export function voiceQueueConfig(config: Config, number: string | null): VoiceQueueConfig | undefined {
  return number === null ? undefined : lookup(config).voiceQueues.get(number);
}

export function messagingMembers(config: Config, queue: string): readonly string[] {
  return lookup(config).messagingMembers.get(queue) ?? [];
}

/** The agents assigned to a campaign (configuration), whether working it now or not. */
export function campaignMembers(config: Config, campaign: string): readonly string[] {
  return lookup(config).campaignMembers.get(campaign) ?? [];
}
