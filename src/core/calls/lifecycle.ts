import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import type { Call, ReleaseCause } from '../protocol/model.js';
import { setActivity } from '../state/agent-machines.js';
import { missed } from '../acd/distribute.js';
import { declined } from '../acd/decline.js';
import { settleAgent, completeIfDone } from './completion.js';
import { findCall } from './find.js';
import { fillScreenPop } from './screen-pop.js';
import { deviceReached } from './device-reach.js';
import { leaveList } from './call-record.js';
import { voiceQueueConfig } from '../config/lookup.js';
import { myDevice } from './dial.js';

/** An offered agent takes the call (from the panel, or their phone went off-hook). */
export function answerOffer(ctx: HandlerContext, call: Call, agentId: string): Call {
  const offer = call.offers.find((o) => o.agent === agentId);
  if (!offer) throw new CoreError('NOT_YOUR_CALL', `Call ${call.id} is not ringing for you.`);
  const now = ctx.clock.now();
  ctx.cancel(`ring:${call.id}`);
  for (const other of call.offers) {
    if (other.agent === agentId) continue;
    ctx.tx.afterCommit(() => ctx.telephony.release(other.leg, 'normal'));
    const a = ctx.state.agent(other.agent);
    if (a && a.activity === 'ringing') ctx.tx.put('agent', setActivity(a, 'idle', now), 'answered-elsewhere');
  }
  const agent = ctx.state.agent(agentId)!;
  const queue = voiceQueueConfig(ctx.config, call.queue);
  const dispositions = queue?.dispositions ? (ctx.config.dispositions[queue.dispositions] ?? []) : [];
  const answered = ctx.tx.put(
    'call',
    {
      ...call,
      state: 'on-call',
      agent: agentId,
      agentLeg: offer.leg,
      offers: [],
      answeredAt: now,
      needsDisposition: dispositions.length > 0,
      needsForm: Boolean(queue?.feedbackForm),
      screenPopUrl: queue?.screenPopUrl ? fillScreenPop(queue.screenPopUrl, call, queue.name, agentId) : null,
    },
    'answered',
  );
  ctx.tx.put(
    'agent',
    {
      ...setActivity(agent, 'on-call', now),
      callsAnswered: agent.callsAnswered + (call.queue ? 1 : 0),
      missedOffers: 0,
      declinedOffers: 0,
      ...deviceReached(agent),
    },
    'answered',
  );
  if (call.peerCall) connectPeer(ctx, call.peerCall, now);
  // A queue with `record` has its calls recorded by telephony that can (the simulator).
  const record = Boolean(queue?.record);
  ctx.tx.afterCommit(() => (record ? ctx.telephony.bridge(call.customerLeg, offer.leg, { record }) : ctx.telephony.bridge(call.customerLeg, offer.leg)));
  return answered;
}

/** The caller side of a call between two agents goes live when the callee answers. */
function connectPeer(ctx: HandlerContext, peerId: string, now: number): void {
  const peer = ctx.state.call(peerId);
  if (peer && peer.state === 'ringing') ctx.tx.put('call', { ...peer, state: 'on-call', answeredAt: now }, 'answered');
}

export function answer(ctx: HandlerContext, who: Principal, callId: string | undefined) {
  const call = findCall(ctx, who, callId, 'answer');
  const agent = ctx.state.agent(who.agent);
  // Taken as answered, a call whose phone never went off-hook would be dropped when the phone gave up ringing.
  if (agent && call.offers.some((o) => o.agent === who.agent) && ctx.telephony.answersFromPanel?.(myDevice(ctx, agent)) === false)
    throw new CoreError('ANSWER_ON_PHONE', 'Lift the handset to answer: your deskphone cannot be answered from the panel (its auto-answer is off).');
  return { call: answerOffer(ctx, call, who.agent) };
}

export function hold(ctx: HandlerContext, who: Principal, callId: string | undefined) {
  const call = findCall(ctx, who, callId, 'control');
  if (call.state !== 'on-call') throw new CoreError('CALL_STATE', call.state === 'on-hold' ? 'The call is already on hold.' : 'Only a call in progress can be held.');
  ctx.tx.afterCommit(() => ctx.telephony.hold(call.customerLeg));
  return { call: ctx.tx.put('call', { ...call, state: 'on-hold', holdStartedAt: ctx.clock.now() }, 'held') };
}

export function resume(ctx: HandlerContext, who: Principal, callId: string | undefined) {
  const call = findCall(ctx, who, callId, 'control');
  if (call.state !== 'on-hold') throw new CoreError('CALL_STATE', 'The call is not on hold.');
  ctx.tx.afterCommit(() => ctx.telephony.resume(call.customerLeg));
  return { call: ctx.tx.put('call', resumed(call, ctx.clock.now()), 'resumed') };
}

function resumed(call: Call, now: number): Call {
  return { ...call, state: 'on-call', holdMs: call.holdMs + (call.holdStartedAt ? now - call.holdStartedAt : 0), holdStartedAt: null };
}

