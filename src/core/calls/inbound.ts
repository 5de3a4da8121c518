import type { HandlerContext } from '../context.js';
import type { Call } from '../protocol/model.js';
import type { InboundLeg } from '../ports/telephony.js';
import { leaveList } from './call-record.js';
import { incomplete, settleAgent } from './completion.js';
import { newCall } from './new-call.js';
import { settleActivity } from '../state/agent-machines.js';
import { recogniseCaller } from '../contacts/links.js';
import { voiceQueueConfig } from '../config/lookup.js';

/**
 * A caller reaches a voice queue, dialled directly or through an Enhanced Ring
 * Group that forwards into it (the call then carries the group's name). Unknown
 * numbers are refused on the leg (a SIP adapter answers 404); known ones wait
 * in the queue in arrival order.
 */
export function callArrived(ctx: HandlerContext, leg: InboundLeg): Call | null {
  const ringGroup = ctx.config.ringGroups.find((g) => g.number === leg.dialed);
  const queueNumber = ringGroup?.queue ?? leg.dialed;
  const queue = voiceQueueConfig(ctx.config, queueNumber);
  if (!queue) {
    ctx.tx.afterCommit(() => ctx.telephony.release(leg.legId, 'rejected'));
    return null;
  }
  return ctx.tx.put(
    'call',
    newCall({
      id: ctx.random.id('call'),
      direction: 'inbound',
      queue: queue.number,
      caller: leg.from,
      // A group named by the telephony itself (a PBX in front of us) wins over our own.
      erg: leg.erg ?? ringGroup?.name ?? null,
      postCallSurvey: queue.postCallSurvey,
      state: 'waiting',
      customerLeg: leg.legId,
      arrivedAt: ctx.clock.now(),
      // A caller whose number is a contact's is that contact (their name, the screen pop's contact id).
      contact: recogniseCaller(ctx, leg.from.number),
    }),
    'arrived',
  );
}

/**
 * Calls cannot outlive the process that carried their media. At start, calls
 * still waiting or ringing are ended; calls that were answered end too but
 * stay on the agent's list for their disposition and form, so no agent's work
 * is lost; agents' activities are then put in line with their calls.
 */
export function endCallsAfterRestart(ctx: HandlerContext): number {
  let ended = 0;
  const now = ctx.clock.now();
  for (const call of [...ctx.state.all('call')]) {
    if (call.state === 'ended') continue;
    ended++;
    const gone = ctx.tx.put('call', { ...call, state: 'ended', endedAt: now, endCause: 'service-restart', offers: [] }, 'service-restart');
    // Through leaveList, so an answered call that owed nothing is kept in the Closed list too.
    if (call.answeredAt === null || !call.agent || !incomplete(gone)) leaveList(ctx, gone, 'service-restart');
  }
  for (const agent of [...ctx.state.all('agent')]) {
    if (agent.activity === 'idle') continue;
    if (agent.activity === 'ringing' || agent.activity === 'on-call') {
      // Whatever call they were on is gone; wrap-up if it owes a disposition.
      ctx.tx.put('agent', settleActivity(agent, 'wrap-up', now), 'service-restart');
    }
    settleAgent(ctx, agent.id);
  }
  return ended;
}
