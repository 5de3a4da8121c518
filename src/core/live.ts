import type { Config } from './config/schema.js';
import type { Principal } from './context.js';
import { metricsId } from './metrics/day-metrics.js';
import { liveTopic } from './protocol/entities.js';
import type { EntityChange } from './protocol/events.js';
import type { EntityKind } from './protocol/model.js';
import type { State } from './state/state.js';

/**
 * The live topics (figures the gateway batches) a panel follows without
 * asking: what its first screen and its header show. An agent's own voice
 * queues, messaging queues (figures and the waiting preview) and campaigns;
 * a supervisor's dashboards, every queue's and campaign's. The day metrics of the agent and of their voice
 * queues (My Performance). Anything else is asked for (roster.subscribe,
 * stats.subscribe) while a screen shows it. The campaign the agent works
 * stays followed when a reload takes them out of it: their panel still shows
 * it (with the warning) until they choose another.
 */
export function defaultTopics(config: Config, state: State, principal: Principal): string[] {
  const all = principal.supervisor;
  const voice = all ? config.voiceQueues.map((q) => q.number) : principal.voiceQueues;
  const messaging = all ? config.messagingQueues.map((q) => q.id) : principal.queues;
  const working = state.agent(principal.agent)?.session?.campaign;
  const campaigns = all ? config.campaigns.map((c) => c.id) : [...new Set([...principal.campaigns, ...(working ? [working] : [])])];
  return [
    ...voice.map((id) => liveTopic('queueStats', { id })),
    ...messaging.map((id) => liveTopic('mqueueStats', { id })),
    ...messaging.map((id) => liveTopic('mqueueWaiting', { id })),
    ...campaigns.map((id) => liveTopic('campaignStats', { id })),
    liveTopic('metrics', { id: '', scope: `agent:${principal.agent}` }),
    ...principal.voiceQueues.map((q) => liveTopic('metrics', { id: '', scope: `vqueue:${q}` })),
  ];
}

/** The entity a topic stands for as it is now (today's, for metrics); undefined while there is none. */
export function currentOf(state: State, topic: string, today: string): EntityChange | undefined {
  const colon = topic.indexOf(':');
  const kind = topic.slice(0, colon) as EntityKind;
  const rest = topic.slice(colon + 1);
  const key = kind === 'metrics' ? metricsId(today, rest) : rest;
  const value = state.get(kind, key);
  return value ? { kind, key, value } : undefined;
}
