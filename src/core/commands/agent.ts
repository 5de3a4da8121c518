import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import { changePauseReason, setStatus } from '../state/agent-machines.js';

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
  // Changing the reason of a running pause keeps its start time: the banner
  // shows how long the agent has been away, not since the last edit.
  const paused = agent.status === 'paused' ? changePauseReason(agent, reason) : setStatus(agent, 'paused', ctx.clock.now(), reason);
  return { agent: ctx.tx.put('agent', paused, 'pause') };
}

/** agent.unpause: back to available. */
export function unpause(ctx: HandlerContext, principal: Principal) {
  const agent = ctx.state.agent(principal.agent)!;
  return { agent: ctx.tx.put('agent', setStatus(agent, 'available', ctx.clock.now(), null), 'unpause') };
}