/** Hang up a call in progress, or decline one that is ringing for you. */
export function hangup(ctx: HandlerContext, who: Principal, callId: string | undefined) {
  const ringing = callId ? ctx.state.call(callId) : ctx.calls.callsOf(who.agent).find((c) => c.state === 'ringing' && c.offers.some((o) => o.agent === who.agent));
  if (ringing && ringing.state === 'ringing' && ringing.offers.some((o) => o.agent === who.agent)) {
    declineOffer(ctx, ringing, who.agent);
    return { declined: true };
  }
  const call = findCall(ctx, who, callId, 'control');
  return { call: endCall(ctx, call, 'normal', { releaseCustomer: true, releaseAgent: true }) };
}

/** A ringing agent declines (or their phone answers busy or reject): their choice, not a missed offer (acd/decline.ts). */
export function declineOffer(ctx: HandlerContext, call: Call, agentId: string): void {
  const offer = call.offers.find((o) => o.agent === agentId);
  if (!offer) return;
  declined(ctx, call, agentId, offer.leg);
  offerGone(ctx, call.id, agentId, 'declined');
}

/** A ringing agent's phone gave up ringing before the queue did: a missed offer, as if it had rung out. */
export function missOffer(ctx: HandlerContext, call: Call, agentId: string): void {
  const offer = call.offers.find((o) => o.agent === agentId);
  if (!offer) return;
  missed(ctx, call, agentId, offer.leg);
  offerGone(ctx, call.id, agentId, 'missed');
}

/** With the last offer gone, a colleague's call ends as rejected; any other goes back to waiting. */
function offerGone(ctx: HandlerContext, callId: string, agentId: string, why: 'declined' | 'missed'): void {
  const fresh = ctx.state.call(callId)!;
  if (fresh.offers.length > 0) return;
  ctx.cancel(`ring:${callId}`);
  if (fresh.direction === 'internal') {
    endCall(ctx, fresh, 'rejected', { releaseCustomer: true, releaseAgent: false });
    return;
  }
  // A call transferred to this agent falls back to its queue, as when it rings out.
  const transfer = fresh.transfer?.kind === 'agent' ? null : fresh.transfer;
  ctx.tx.put('call', { ...fresh, state: 'waiting', transfer, lastMissedBy: agentId }, why);
}

/**
 * A call ends. An answered queue or campaign call stays on the agent's list
 * until its disposition and form are in (the completion rule) and the agent
 * is in wrap-up meanwhile; anything else leaves the list at once.
 */
export function endCall(ctx: HandlerContext, call: Call, cause: ReleaseCause, release: { releaseCustomer: boolean; releaseAgent: boolean }): Call {
  const now = ctx.clock.now();
  ctx.cancel(`ring:${call.id}`);
  if (release.releaseCustomer) ctx.tx.afterCommit(() => ctx.telephony.release(call.customerLeg, cause));
  if (release.releaseAgent && call.agentLeg) ctx.tx.afterCommit(() => ctx.telephony.release(call.agentLeg!, cause));
  const ended = ctx.tx.put('call', { ...resumed(call, now), state: 'ended', endedAt: now, endCause: cause, offers: [] }, cause);
  if (call.peerCall) {
    const peer = ctx.state.call(call.peerCall);
    if (peer && peer.state !== 'ended') endCall(ctx, { ...peer, peerCall: null }, cause, { releaseCustomer: false, releaseAgent: false });
  }
  for (const o of call.offers) {
    ctx.tx.afterCommit(() => ctx.telephony.release(o.leg, cause));
    const a = ctx.state.agent(o.agent);
    if (a && a.activity === 'ringing') ctx.tx.put('agent', setActivity(a, 'idle', now), cause);
  }
  if (!call.agent || call.answeredAt === null) {
    leaveList(ctx, ended, cause);
    if (call.agent) settleAgent(ctx, call.agent);
    return ended;
  }
  const agent = ctx.state.agent(call.agent);
  if (agent) {
    const queue = voiceQueueConfig(ctx.config, call.queue);
    const wrapUpUntil = now + (queue?.wrapUpSeconds ?? 0) * 1000;
    const inWrapUp = agent.activity === 'wrap-up';
    const needsWrapUp = Boolean(queue) && (ended.needsDisposition || ended.needsForm || wrapUpUntil > now);
    if (needsWrapUp || inWrapUp) {
      ctx.tx.put(
        'agent',
        {
          // Already in wrap-up (a second call ended): it goes on from when it began.
          ...(inWrapUp ? agent : setActivity(agent, 'wrap-up', now)),
          wrapUpUntil: Math.max(agent.wrapUpUntil ?? 0, wrapUpUntil),
        },
        'wrap-up',
      );
      if (wrapUpUntil > now) ctx.schedule(`wrapup:${agent.id}`, wrapUpUntil, (later) => settleAgent(later, agent.id));
    }
  }
  completeIfDone(ctx, ended);
  if (agent) settleAgent(ctx, agent.id);
  return ended;
}
