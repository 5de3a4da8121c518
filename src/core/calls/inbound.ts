import type { HandlerContext } from '../context.js';
import type { Call, ReleaseCause } from '../model.js';
import type { InboundLeg } from '../ports/telephony.js';

/**
 * A caller reaches a voice queue. Unknown numbers are refused on the leg (a
 * SIP adapter answers 404); known ones wait in the queue in arrival order.
 */
export function callArrived(ctx: HandlerContext, leg: InboundLeg): Call | null {
  const queue = ctx.config.voiceQueues.find((q) => q.number === leg.dialed);
  if (!queue) {
    ctx.tx.afterCommit(() => ctx.telephony.release(leg.legId, 'rejected'));
    return null;
  }
  const now = ctx.clock.now();
  return ctx.tx.put(
    'call',
    {
      id: ctx.random.id('call'),
      direction: 'inbound',
      queue: queue.number,
      campaign: null,
      caller: leg.from,
      erg: leg.erg,
      postCallSurvey: queue.postCallSurvey,
      state: 'waiting',
      customerLeg: leg.legId,
      agentLeg: null,
      agent: null,
      arrivedAt: now,
      answeredAt: null,
      endedAt: null,
      endCause: null,
    },
    'arrived',
  );
}

/**
 * A leg went away. A caller who hangs up while still waiting has abandoned;
 * the call is recorded as ended and leaves the live state.
 */
export function legReleased(ctx: HandlerContext, call: Call, legId: string, cause: ReleaseCause): void {
  const now = ctx.clock.now();
  const waiting = call.state === 'waiting' || call.state === 'ringing';
  const endCause: ReleaseCause = waiting && legId === call.customerLeg ? 'abandoned' : cause;
  const ended = ctx.tx.put('call', { ...call, state: 'ended', endedAt: now, endCause }, endCause);
  if (!ended.agent) ctx.tx.remove('call', ended.id, { supervisors: true }, endCause);
}

/** Calls cannot outlive the process that carried their media: end them at start. */
export function endCallsAfterRestart(ctx: HandlerContext): number {
  let ended = 0;
  const now = ctx.clock.now();
  for (const call of [...ctx.state.all('call')]) {
    if (call.state === 'ended') continue;
    ctx.tx.put('call', { ...call, state: 'ended', endedAt: now, endCause: 'service-restart' }, 'service-restart');
    ctx.tx.remove('call', call.id, { agents: call.agent ? [call.agent] : [], supervisors: true }, 'service-restart');
    ended++;
  }
  for (const agent of [...ctx.state.all('agent')]) {
    if (agent.activity !== 'idle') ctx.tx.put('agent', { ...agent, activity: 'idle', activitySince: now }, 'service-restart');
  }
  return ended;
}
