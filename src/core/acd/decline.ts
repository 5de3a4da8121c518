import type { HandlerContext } from '../context.js';
import type { Agent, Call } from '../protocol/model.js';
import { setActivity, setStatus } from '../state/agent-machines.js';
import { deviceReached } from '../calls/device-reach.js';
import { voiceQueueConfig } from '../config/lookup.js';

/**
 * A declined offer (x in the panel, or the phone answered busy or reject) is
 * the agent's choice, not a desk nobody is at: unlike a missed offer
 * (distribute.ts `missed`) it does not count toward the "No answer" pause.
 * The call goes to the next free agent at once, and the agent who declined
 * is not offered that same call again for the queue's `declineRetrySeconds`,
 * as FreeSWITCH mod_callcenter keeps its reject delay apart from its
 * no-answer delay; their other calls still reach them. A centre that wants to
 * limit declines sets `maxDeclinedOffers`, a pause of its own.
 *
 * The hold-back timers are not armed again after a restart: every call ends
 * at a restart (calls/inbound.ts `endCallsAfterRestart`), so no declined call
 * is left waiting for one.
 */

/** The pause reason of an agent who declined `count` offers in a row, in words. */
export function declinedPauseReason(count: number): string {
  return count === 1 ? 'Declined 1 call' : `Declined ${count} calls`;
}

/** Whether the agent declined this call and may not be offered it yet. */
export function heldBackFrom(call: Call, agentId: string, now: number): boolean {
  return (call.declinedBy ?? []).some((d) => d.agent === agentId && d.until > now);
}

/** The agent declines their offer of the call: their leg goes, they are idle, and the call is kept from them a while. */
export function declined(ctx: HandlerContext, call: Call, agentId: string, leg: string): void {
  ctx.tx.afterCommit(() => ctx.telephony.release(leg, 'rejected'));
  const fresh = ctx.state.call(call.id);
  const queue = voiceQueueConfig(ctx.config, call.queue);
  const now = ctx.clock.now();
  const holdBackMs = (queue?.declineRetrySeconds ?? 0) * 1000;
  if (fresh) {
    const others = (fresh.declinedBy ?? []).filter((d) => d.agent !== agentId && d.until > now);
    const declinedBy = holdBackMs > 0 ? [...others, { agent: agentId, until: now + holdBackMs }] : others;
    ctx.tx.put('call', { ...fresh, offers: fresh.offers.filter((o) => o.agent !== agentId), declinedBy, declines: (fresh.declines ?? 0) + 1 });
    if (holdBackMs > 0) ctx.schedule(`decline:${call.id}:${agentId}`, now + holdBackMs, (later) => holdBackOver(later, call.id, agentId));
  }
  const agent = ctx.state.agent(agentId);
  if (!agent) return;
  const declinedOffers = (agent.declinedOffers ?? 0) + 1;
  // The phone rang (or the agent declined): it is reachable, whatever it was before.
  let next: Agent = { ...(agent.activity === 'ringing' ? setActivity(agent, 'idle', now) : agent), ...deviceReached(agent), declinedOffers };
  if (queue && queue.maxDeclinedOffers > 0 && declinedOffers >= queue.maxDeclinedOffers && next.status !== 'logged-out') {
    next = { ...setStatus(next, 'paused', now, declinedPauseReason(declinedOffers)), declinedOffers: 0 };
  }
  ctx.tx.put('agent', next, 'declined-offer');
}

/**
 * The hold-back is over: the agent is dropped from the call's list, and that
 * change runs distribution, so a caller nobody else could take is offered to
 * them again now rather than at the next unrelated event.
 */
function holdBackOver(ctx: HandlerContext, callId: string, agentId: string): void {
  const call = ctx.state.call(callId);
  const now = ctx.clock.now();
  const over = (d: { agent: string; until: number }) => d.agent === agentId && d.until <= now;
  // A call answered meanwhile needs nothing: nobody will be offered it again.
  if (!call || (call.state !== 'waiting' && call.state !== 'ringing') || !call.declinedBy?.some(over)) return;
  ctx.tx.put('call', { ...call, declinedBy: call.declinedBy.filter((d) => !over(d)) }, 'decline-hold-back-over');
}
