import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import { agentStatus } from '../state/agent-machines.js';

/** agent.pause: stop taking new work, with one of the configured reasons. */
export function pause(ctx: HandlerContext, principal: Principal, reason: string) {
  if (!ctx.config.pauseReasons.includes(reason)) {
    throw new CoreError(
      'UNKNOWN_PAUSE_REASON',
      `"${reason}" is not one of the pause reasons: ${ctx.config.pauseReasons.join(', ')}.`,
    );
  }
  const agent = ctx.state.agent(principal.agent)!;
  if (agent.status === 'paused' && agent.pauseReason === reason) {
    throw new CoreError('ALREADY_PAUSED', `You are already paused (${reason}).`);
  }
  const now = ctx.clock.now();
  const status = agentStatus.check(agent.status, 'paused');
  // Changing the reason of a running pause keeps its start time: the banner
  // shows how long the agent has been away, not since the last edit.
  const statusSince = agent.status === 'paused' ? agent.statusSince : now;
  return { agent: ctx.tx.put('agent', { ...agent, status, statusSince, pauseReason: reason }, 'pause') };
}

/** agent.unpause: back to available. */
export function unpause(ctx: HandlerContext, principal: Principal) {
  const agent = ctx.state.agent(principal.agent)!;
  const now = ctx.clock.now();
  const status = agentStatus.check(agent.status, 'available');
  return { agent: ctx.tx.put('agent', { ...agent, status, statusSince: now, pauseReason: null }, 'unpause') };
}
