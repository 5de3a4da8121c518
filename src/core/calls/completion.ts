import type { HandlerContext } from '../context.js';
import type { Call } from '../protocol/model.js';
import { settleActivity } from '../state/agent-machines.js';
import { leaveList } from './call-record.js';

/** Whether a call still owes its disposition or its feedback form. */
export function incomplete(call: Call): boolean {
  return (call.needsDisposition && !call.disposition) || (call.needsForm && !call.form);
}

/** An ended call whose disposition and form are in leaves the agent's list (and is kept as a call record). */
export function completeIfDone(ctx: HandlerContext, call: Call): boolean {
  if (call.state !== 'ended' || incomplete(call)) return false;
  leaveList(ctx, call, 'completed');
  return true;
}

/**
 * Put the agent's activity in line with their calls: on a call, ringing,
 * wrap-up (a call owes its disposition or form, or the queue's wrap-up time
 * has not run out), or idle — only then can the next queue call be offered.
 */
export function settleAgent(ctx: HandlerContext, agentId: string): void {
  const agent = ctx.state.agent(agentId);
  if (!agent) return;
  const now = ctx.clock.now();
  const calls = ctx.calls.callsOf(agentId);
  const live = calls.some((c) => c.agent === agentId && (c.state === 'on-call' || c.state === 'on-hold' || c.state === 'ringing'));
  const ringing = calls.some((c) => c.state === 'ringing' && c.offers.some((o) => o.agent === agentId));
  const owing = calls.some((c) => c.agent === agentId && c.state === 'ended' && incomplete(c));
  const wrapping = agent.wrapUpUntil !== null && now < agent.wrapUpUntil;
  const activity = live ? 'on-call' : ringing ? 'ringing' : owing || (wrapping && agent.activity === 'wrap-up') ? 'wrap-up' : 'idle';
  if (activity === agent.activity) return;
  ctx.tx.put(
    'agent',
    { ...settleActivity(agent, activity, now), wrapUpUntil: activity === 'idle' ? null : agent.wrapUpUntil },
    activity === 'idle' ? 'ready' : activity,
  );
  if (activity === 'idle') ctx.cancel(`wrapup:${agentId}`);
}
