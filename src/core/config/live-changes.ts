import type { Config } from './schema.js';

/**
 * What may change in a running center without a restart: which queues and
 * campaigns each agent works in, and their capacity per channel. Those are
 * the supervisor's day-to-day moves (add an agent to a busy queue, take one
 * off a campaign) and the core follows them live. Anything else (a queue's
 * strategy, a new agent, a PIN) is read at start only.
 */
export const LIVE_AGENT_FIELDS = ['voiceQueues', 'messagingQueues', 'campaigns', 'capacity'] as const;

/** The paths of `next` that differ from `current` outside what may change live; empty when it may be applied. */
export function changesNeedingRestart(current: Config, next: Config): string[] {
  const paths: string[] = [];
  for (const key of new Set([...Object.keys(current), ...Object.keys(next)]) as Set<keyof Config>) {
    if (key === 'agents') continue;
    if (!same(current[key], next[key])) paths.push(key);
  }
  if (current.agents.length !== next.agents.length) {
    paths.push('agents (added or removed)');
    return paths;
  }
  current.agents.forEach((agent, i) => {
    const other = next.agents[i]!;
    for (const field of new Set([...Object.keys(agent), ...Object.keys(other)]) as Set<keyof typeof agent>) {
      if ((LIVE_AGENT_FIELDS as readonly string[]).includes(field)) continue;
      if (!same(agent[field], other[field])) paths.push(`agents[${i}].${field}`);
    }
  });
  return paths;
}

/** Which agents' live fields changed, by number. */
export function agentsChanged(current: Config, next: Config): string[] {
  return current.agents
    .filter((agent, i) => LIVE_AGENT_FIELDS.some((field) => !same(agent[field], next.agents[i]![field])))
    .map((a) => a.number);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
