import type { HandlerContext } from '../context.js';
import { agentConfig } from '../config/lookup.js';

export function capacityOf(ctx: HandlerContext, agent: string, channel: string): number {
  return (agentConfig(ctx.config, agent)?.capacity as Record<string, number> | undefined)?.[channel] ?? 0;
}

/**
 * An agent's workload in percent: each active conversation weighs one over
 * the agent's capacity on its channel, summed across channels and queues.
 */
export function workloadOf(ctx: HandlerContext, agent: string): number {
  let used = 0;
  for (const [channel, ids] of ctx.conversations.activeOf(agent)) {
    const capacity = capacityOf(ctx, agent, channel);
    used += capacity > 0 ? ids.size / capacity : ids.size;
  }
  return Math.round(used * 100);
}
