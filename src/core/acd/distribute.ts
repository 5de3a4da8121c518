import type { HandlerContext } from '../context.js';
import type { Agent, Call } from '../protocol/model.js';
import { setActivity, setStatus } from '../state/agent-machines.js';
import { emptyStats } from '../queue-stats.js';
import { chooseAgents, type Candidate } from './choose.js';
import { deviceMayBeOffered, deviceReached } from '../calls/device-reach.js';
import { agentConfig, voiceQueueConfig } from '../config/lookup.js';
import { heldBackFrom } from './decline.js';

/** The pause reason given to an agent who misses too many offers in a row. */
export const NO_ANSWER_REASON = 'No answer';

/**
 * Offer waiting calls to free agents, oldest call first across all queues.
 * Runs at the end of every transaction that changed an agent or a call, so an
 * agent who becomes free (login, unpause, end of wrap-up) gets the next call
 * at once.
 */
export function distribute(ctx: HandlerContext): void {
  if (ctx.calls.idleAgents().size === 0) return;
  // With telephony down an offer cannot ring anything: callers wait until it is back.
  if (ctx.state.get('service', 'telephony')?.ready === false) return;
  // Queues none of whose free members can take a call now (their phones unreachable, say): their other
  // waiting calls are passed over without looking at every member again. Offers made in this pass only
  // take members away, so a queue found so stays so until the pass ends. Without this, a rush hour with
  // thousands waiting and a few idle agents that cannot be offered cost every transaction
  // waiting calls x members, and one turn of the event loop ran for seconds.
  const exhausted = new Set<string>();
  for (const call of ctx.calls.waitingCalls()) {
    if (ctx.calls.idleAgents().size === 0) return;
    if (!call.queue || exhausted.has(call.queue)) continue;
    const free = freeMembers(ctx, call.queue);
    if (free.length === 0) {
      exhausted.add(call.queue);
      continue;
    }
    const chosen = candidatesFor(ctx, call, free);
    if (chosen.length > 0) offer(ctx, call, chosen);
  }
}

/** The queue's members who may be offered a call now: idle, working the queue, their phone not in its wait. */
function freeMembers(ctx: HandlerContext, queue: string): Candidate[] {
  const idle = ctx.calls.idleAgents();
  const now = ctx.clock.now();
  const free: Candidate[] = [];
  for (const member of ctx.members.get(queue) ?? []) {
    if (!idle.has(member.agent)) continue;
    const agent = ctx.state.agent(member.agent)!;
    if (!agent.session?.voiceQueues.includes(queue)) continue;
    // A phone that could not be reached is left alone until its wait is over.
    if (!deviceMayBeOffered(agent, now)) continue;
    free.push({ member, agent });
  }
  return free;
}

/** Whom of the free members to ring for this call, by the queue's strategy. */
function candidatesFor(ctx: HandlerContext, call: Call, free: Candidate[]): Candidate[] {
  const queue = voiceQueueConfig(ctx.config, call.queue)!;
  let candidates = free;
  if (call.transfer?.kind === 'agent') {
    // A call transferred to one agent rings only that agent.
    return candidates.filter((c) => c.agent.id === call.transfer!.to);
  }
  // Who declined this call is not offered it again until their hold-back is over, even with nobody else free.
  const now = ctx.clock.now();
  if (call.declinedBy?.length) candidates = candidates.filter((c) => !heldBackFrom(call, c.agent.id, now));
  // Someone who just let this call ring out (or declined it) is tried again only if nobody else is free.
  const others = candidates.filter((c) => !call.offers.some((o) => o.agent === c.agent.id) && call.lastMissedBy !== c.agent.id);
  if (others.length > 0) candidates = others;
  const stats = ctx.state.stats(queue.number) ?? emptyStats(queue.number, '');
  const lastOrder = stats.lastOffered === null ? -1 : ((ctx.members.get(queue.number) ?? []).find((m) => m.agent === stats.lastOffered)?.order ?? -1);
  return chooseAgents(queue.strategy, candidates, lastOrder, () => ctx.random.next());
}

function offer(ctx: HandlerContext, call: Call, chosen: Candidate[]): void {
  const now = ctx.clock.now();
  const queue = voiceQueueConfig(ctx.config, call.queue)!;
  const offers = chosen.map((c) => ({ agent: c.agent.id, leg: ctx.random.id('leg-a'), at: now }));
  ctx.tx.put('call', { ...call, state: 'ringing', offers }, 'offered');
  for (const [i, c] of chosen.entries()) {
    ctx.tx.put('agent', setActivity(c.agent, 'ringing', now), 'offered');
    const config = agentConfig(ctx.config, c.agent.id)!;
    const device = { agent: c.agent.id, device: c.agent.session!.device, autoAnswer: config.autoAnswer };
    const leg = offers[i]!.leg;
    ctx.tx.afterCommit(() => ctx.telephony.offerAgentLeg(leg, call.customerLeg, device, call.caller));
  }
  // No day yet (''): the figures keeper dates them in this transaction.
  const stats = ctx.state.stats(queue.number) ?? emptyStats(queue.number, '');
  ctx.tx.put('queueStats', { ...stats, lastOffered: chosen[chosen.length - 1]!.agent.id });
  ctx.schedule(`ring:${call.id}`, now + queue.ringTimeoutSeconds * 1000, (later) => ringTimedOut(later, call.id));
}

/** Nobody answered in time: every ringing agent missed it; the call waits again. */
export function ringTimedOut(ctx: HandlerContext, callId: string): void {
  const call = ctx.state.call(callId);
  if (!call || call.state !== 'ringing') return;
  for (const o of call.offers) missed(ctx, call, o.agent, o.leg);
  const fresh = ctx.state.call(callId)!;
  const lastMissed = call.offers[call.offers.length - 1]?.agent;
  const transfer = fresh.transfer?.kind === 'agent' ? null : fresh.transfer;
  ctx.tx.put('call', { ...fresh, state: 'waiting', offers: [], transfer, lastMissedBy: lastMissed ?? null }, 'ring-timeout');
}

/**
 * One agent missed an offer (it rang out, or their phone gave up ringing):
 * their leg is released, they are idle again, and after too many misses in a
 * row they are paused with the reason "No answer" so callers stop being sent
 * to an empty desk. A declined offer is not one (acd/decline.ts).
 */
export function missed(ctx: HandlerContext, call: Call, agentId: string, leg: string): void {
  const agent = ctx.state.agent(agentId);
  ctx.tx.afterCommit(() => ctx.telephony.release(leg, 'no-answer'));
  if (!agent) return;
  const queue = voiceQueueConfig(ctx.config, call.queue);
  const now = ctx.clock.now();
  const missedOffers = agent.missedOffers + 1;
  // The phone rang: it is reachable, whatever it was before.
  let next: Agent = { ...(agent.activity === 'ringing' ? setActivity(agent, 'idle', now) : agent), ...deviceReached(agent), missedOffers };
  if (queue && queue.maxMissedOffers > 0 && missedOffers >= queue.maxMissedOffers && next.status !== 'logged-out') {
    next = { ...setStatus(next, 'paused', now, NO_ANSWER_REASON), missedOffers: 0 };
  }
  ctx.tx.put('agent', next, 'missed-offer');
  const fresh = ctx.state.call(call.id);
  if (fresh) ctx.tx.put('call', { ...fresh, offers: fresh.offers.filter((o) => o.agent !== agentId) });
}
